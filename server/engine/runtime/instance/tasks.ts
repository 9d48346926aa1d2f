/**
 * Runtime tasks (service, send, user, receive, script, call activity): what waiting means for
 * each, how completion applies variables, multi-instance iterations and BPMN errors.
 */
import { invalidState } from '../../errors';
import { evaluateAttribute, ExpressionError, isExpression } from '../../feel/feel';
import type { ElementInfo } from '../../model/types';
import { evaluateInputs } from '../mappings';
import type { ExecContent } from '../behaviours/bpmn';
import type { TaskWaiter } from '../behaviours/hooks';
import { applyOutputs, CalledElementError, guarded, raiseIncident } from './apply';
import { catchesInModel, catchingAncestor, findCatcher, uncaughtMessage } from './catching';
import { openSubscription } from './events';
import type { LiveInstance } from './live-instance';
import type { ElementRecord } from './state';

export function taskStarted(
  inst: LiveInstance,
  content: ExecContent,
  waiter: TaskWaiter,
  resumed: boolean,
): void {
  const execId = content.executionId;
  const info = inst.elementInfo(content.id)!;
  inst.waiters.set(execId, { kind: 'task', content, waiter });
  if (resumed && inst.state.waits[execId]) return;
  let rec = inst.state.els[execId];
  if (!rec && content.isMultiInstance) {
    const bodyExec = content.parent!.executionId;
    const body = inst.state.els[bodyExec]!;
    rec = inst.activate(execId, info, body.k);
    const index = content.index ?? 0;
    const item = inst.state.mi[bodyExec]?.[index] ?? null;
    inst.scopes.setLocal(rec.k, 'loopCounter', index + 1);
    if (info.loop?.inputElement) inst.scopes.setLocal(rec.k, info.loop.inputElement, item);
  }
  if (!rec) throw new Error(`task ${content.id} started without an element instance`);
  startTask(inst, execId, rec, info, waiter);
}

/** Applies input mappings and creates what the task waits for; an expression failure is an incident. */
export function startTask(
  inst: LiveInstance,
  execId: string,
  rec: ElementRecord,
  info: ElementInfo,
  waiter: TaskWaiter,
) {
  const vis = () => inst.scopes.visible(rec.k);
  let immediate: Record<string, unknown> | undefined;
  const ok = guarded(inst, execId, rec, 'task', 'IO_MAPPING_ERROR', () => {
    if (info.inputs.length) inst.scopes.setLocals(rec.k, evaluateInputs(info.inputs, vis(), inst.now));
  });
  if (!ok) return;
  const started = guarded(inst, execId, rec, 'task', 'EXTRACT_VALUE_ERROR', () => {
    if (info.job) createJob(inst, execId, rec, info, vis);
    else if (info.userTask) createUserTask(inst, execId, rec, info, vis);
    else if (info.message) openSubscription(inst, execId, rec, info, true);
    else if (info.script)
      immediate = {
        [info.script.resultVariable]: evaluateAttribute(info.script.expression, 'any', vis, inst.now),
      };
    else if (info.callActivity) callProcess(inst, execId, rec, info, vis);
  });
  if (!started) {
    const wait = inst.state.waits[execId];
    if (wait && info.callActivity) wait.step = 'task';
    return;
  }
  if (immediate) completeWith(inst, execId, rec, info, immediate, waiter);
}

function createJob(
  inst: LiveInstance,
  execId: string,
  rec: ElementRecord,
  info: ElementInfo,
  vis: () => Record<string, unknown>,
) {
  const job = info.job!;
  const type = evaluateAttribute(job.type, 'string', vis, inst.now) as string;
  const retries = evaluateAttribute(job.retries, 'number', vis, inst.now) as number;
  const key = inst.ctx.keys.take();
  inst.batch.jobs.push({
    key,
    type,
    retries,
    customHeaders: job.headers,
    elementId: info.id,
    elementInstanceKey: rec.k,
    processInstanceKey: inst.info.key,
    processDefinitionKey: inst.info.processDefinitionKey,
    bpmnProcessId: inst.info.bpmnProcessId,
    version: inst.info.version,
    scopeKeys: inst.scopes.chain(rec.k),
    tenantId: inst.info.tenantId,
  });
  inst.state.waits[execId] = { owner: rec.k, job: key };
}

