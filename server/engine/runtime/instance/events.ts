/**
 * Timers, message subscriptions and conditional gateways inside an instance: creating what an
 * event waits for (owned by the right element instance), triggering it, and closing it when the
 * event is discarded.
 */
import { evaluateAttribute, ExpressionError, isExpression } from '../../feel/feel';
import { nextDue, scheduleOf, TimerValueError } from '../../model/timer-spec';
import type { ElementInfo } from '../../model/types';
import type { ExecContent } from '../behaviours/bpmn';
import type { EventWaiter, GatewayWaiter } from '../behaviours/hooks';
import { guarded } from './apply';
import type { LiveInstance } from './live-instance';
import type { ElementRecord } from './state';

/** The element instance an event's wait belongs to (Zeebe's semantics). */
function ownerOf(inst: LiveInstance, info: ElementInfo, content: ExecContent): ElementRecord | undefined {
  const eventExec = content.parent?.executionId ?? '';
  const own = inst.state.els[eventExec];
  if (own) return own;
  const scopeParent = content.parent?.path?.[0];
  const flowScope = scopeParent
    ? inst.scopeOfParent({ ...scopeParent, executionId: scopeParent.executionId })
    : inst.info.key;
  const hostId = info.attachedTo ?? info.followsEventGateway;
  if (!hostId) return undefined;
  const host = inst.activeIn(hostId, flowScope)?.rec;
  if (host) return host;
  return Object.values(inst.state.els).find((r) => r.e === hostId);
}

function eventContext(inst: LiveInstance, content: ExecContent) {
  const info = inst.elementInfo(content.parent?.id ?? content.id) ?? inst.elementInfo(content.id);
  if (!info) throw new Error(`unknown event ${content.id}`);
  const owner = ownerOf(inst, info, content);
  if (!owner) throw new Error(`event ${info.id} has no owning element instance`);
  return { info, owner };
}

export function timerStarted(
  inst: LiveInstance,
  content: ExecContent,
  waiter: EventWaiter,
  resumed: boolean,
): void {
  const execId = content.executionId;
  inst.waiters.set(execId, { kind: 'timer', content, waiter });
  if (resumed && inst.state.waits[execId]) return;
  const { info, owner } = eventContext(inst, content);
  guarded(inst, execId, owner, 'timer', 'EXTRACT_VALUE_ERROR', () => {
    const spec = info.timer!;
    const cycleKey = `${info.id}|${owner.k}`;
    let schedule = inst.state.cycles[cycleKey];
    delete inst.state.cycles[cycleKey];
    if (!schedule) {
      const value = isExpression(spec.value)
        ? String(evaluateAttribute(spec.value, 'string', () => inst.scopes.visible(owner.k), inst.now))
        : spec.value;
      try {
        const s = scheduleOf(spec.kind, value, inst.now);
        schedule = { due: s.due, repetitions: s.repetitions, cycle: s.cycle ?? '' };
      } catch (err) {
        if (err instanceof TimerValueError) throw new ExpressionError(err.message);
        throw err;
      }
    }
    const key = inst.ctx.keys.take();
    inst.batch.timers.push({
      key,
      processInstanceKey: inst.info.key,
      processDefinitionKey: inst.info.processDefinitionKey,
      elementInstanceKey: owner.k,
      elementId: info.id,
      execId,
      dueDate: schedule.due,
      repetitions: schedule.repetitions,
      cycle: schedule.cycle || null,
      tenantId: inst.info.tenantId,
    });
    inst.state.waits[execId] = { owner: owner.k, timer: key };
  });
}

/** A due timer fires. Returns false when nothing waits for it any more. */
export function fireTimer(
  inst: LiveInstance,
  timerKey: string,
  due: number,
  repetitions: number,
  cycle: string | null,
) {
  const execId = Object.keys(inst.state.waits).find((e) => inst.state.waits[e]!.timer === timerKey);
  const live = execId && inst.waiters.get(execId);
  inst.batch.timersClosed.push({ key: timerKey, state: 'TRIGGERED' });
  if (!execId || !live || live.kind !== 'timer') return false;
  const wait = inst.state.waits[execId]!;
  delete inst.state.waits[execId];
  inst.waiters.delete(execId);
  const info = inst.elementInfo(live.content.parent?.id ?? live.content.id)!;
  const output: Record<string, unknown> = {};
  if (cycle && repetitions !== 1 && info.elementType === 'BOUNDARY_EVENT' && !info.cancelActivity) {
    const left = repetitions === -1 ? -1 : repetitions - 1;
    inst.state.cycles[`${info.id}|${wait.owner}`] = { due: nextDue(cycle, due), repetitions: left, cycle };
    output['@repeat'] = left;
  }
  live.waiter.trigger(output);
  return true;
}

