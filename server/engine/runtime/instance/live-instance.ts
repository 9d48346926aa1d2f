/**
 * One running process instance: a bpmn-engine `Engine` over the deployment's shared source
 * context, plus the runtime state that gives it Zeebe semantics (element instances, variable
 * scopes, jobs, user tasks, timers, subscriptions, incidents). It implements the hooks the
 * engine's behaviours call and is driven by commands; every command runs with a `Batch` that
 * collects what to write. Between commands the instance may be dropped from memory and
 * recovered from its snapshot.
 */
import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import type { EngineClock } from '../../clock';
import type { KeyGenerator } from '../../persistence/keys';
import type { ElementInfo } from '../../model/types';
import type { Batch, ElementInstanceRow, ParentLink } from '../batch';
import type { ExecContent, ExecParent } from '../behaviours/bpmn';
import type { EventWaiter, GatewayWaiter, RuntimeHooks, TaskWaiter } from '../behaviours/hooks';
import type { DeployedProcess, ModelRegistry } from '../models';
import { Scopes } from '../scopes';
import { emptyState, type ElementRecord, type InstanceInfo, type InstanceState } from './state';
import { attachTracker } from './tracker';
import * as tasks from './tasks';
import * as events from './events';
import { retryBlockedStep } from './incidents';
import { instanceCompleted, terminateState } from './terminate';

export interface RuntimeContext {
  clock: EngineClock;
  keys: KeyGenerator;
  models: ModelRegistry;
}

export type LiveWaiter =
  | { kind: 'task'; content: ExecContent; waiter: TaskWaiter }
  | { kind: 'timer' | 'message'; content: ExecContent; waiter: EventWaiter }
  | { kind: 'gateway'; content: ExecContent; outgoing: string[]; waiter: GatewayWaiter }
  | { kind: 'loop'; content: ExecContent; proceed: () => void }
  | { kind: 'error-end'; content: ExecContent; proceed: () => void };

interface BpmnEngine extends EventEmitter {
  execute(options: object): Promise<unknown>;
  recover(state: unknown): unknown;
  resume(options: object): Promise<unknown>;
  execution?: { definitions: { getState(): unknown }[]; state: string };
  state: string;
}

export class LiveInstance implements RuntimeHooks {
  readonly scopes: Scopes;
  /** Live waiters by bpmn-engine execution id (rebuilt on recovery). */
  readonly waiters = new Map<string, LiveWaiter>();
  private engine: BpmnEngine;
  private current: Batch | null = null;
  private readonly listener = new EventEmitter();
  /** Set when bpmn-engine reports an error it could not handle (a bug, not a BPMN error). */
  failure: Error | null = null;
  ended: 'COMPLETED' | 'TERMINATED' | null = null;
  private keyIndex: Map<string, string> | null = null;

  constructor(
    readonly ctx: RuntimeContext,
    readonly def: DeployedProcess,
    readonly info: InstanceInfo,
    readonly state: InstanceState = emptyState(),
  ) {
    this.scopes = new Scopes(this.state.scopes, (change) => {
      this.batch.variables.set(`${change.scopeKey}|${change.name}`, {
        ...change,
        processInstanceKey: info.key,
        tenantId: info.tenantId,
      });
    });
    const options = {
      name: info.key,
      sourceContext: ctx.models.sourceContext(def, info.startElementId),
      runtime: this,
      settings: { batchSize: 100_000 },
      expressions: {
        resolveExpression: (expression: string, context: { content?: ExecContent }) =>
          typeof expression === 'string' && expression.startsWith('=')
            ? this.evaluate(expression, context?.content)
            : expression,
        isExpression: (text: unknown) => typeof text === 'string' && text.startsWith('='),
        hasExpression: (text: unknown) => typeof text === 'string' && text.startsWith('='),
      },
    };
    this.engine = new Engine(options as never) as unknown as BpmnEngine;
    this.engine.on('end', () => instanceCompleted(this));
    this.engine.on('error', (err: unknown) => {
      this.failure =
        err instanceof Error ? err : new Error(String((err as { message?: string })?.message ?? err));
    });
    attachTracker(this, this.listener);
  }

  get batch(): Batch {
    if (!this.current) throw new Error('no command is running on this instance');
    return this.current;
  }

  get now(): number {
    return this.current?.now ?? this.ctx.clock.now();
  }

  get model() {
    return this.def.model;
  }

  /** Runs `fn` as one command, collecting its writes in `batch`. */
  async command<T>(batch: Batch, fn: () => T | Promise<T>): Promise<T> {
    this.current = batch;
    this.failure = null;
    try {
      const result = await fn();
      if (this.failure) throw this.failure;
      return result;
    } finally {
      this.current = null;
    }
  }

