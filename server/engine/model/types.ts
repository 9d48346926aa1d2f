/** What the runtime needs to know about each deployed element, read once at deployment. */

/** Element instance types of the v2 API. */
export type ElementType =
  | 'PROCESS'
  | 'SUB_PROCESS'
  | 'EVENT_SUB_PROCESS'
  | 'START_EVENT'
  | 'INTERMEDIATE_CATCH_EVENT'
  | 'INTERMEDIATE_THROW_EVENT'
  | 'BOUNDARY_EVENT'
  | 'END_EVENT'
  | 'SERVICE_TASK'
  | 'RECEIVE_TASK'
  | 'USER_TASK'
  | 'MANUAL_TASK'
  | 'TASK'
  | 'EXCLUSIVE_GATEWAY'
  | 'INCLUSIVE_GATEWAY'
  | 'PARALLEL_GATEWAY'
  | 'EVENT_BASED_GATEWAY'
  | 'MULTI_INSTANCE_BODY'
  | 'CALL_ACTIVITY'
  | 'SCRIPT_TASK'
  | 'SEND_TASK';

export interface Mapping {
  source: string;
  target: string;
}

export interface TimerSpec {
  kind: 'timeDuration' | 'timeDate' | 'timeCycle';
  /** The raw value: an ISO-8601 text or a FEEL expression (`=…`). */
  value: string;
}

export interface ElementInfo {
  id: string;
  name: string;
  bpmnType: string;
  elementType: ElementType;
  /** Id of the enclosing process or sub-process. */
  scopeId: string;
  incoming: string[];
  outgoing: string[];
  inputs: Mapping[];
  outputs: Mapping[];
  job?: { type: string; retries: string; headers: Record<string, string> };
  userTask?: {
    assignee?: string;
    candidateGroups?: string;
    candidateUsers?: string;
    dueDate?: string;
    followUpDate?: string;
    priority?: string;
    externalFormReference?: string;
    formKey?: string;
    headers: Record<string, string>;
  };
  script?: { expression: string; resultVariable: string };
  callActivity?: {
    processId: string;
    propagateAllChildVariables: boolean;
    propagateAllParentVariables: boolean;
  };
  loop?: {
    isSequential: boolean;
    inputCollection: string;
    inputElement?: string;
    outputCollection?: string;
    outputElement?: string;
  };
  message?: { name: string; correlationKey: string };
  timer?: TimerSpec;
  /** Error code an error event catches (undefined = catches all) or throws. */
  errorCode?: string;
  /** Id of the bpmn:Error element an error event refers to (bpmn-elements matches by it). */
  errorRefId?: string;
  isErrorEvent?: boolean;
  isTerminate?: boolean;
  attachedTo?: string;
  cancelActivity?: boolean;
  defaultFlow?: string;
  /** For event sub-processes: the triggering start event. */
  triggeredByEvent?: boolean;
  boundaryEvents: string[];
  /** Catch events that follow this event-based gateway. */
  followsEventGateway?: string;
}

export interface FlowInfo {
  id: string;
  sourceId: string;
  targetId: string;
  condition?: string;
}

export interface StartInfo {
  id: string;
  kind: 'none' | 'timer' | 'message';
  timer?: TimerSpec;
  messageName?: string;
}

export interface ProcessModel {
  bpmnProcessId: string;
  name: string;
  versionTag?: string;
  elements: Map<string, ElementInfo>;
  flows: Map<string, FlowInfo>;
  /** Process-level start events. */
  starts: StartInfo[];
  /** Serialized context (moddle-context-serializer JSON) of the whole process, before variants. */
  serialized: SerializedContext;
}

export interface SerializedContext {
  processes: { id: string; [k: string]: unknown }[];
  activities: {
    id: string;
    type: string;
    parent?: { id: string; type?: string };
    behaviour?: Record<string, unknown>;
  }[];
  sequenceFlows: { id: string; sourceId: string; targetId: string; parent?: { id: string } }[];
  [k: string]: unknown;
}