export function messageStarted(
  inst: LiveInstance,
  content: ExecContent,
  waiter: EventWaiter,
  resumed: boolean,
): void {
  const execId = content.executionId;
  inst.waiters.set(execId, { kind: 'message', content, waiter });
  if (resumed && inst.state.waits[execId]) return;
  const { info, owner } = eventContext(inst, content);
  const interrupting = info.elementType !== 'BOUNDARY_EVENT' || info.cancelActivity !== false;
  guarded(inst, execId, owner, 'message', 'EXTRACT_VALUE_ERROR', () =>
    openSubscription(inst, execId, owner, info, interrupting),
  );
}

export function openSubscription(
  inst: LiveInstance,
  execId: string,
  owner: ElementRecord,
  info: ElementInfo,
  interrupting: boolean,
): void {
  const vis = () => inst.scopes.visible(owner.k);
  const message = info.message!;
  const name = evaluateAttribute(message.name, 'string', vis, inst.now) as string;
  const correlationKey = evaluateAttribute(message.correlationKey, 'string', vis, inst.now) as string;
  const key = inst.ctx.keys.take();
  inst.batch.subscriptions.push({
    key,
    processInstanceKey: inst.info.key,
    processDefinitionKey: inst.info.processDefinitionKey,
    bpmnProcessId: inst.info.bpmnProcessId,
    tenantId: inst.info.tenantId,
    elementInstanceKey: owner.k,
    elementId: info.id,
    execId,
    messageName: name,
    correlationKey,
    interrupting,
  });
  inst.state.waits[execId] = { owner: owner.k, sub: key };
}

/** A message correlates to a subscription of this instance. Returns false when it is gone. */
export function correlate(
  inst: LiveInstance,
  subscriptionKey: string,
  vars: Record<string, unknown>,
): boolean {
  const execId = Object.keys(inst.state.waits).find((e) => inst.state.waits[e]!.sub === subscriptionKey);
  const live = execId && inst.waiters.get(execId);
  if (!execId || !live) return false;
  inst.batch.subscriptionsClosed.push({ key: subscriptionKey, state: 'CORRELATED' });
  if (live.kind === 'task') {
    const rec = inst.state.els[execId]!;
    delete inst.state.waits[execId]!.sub;
    inst.completeTaskExec(execId, rec, vars);
    return true;
  }
  if (live.kind !== 'message') return false;
  const info = inst.elementInfo(live.content.parent?.id ?? live.content.id)!;
  delete inst.state.waits[execId];
  inst.waiters.delete(execId);
  inst.state.triggers[live.content.parent?.executionId ?? execId] = vars;
  const repeat =
    info.elementType === 'BOUNDARY_EVENT' && info.cancelActivity === false ? { '@repeat': -1 } : {};
  live.waiter.trigger(repeat);
  return true;
}

export function eventDiscarded(inst: LiveInstance, content: ExecContent): void {
  inst.closeWait(content.executionId);
}

export function gatewayStarted(
  inst: LiveInstance,
  content: ExecContent,
  outgoing: string[],
  waiter: GatewayWaiter,
  resumed: boolean,
): void {
  const execId = content.executionId;
  inst.waiters.set(execId, { kind: 'gateway', content, outgoing, waiter });
  if (resumed && inst.state.waits[execId]?.incident) return;
  const rec = inst.state.els[execId]!;
  const info = inst.elementInfo(content.id)!;
  let taken: string[] = [];
  const ok = guarded(inst, execId, rec, 'gateway', 'CONDITION_ERROR', () => {
    taken = chooseFlows(inst, rec, info, outgoing);
  });
  if (!ok) return;
  delete inst.state.waits[execId];
  inst.waiters.delete(execId);
  waiter.take(taken);
}

function chooseFlows(
  inst: LiveInstance,
  rec: ElementRecord,
  info: ElementInfo,
  outgoing: string[],
): string[] {
  const vis = () => inst.scopes.visible(rec.s);
  if (outgoing.length === 1 && !inst.model.flows.get(outgoing[0]!)?.condition) return outgoing;
  const taken: string[] = [];
  for (const id of outgoing) {
    if (id === info.defaultFlow) continue;
    const condition = inst.model.flows.get(id)?.condition;
    const value = condition
      ? evaluateAttribute(condition.startsWith('=') ? condition : `=${condition}`, 'boolean', vis, inst.now)
      : true;
    if (value === true) {
      taken.push(id);
      if (info.elementType === 'EXCLUSIVE_GATEWAY') break;
    }
  }
  if (taken.length) return taken;
  if (info.defaultFlow) return [info.defaultFlow];
  throw new ExpressionError('Expected at least one condition to evaluate to true, or to have a default flow');
}