function createUserTask(
  inst: LiveInstance,
  execId: string,
  rec: ElementRecord,
  info: ElementInfo,
  vis: () => Record<string, unknown>,
) {
  const ut = info.userTask!;
  const opt = (raw: string | undefined, expected: 'string' | 'strings' | 'datetime' | 'number') =>
    raw === undefined ? undefined : evaluateAttribute(raw, expected, vis, inst.now);
  const priority = (opt(ut.priority, 'number') as number | undefined) ?? 50;
  if (!Number.isInteger(priority) || priority < 0 || priority > 100) {
    throw new ExpressionError(`Expected priority to be an integer between 0 and 100, but was '${priority}'`);
  }
  const key = inst.ctx.keys.take();
  inst.batch.userTasks.push({
    key,
    elementInstanceKey: rec.k,
    processInstanceKey: inst.info.key,
    processDefinitionKey: inst.info.processDefinitionKey,
    bpmnProcessId: inst.info.bpmnProcessId,
    tenantId: inst.info.tenantId,
    version: inst.info.version,
    processName: inst.info.processName,
    elementId: info.id,
    name: info.name || info.id,
    assignee: (opt(ut.assignee, 'string') as string | undefined) || null,
    candidateGroups: (opt(ut.candidateGroups, 'strings') as string[] | undefined) ?? [],
    candidateUsers: (opt(ut.candidateUsers, 'strings') as string[] | undefined) ?? [],
    dueDate: (opt(ut.dueDate, 'datetime') as string | undefined) ?? null,
    followUpDate: (opt(ut.followUpDate, 'datetime') as string | undefined) ?? null,
    priority,
    customHeaders: ut.headers,
    externalFormReference: ut.externalFormReference ?? null,
    scopeKeys: inst.scopes.chain(rec.k),
  });
  inst.state.waits[execId] = { owner: rec.k, userTask: key };
}

function callProcess(
  inst: LiveInstance,
  execId: string,
  rec: ElementRecord,
  info: ElementInfo,
  vis: () => Record<string, unknown>,
) {
  const call = info.callActivity!;
  const processId = isExpression(call.processId)
    ? (evaluateAttribute(call.processId, 'string', vis, inst.now) as string)
    : call.processId;
  const def = inst.ctx.models.latest(processId, inst.info.tenantId);
  if (!def) {
    throw new CalledElementError(
      `Expected process with BPMN process id '${processId}' to be deployed, but not found.`,
    );
  }
  if (!def.model.starts.some((s) => s.kind === 'none')) {
    throw new CalledElementError(
      `Expected process with BPMN process id '${processId}' to have a none start event, but not found.`,
    );
  }
  const childKey = inst.ctx.keys.take();
  inst.batch.outbox.push({
    kind: 'start-child',
    childKey,
    definitionKey: def.key,
    parent: {
      processInstanceKey: inst.info.key,
      elementInstanceKey: rec.k,
      execId,
      ancestors: [
        {
          processInstanceKey: inst.info.key,
          processDefinitionKey: inst.info.processDefinitionKey,
          elementId: info.id,
          elementInstanceKey: rec.k,
          execId,
        },
        ...inst.state.ancestors,
      ],
    },
    variables: call.propagateAllParentVariables ? vis() : inst.scopes.local(rec.k),
  });
  inst.state.waits[execId] = { owner: rec.k, child: childKey };
}

/**
 * Completes a task with the variables of its trigger (job, user task, message, script result,
 * child instance): output mappings, the multi-instance output element, then on with the flow.
 */
export function completeWith(
  inst: LiveInstance,
  execId: string,
  rec: ElementRecord,
  info: ElementInfo,
  vars: Record<string, unknown>,
  waiter: TaskWaiter,
): void {
  const live = inst.waiters.get(execId);
  const content = live?.content;
  const inner = !!content?.isMultiInstance;
  const ok = guarded(
    inst,
    execId,
    rec,
    'complete',
    'IO_MAPPING_ERROR',
    () => {
      if (info.callActivity && !info.callActivity.propagateAllChildVariables) {
        // Only what the output mappings take from the child's variables reaches the parent.
        inst.scopes.setLocals(rec.k, vars);
        applyOutputs(inst, rec, info);
      } else {
        applyOutputs(inst, rec, info, vars);
      }
      if (inner && info.loop?.outputCollection) {
        const body = inst.state.els[content!.parent!.executionId]!;
        const element = info.loop.outputElement
          ? evaluateAttribute(info.loop.outputElement, 'any', () => inst.scopes.visible(rec.k), inst.now)
          : null;
        const collection = [...((inst.scopes.local(body.k)[info.loop.outputCollection] as unknown[]) ?? [])];
        collection[content!.index ?? 0] = element;
        inst.scopes.setLocal(body.k, info.loop.outputCollection, collection);
      }
    },
    vars,
  );
  if (!ok) return;
  if (inner) inst.finish(execId, rec, 'COMPLETED');
  else delete inst.state.waits[execId];
  inst.waiters.delete(execId);
  waiter.complete({});
}

