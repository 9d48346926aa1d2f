/**
 * The runtime state of one process instance beside bpmn-engine's own: which bpmn-engine
 * executions are which element instances, variable scopes, and what each waiting execution is
 * waiting for. It is saved with bpmn-engine's state in one snapshot row.
 */
import type { ElementType } from '../../model/types';
import type { Ancestor } from '../batch';
import type { ScopesState } from '../scopes';

/** An active element instance. */
export interface ElementRecord {
  /** element instance key */
  k: string;
  /** element id */
  e: string;
  t: ElementType;
  /** flow scope key */
  s: string;
  /** start (epoch ms) */
  d: number;
}

export type RetryStep = 'task' | 'complete' | 'timer' | 'message' | 'gateway' | 'loop' | 'error-end';

/** What a waiting bpmn-engine execution waits for. */
export interface WaitRecord {
  /** Element instance that owns the wait (the task, the catch event, the attached activity, the gateway). */
  owner: string;
  job?: string;
  userTask?: string;
  sub?: string;
  timer?: string;
  child?: string;
  /** An incident blocks this execution until resolved; `step` says what to retry. */
  incident?: string;
  step?: RetryStep;
  /** Variables waiting to be applied when the step is retried (completion with an output-mapping incident). */
  vars?: Record<string, unknown>;
}

export interface InstanceState {
  v: 1;
  els: Record<string, ElementRecord>;
  scopes: ScopesState;
  waits: Record<string, WaitRecord>;
  /** Multi-instance input collections by body execution id (evaluated once, as Zeebe does). */
  mi: Record<string, unknown[]>;
  /** Variables of a triggering event (message, error), by the catching event's execution id or element id. */
  triggers: Record<string, Record<string, unknown>>;
  /** Next firing of a cycling boundary timer, by boundary element id + attached element instance key. */
  cycles: Record<string, { due: number; repetitions: number; cycle: string }>;
  /** The call chain above this instance, nearest first. */
  ancestors: Ancestor[];
  /** Set when started by a call activity. */
  parent?: { processInstanceKey: string; elementInstanceKey: string; execId: string };
}

export function emptyState(): InstanceState {
  return { v: 1, els: {}, scopes: {}, waits: {}, mi: {}, triggers: {}, cycles: {}, ancestors: [] };
}

export interface InstanceInfo {
  key: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  versionTag: string | null;
  processName: string;
  tenantId: string;
  startElementId: string;
  parentProcessInstanceKey: string | null;
  parentElementInstanceKey: string | null;
}
