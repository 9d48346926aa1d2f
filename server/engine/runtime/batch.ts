/**
 * Everything one command changes, collected while bpmn-engine runs and written in one
 * transaction before the command is acknowledged (so a crash loses nothing acknowledged).
 */
import type { ElementType } from '../model/types';

export interface ElementInstanceRow {
  key: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementName: string;
  type: ElementType;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  startDate: number;
  endDate: number | null;
  flowScopeKey: string | null;
  tenantId: string;
}

interface InstanceRef {
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  tenantId: string;
}

export interface JobRow extends InstanceRef {
  key: string;
  type: string;
  retries: number;
  customHeaders: Record<string, string>;
  elementId: string;
  elementInstanceKey: string;
  version: number;
  scopeKeys: string[];
}

export interface UserTaskRow extends InstanceRef {
  key: string;
  elementInstanceKey: string;
  version: number;
  processName: string;
  elementId: string;
  name: string;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate: string | null;
  followUpDate: string | null;
  priority: number;
  customHeaders: Record<string, string>;
  externalFormReference: string | null;
  scopeKeys: string[];
}

export interface TimerRow {
  key: string;
  processInstanceKey: string | null;
  processDefinitionKey: string;
  elementInstanceKey: string | null;
  elementId: string;
  execId: string | null;
  dueDate: number;
  repetitions: number;
  cycle: string | null;
  tenantId: string;
}

export interface SubscriptionRow extends InstanceRef {
  key: string;
  elementInstanceKey: string;
  elementId: string;
  execId: string;
  messageName: string;
  correlationKey: string;
  interrupting: boolean;
}

export type IncidentType =
  | 'JOB_NO_RETRIES'
  | 'UNHANDLED_ERROR_EVENT'
  | 'EXTRACT_VALUE_ERROR'
  | 'IO_MAPPING_ERROR'
  | 'CONDITION_ERROR'
  | 'CALLED_ELEMENT_ERROR'
  | 'UNKNOWN';

export interface IncidentRow extends InstanceRef {
  key: string;
  elementId: string;
  elementInstanceKey: string;
  jobKey: string | null;
  errorType: IncidentType;
  errorMessage: string;
}

export interface ProcessInstanceRow extends InstanceRef {
  version: number;
  versionTag: string | null;
  processName: string;
  startDate: number;
  parentProcessInstanceKey: string | null;
  parentElementInstanceKey: string | null;
  startElementId: string;
  tags: string[];
}

/** Work for another process instance, done after commit (and again after a crash). */
export type OutboxCommand =
  | {
      kind: 'start-child';
      childKey: string;
      definitionKey: string;
      parent: ParentLink;
      variables: Record<string, unknown>;
    }
  | { kind: 'child-completed'; parent: ParentLink; variables: Record<string, unknown> }
  | {
      kind: 'child-error';
      parent: ParentLink;
      code: string;
      message: string;
      variables: Record<string, unknown>;
    }
  | { kind: 'terminate'; processInstanceKey: string }
  | {
      kind: 'start-instance';
      key: string;
      definitionKey: string;
      startId: string;
      variables: Record<string, unknown>;
    }
  | {
      kind: 'correlate';
      processInstanceKey: string;
      subscriptionKey: string;
      messageKey: string;
      name: string;
      variables: Record<string, unknown>;
    };

export interface ParentLink {
  processInstanceKey: string;
  elementInstanceKey: string;
  execId: string;
  /** The caller chain above the parent (nearest first), for error propagation. */
  ancestors: Ancestor[];
}

export interface Ancestor {
  processInstanceKey: string;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  execId: string;
}

export class Batch {
  readonly elementInstances = new Map<string, ElementInstanceRow>();
  readonly variables = new Map<
    string,
    { scopeKey: string; name: string; value: unknown; processInstanceKey: string; tenantId: string }
  >();
  readonly jobs: JobRow[] = [];
  /** Jobs to close: completed (by the command) or canceled (their element ended). */
  readonly jobsClosed: {
    key?: string;
    elementInstanceKey?: string;
    state: 'COMPLETED' | 'CANCELED' | 'ERROR_THROWN';
  }[] = [];
  readonly userTasks: UserTaskRow[] = [];
  readonly userTasksClosed: { elementInstanceKey: string; state: 'COMPLETED' | 'CANCELED' }[] = [];
  readonly timers: TimerRow[] = [];
  readonly timersClosed: { key?: string; elementInstanceKey?: string; state: 'TRIGGERED' | 'CANCELED' }[] =
    [];
  readonly subscriptions: SubscriptionRow[] = [];
  readonly subscriptionsClosed: {
    key?: string;
    elementInstanceKey?: string;
    state: 'CORRELATED' | 'DELETED';
  }[] = [];
  readonly incidents: IncidentRow[] = [];
  /** Incidents resolved, by key or by element instance (all active incidents of it). */
  readonly incidentsResolved: { key?: string; elementInstanceKey?: string }[] = [];
  readonly outbox: OutboxCommand[] = [];
  readonly correlations: { messageKey: string; bpmnProcessId: string; processInstanceKey: string }[] = [];
  processInstance: ProcessInstanceRow | null = null;
  processEnd: { state: 'COMPLETED' | 'TERMINATED'; endDate: number } | null = null;
  /** Close every open job, user task, timer, subscription and incident of the instance. */
  terminateAll = false;
  /** New snapshot; `null` deletes it (instance ended). */
  snapshot: string | null | undefined = undefined;

  constructor(
    readonly now: number,
    /** The process instance the command runs on (null for commands without one). */
    readonly instanceKey: string | null = null,
  ) {}
}