  /** Starts a new instance at its start event with the given root variables. */
  async start(variables: Record<string, unknown>, parent?: ParentLink): Promise<void> {
    const { info } = this;
    if (parent) {
      this.state.parent = {
        processInstanceKey: parent.processInstanceKey,
        elementInstanceKey: parent.elementInstanceKey,
        execId: parent.execId,
      };
      this.state.ancestors = parent.ancestors;
    }
    this.batch.processInstance = {
      processInstanceKey: info.key,
      processDefinitionKey: info.processDefinitionKey,
      bpmnProcessId: info.bpmnProcessId,
      tenantId: info.tenantId,
      version: info.version,
      versionTag: info.versionTag,
      processName: info.processName,
      startDate: this.now,
      parentProcessInstanceKey: info.parentProcessInstanceKey,
      parentElementInstanceKey: info.parentElementInstanceKey,
      startElementId: info.startElementId,
      tags: [],
    };
    this.scopes.create(info.key, null);
    this.scopes.setLocals(info.key, variables);
    await this.engine.execute({ listener: this.listener });
  }

  async recover(engineState: unknown): Promise<void> {
    this.engine.recover(engineState);
    await this.engine.resume({ listener: this.listener });
  }

  /** bpmn-engine's state without the (shared) source, plus the runtime state. */
  snapshot(): string {
    const execution = this.engine.execution!;
    const engineState = {
      name: this.info.key,
      state: execution.state,
      stopped: false,
      environment: { settings: {}, variables: {}, output: {} },
      definitions: execution.definitions.map((d) => d.getState()),
    };
    return JSON.stringify({ r: this.state, e: engineState });
  }

  // ---- element instances -------------------------------------------------------------------

  elementInfo(id: string): ElementInfo | undefined {
    return this.model.elements.get(id);
  }

  /** Scope key of the execution a message's `parent` points to (process, sub-process, MI body). */
  scopeOfParent(parent: ExecParent | undefined): string {
    if (!parent || parent.type === 'bpmn:Process') return this.info.key;
    return this.state.els[parent.executionId]?.k ?? this.info.key;
  }

  record(execId: string): ElementRecord | undefined {
    return this.state.els[execId];
  }

  execOfKey(elementInstanceKey: string): string | undefined {
    if (!this.keyIndex) {
      this.keyIndex = new Map(Object.entries(this.state.els).map(([exec, r]) => [r.k, exec]));
    }
    const exec = this.keyIndex.get(elementInstanceKey);
    if (exec && this.state.els[exec]?.k === elementInstanceKey) return exec;
    for (const [e, r] of Object.entries(this.state.els)) if (r.k === elementInstanceKey) return e;
    return undefined;
  }

  /** Activates an element instance (row ACTIVE, scope created). */
  activate(
    execId: string | null,
    info: ElementInfo,
    flowScopeKey: string,
    type = info.elementType,
  ): ElementRecord {
    const rec: ElementRecord = { k: this.ctx.keys.take(), e: info.id, t: type, s: flowScopeKey, d: this.now };
    if (execId) {
      this.state.els[execId] = rec;
      this.keyIndex?.set(rec.k, execId);
    }
    this.scopes.create(rec.k, flowScopeKey);
    this.writeElement(rec, 'ACTIVE');
    return rec;
  }

  /** Ends an element instance: row COMPLETED/TERMINATED, scope and records dropped. */
  finish(execId: string | null, rec: ElementRecord, state: 'COMPLETED' | 'TERMINATED'): void {
    // A scope that ends takes what is still active inside it along (e.g. an error end event
    // whose error interrupted its sub-process): those are terminated, as in Zeebe.
    for (const [childExec, child] of Object.entries(this.state.els)) {
      if (child.s === rec.k && childExec !== execId) {
        this.closeWait(childExec);
        this.finish(childExec, child, 'TERMINATED');
      }
    }
    this.writeElement(rec, state);
    this.scopes.drop(rec.k);
    if (execId) {
      delete this.state.els[execId];
      delete this.state.waits[execId];
      this.waiters.delete(execId);
    }
    if (state === 'TERMINATED') this.batch.incidentsResolved.push({ elementInstanceKey: rec.k });
  }

  writeElement(rec: ElementRecord, state: ElementInstanceRow['state']): void {
    const info = this.elementInfo(rec.e);
    this.batch.elementInstances.set(rec.k, {
      key: rec.k,
      processInstanceKey: this.info.key,
      processDefinitionKey: this.info.processDefinitionKey,
      bpmnProcessId: this.info.bpmnProcessId,
      elementId: rec.e,
      elementName: info?.name || rec.e,
      type: rec.t,
      state,
      startDate: rec.d,
      endDate: state === 'ACTIVE' ? null : this.now,
      flowScopeKey: rec.s,
      tenantId: this.info.tenantId,
    });
  }