/** A task's trigger arrived (job or user task completed, child instance completed). */
export function completeTask(
  inst: LiveInstance,
  elementInstanceKey: string,
  vars: Record<string, unknown>,
): void {
  const execId = inst.execOfKey(elementInstanceKey);
  const live = execId && inst.waiters.get(execId);
  if (!execId || !live || live.kind !== 'task') {
    throw invalidState(
      `Expected element instance '${elementInstanceKey}' to be waiting in process instance '${inst.info.key}', but it is not`,
    );
  }
  const rec = inst.state.els[execId]!;
  completeWith(inst, execId, rec, inst.elementInfo(rec.e)!, vars, live.waiter);
}

export type ThrowOutcome = 'caught' | 'propagated' | 'incident';

/** A BPMN error thrown by a task's job (or a called instance): caught here, further up, or an incident. */
export function throwFromTask(
  inst: LiveInstance,
  elementInstanceKey: string,
  code: string,
  message: string,
  vars: Record<string, unknown>,
  jobKey: string | null,
): ThrowOutcome {
  const execId = inst.execOfKey(elementInstanceKey);
  const live = execId && inst.waiters.get(execId);
  if (!execId || !live || live.kind !== 'task') {
    throw invalidState(
      `Expected element instance '${elementInstanceKey}' to be waiting in process instance '${inst.info.key}', but it is not`,
    );
  }
  const rec = inst.state.els[execId]!;
  const catcher = findCatcher(inst.model, rec.e, code);
  if (catcher) {
    inst.state.triggers['@error'] = vars;
    delete inst.state.waits[execId];
    if (catcher.kind === 'boundary') live.waiter.throwError(code, message);
    else live.waiter.throwToEventSubProcess(catcher.element.errorRefId, code, message);
    return 'caught';
  }
  if (catchingAncestor(inst.ctx.models, inst.state.ancestors, code) >= 0) {
    inst.propagateError(code, message, vars);
    return 'propagated';
  }
  raiseIncident(inst, rec, 'UNHANDLED_ERROR_EVENT', uncaughtMessage(code, message), jobKey);
  return 'incident';
}

export function errorEndReached(
  inst: LiveInstance,
  content: ExecContent,
  proceed: () => void,
  resumed: boolean,
) {
  const execId = content.executionId;
  inst.waiters.set(execId, { kind: 'error-end', content, proceed });
  if (resumed && inst.state.waits[execId]) return;
  const rec = inst.state.els[content.parent?.executionId ?? ''];
  const code = (rec && inst.elementInfo(rec.e)?.errorCode) ?? '';
  if (!rec || catchesInModel(inst.model, rec.e, code)) return proceed();
  if (catchingAncestor(inst.ctx.models, inst.state.ancestors, code) >= 0) {
    inst.propagateError(code, '', {});
    return;
  }
  const incident = raiseIncident(inst, rec, 'UNHANDLED_ERROR_EVENT', uncaughtMessage(code, ''));
  inst.state.waits[execId] = { owner: rec.k, incident, step: 'error-end' };
}

export function taskDiscarded(inst: LiveInstance, content: ExecContent): void {
  inst.closeWait(content.executionId);
  const rec = inst.state.els[content.executionId];
  if (rec && content.isMultiInstance) inst.finish(content.executionId, rec, 'TERMINATED');
}

export function loopStarting(
  inst: LiveInstance,
  content: ExecContent,
  proceed: () => void,
  resumed: boolean,
): void {
  const bodyExec = content.executionId;
  inst.waiters.set(bodyExec, { kind: 'loop', content, proceed });
  if (resumed && inst.state.mi[bodyExec]) return proceed();
  if (resumed && inst.state.waits[bodyExec]?.incident) return;
  const body = inst.state.els[bodyExec]!;
  const info = inst.elementInfo(content.id)!;
  const ok = guarded(inst, bodyExec, body, 'loop', 'EXTRACT_VALUE_ERROR', () => {
    const items = evaluateAttribute(
      info.loop!.inputCollection,
      'list',
      () => inst.scopes.visible(body.k),
      inst.now,
    );
    inst.state.mi[bodyExec] = items as unknown[];
    const out = info.loop!.outputCollection;
    if (out)
      inst.scopes.setLocal(
        body.k,
        out,
        (items as unknown[]).map(() => null),
      );
  });
  if (ok) {
    delete inst.state.waits[bodyExec];
    proceed();
  }
}

/** The input collection bpmn-elements asks for, as evaluated once by `loopStarting`. */
export function loopCollection(
  inst: LiveInstance,
  _expression: string,
  content: ExecContent | undefined,
): unknown {
  return (content && inst.state.mi[content.executionId]) ?? [];
}
