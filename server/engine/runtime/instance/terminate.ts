/**
 * The end of an instance: completed (its process ended; a calling instance is told, with the
 * child's variables) or terminated (cancelled, or its error was caught by a calling instance).
 * Termination works on the runtime state alone, so cancelling needs no bpmn-engine recovery.
 */
import type { Batch } from '../batch';
import type { LiveInstance } from './live-instance';
import type { InstanceInfo, InstanceState } from './state';

export function instanceCompleted(inst: LiveInstance): void {
  if (inst.ended) return;
  inst.ended = 'COMPLETED';
  const batch = inst.batch;
  // A terminate end event stops what is still running: those element instances are terminated.
  for (const [exec, rec] of Object.entries(inst.state.els)) {
    if (!inst.state.els[exec]) continue;
    inst.closeWait(exec);
    inst.finish(exec, rec, 'TERMINATED');
  }
  batch.processEnd = { state: 'COMPLETED', endDate: batch.now };
  batch.snapshot = null;
  const parent = inst.state.parent;
  if (parent) {
    batch.outbox.push({
      kind: 'child-completed',
      parent: { ...parent, ancestors: inst.state.ancestors.slice(1) },
      variables: inst.scopes.local(inst.info.key),
    });
  }
}

/** Terminates every active element instance and everything waiting in the instance. */
export function terminateState(info: InstanceInfo, state: InstanceState, batch: Batch): void {
  for (const rec of Object.values(state.els)) {
    batch.elementInstances.set(rec.k, {
      key: rec.k,
      processInstanceKey: info.key,
      processDefinitionKey: info.processDefinitionKey,
      bpmnProcessId: info.bpmnProcessId,
      elementId: rec.e,
      elementName: rec.e,
      type: rec.t,
      state: 'TERMINATED',
      startDate: rec.d,
      endDate: batch.now,
      flowScopeKey: rec.s,
      tenantId: info.tenantId,
    });
  }
  for (const wait of Object.values(state.waits)) {
    if (wait.child) batch.outbox.push({ kind: 'terminate', processInstanceKey: wait.child });
  }
  batch.terminateAll = true;
  batch.processEnd = { state: 'TERMINATED', endDate: batch.now };
  batch.snapshot = null;
}