  /** Active element instance of `elementId` directly in `scopeKey`. */
  activeIn(elementId: string, scopeKey: string): { exec: string; rec: ElementRecord } | undefined {
    for (const [exec, rec] of Object.entries(this.state.els)) {
      if (rec.e === elementId && rec.s === scopeKey) return { exec, rec };
    }
    return undefined;
  }

  /** Closes whatever an execution waits for (its element ended or was interrupted). */
  closeWait(execId: string): void {
    const wait = this.state.waits[execId];
    this.waiters.delete(execId);
    if (!wait) return;
    const batch = this.batch;
    if (wait.job) batch.jobsClosed.push({ key: wait.job, state: 'CANCELED' });
    if (wait.userTask) batch.userTasksClosed.push({ elementInstanceKey: wait.owner, state: 'CANCELED' });
    if (wait.sub) batch.subscriptionsClosed.push({ key: wait.sub, state: 'DELETED' });
    if (wait.timer) batch.timersClosed.push({ key: wait.timer, state: 'CANCELED' });
    if (wait.child) batch.outbox.push({ kind: 'terminate', processInstanceKey: wait.child });
    if (wait.incident) batch.incidentsResolved.push({ key: wait.incident });
    delete this.state.waits[execId];
  }

  // ---- commands ----------------------------------------------------------------------------

  completeTask(elementInstanceKey: string, vars: Record<string, unknown>): void {
    tasks.completeTask(this, elementInstanceKey, vars);
  }

  completeTaskExec(execId: string, rec: ElementRecord, vars: Record<string, unknown>): void {
    const live = this.waiters.get(execId);
    if (live?.kind !== 'task') throw new Error(`execution ${execId} is not a waiting task`);
    tasks.completeWith(this, execId, rec, this.elementInfo(rec.e)!, vars, live.waiter);
  }

  throwError(
    elementInstanceKey: string,
    code: string,
    message: string,
    vars: Record<string, unknown>,
    jobKey: string | null,
  ) {
    return tasks.throwFromTask(this, elementInstanceKey, code, message, vars, jobKey);
  }

  fireTimer(timerKey: string, due: number, repetitions: number, cycle: string | null): boolean {
    return events.fireTimer(this, timerKey, due, repetitions, cycle);
  }

  correlate(subscriptionKey: string, vars: Record<string, unknown>): boolean {
    return events.correlate(this, subscriptionKey, vars);
  }

  resolveIncident(incidentKey: string): void {
    retryBlockedStep(this, incidentKey);
  }

  /** The error is caught by a calling instance: hand it up and end this instance. */
  propagateError(code: string, message: string, vars: Record<string, unknown>): void {
    const parent = this.state.parent!;
    this.batch.outbox.push({
      kind: 'child-error',
      parent: { ...parent, ancestors: this.state.ancestors.slice(1) },
      code,
      message,
      variables: vars,
    });
    this.terminate();
  }

  terminate(): void {
    if (this.ended) return;
    this.ended = 'TERMINATED';
    terminateState(this.info, this.state, this.batch);
  }

  // ---- hooks (see behaviours/hooks.ts) -----------------------------------------------------

  taskStarted(content: ExecContent, waiter: TaskWaiter, resumed: boolean): void {
    tasks.taskStarted(this, content, waiter, resumed);
  }
  taskDiscarded(content: ExecContent): void {
    tasks.taskDiscarded(this, content);
  }
  loopStarting(content: ExecContent, proceed: () => void, resumed: boolean): void {
    tasks.loopStarting(this, content, proceed, resumed);
  }
  timerStarted(content: ExecContent, waiter: EventWaiter, resumed: boolean): void {
    events.timerStarted(this, content, waiter, resumed);
  }
  messageStarted(content: ExecContent, waiter: EventWaiter, resumed: boolean): void {
    events.messageStarted(this, content, waiter, resumed);
  }
  eventDiscarded(content: ExecContent): void {
    events.eventDiscarded(this, content);
  }
  gatewayStarted(content: ExecContent, outgoing: string[], waiter: GatewayWaiter, resumed: boolean): void {
    events.gatewayStarted(this, content, outgoing, waiter, resumed);
  }
  errorEndReached(content: ExecContent, proceed: () => void, resumed: boolean): void {
    tasks.errorEndReached(this, content, proceed, resumed);
  }
  evaluate(expression: string, content: ExecContent | undefined): unknown {
    return tasks.loopCollection(this, expression, content);
  }
}
