/**
 * The contract between the engine's bpmn-elements behaviours and the runtime. A behaviour that
 * must wait for the outside world (job, user task, message, timer, child instance, an incident
 * being resolved) hands the runtime a waiter and returns; the runtime later calls the waiter.
 * On recovery bpmn-elements re-executes waiting behaviours with `resumed = true`, and the runtime
 * re-binds the waiter to what it already created instead of creating it again.
 */
import type { ExecContent } from './bpmn';

export interface TaskWaiter {
  /** Completes the task; `output` is passed on as the execution output. */
  complete(output?: Record<string, unknown>): void;
  /** Throws a BPMN error from the task (the runtime has checked that something catches it). */
  throwError(code: string, message: string): void;
  /** Ends the task and starts the error event sub-process that catches `errorRefId` in its scope. */
  throwToEventSubProcess(errorRefId: string | undefined, code: string, message: string): void;
}

export interface EventWaiter {
  trigger(output?: Record<string, unknown>): void;
}

export interface GatewayWaiter {
  /** Takes the given outgoing flows and discards the others. */
  take(flowIds: string[]): void;
}

export interface RuntimeHooks {
  taskStarted(content: ExecContent, waiter: TaskWaiter, resumed: boolean): void;
  taskDiscarded(content: ExecContent): void;
  /** A multi-instance body is about to start its iterations; `proceed` starts them. */
  loopStarting(content: ExecContent, proceed: () => void, resumed: boolean): void;
  /** An error end event is reached; `proceed` lets bpmn-elements throw it inside this instance. */
  errorEndReached(content: ExecContent, proceed: () => void, resumed: boolean): void;
  timerStarted(content: ExecContent, waiter: EventWaiter, resumed: boolean): void;
  messageStarted(content: ExecContent, waiter: EventWaiter, resumed: boolean): void;
  eventDiscarded(content: ExecContent): void;
  gatewayStarted(content: ExecContent, outgoing: string[], waiter: GatewayWaiter, resumed: boolean): void;
  /** Evaluates a FEEL expression bpmn-elements asks for (the multi-instance input collection). */
  evaluate(expression: string, content: ExecContent | undefined): unknown;
}

export function hooksOf(environment: { options: { runtime?: unknown } }): RuntimeHooks {
  const hooks = environment.options.runtime as RuntimeHooks | undefined;
  if (!hooks) throw new Error('engine runtime hooks missing from the bpmn-engine environment');
  return hooks;
}
