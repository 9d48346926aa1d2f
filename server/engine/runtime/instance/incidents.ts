/**
 * Resolving an incident that blocks an execution: the blocked step (input mappings, job or
 * user-task creation, output mappings, timer, subscription, gateway conditions, multi-instance
 * collection, uncaught error end) is tried again with the variables as they are now.
 */
import { errorEndReached, completeWith, loopStarting, startTask } from './tasks';
import { gatewayStarted, messageStarted, timerStarted } from './events';
import type { LiveInstance } from './live-instance';

export function retryBlockedStep(inst: LiveInstance, incidentKey: string): void {
  inst.batch.incidentsResolved.push({ key: incidentKey });
  const execId = Object.keys(inst.state.waits).find((e) => inst.state.waits[e]!.incident === incidentKey);
  if (!execId) return;
  const wait = inst.state.waits[execId]!;
  const { step, vars } = wait;
  delete wait.incident;
  delete wait.step;
  delete wait.vars;
  if (!wait.job && !wait.userTask && !wait.sub && !wait.timer && !wait.child) delete inst.state.waits[execId];
  const live = inst.waiters.get(execId);
  if (!live) return;
  switch (live.kind) {
    case 'task': {
      const rec = inst.state.els[execId]!;
      const info = inst.elementInfo(rec.e)!;
      if (step === 'complete') completeWith(inst, execId, rec, info, vars ?? {}, live.waiter);
      else startTask(inst, execId, rec, info, live.waiter);
      return;
    }
    case 'timer':
      return timerStarted(inst, live.content, live.waiter, false);
    case 'message':
      return messageStarted(inst, live.content, live.waiter, false);
    case 'gateway':
      return gatewayStarted(inst, live.content, live.outgoing, live.waiter, false);
    case 'loop':
      return loopStarting(inst, live.content, live.proceed, false);
    case 'error-end':
      return errorEndReached(inst, live.content, live.proceed, false);
  }
}
