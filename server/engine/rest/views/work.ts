/** Jobs and user tasks as the v2 API shows them. */
import { compact, condition, isoOf, type SearchSpec } from '../search';
import { variableFilter } from './instances';

export interface JobViewRow {
  key: string;
  type: string;
  state: string;
  worker: string;
  retries: number;
  deadline: Date | null;
  error_message: string | null;
  error_code: string | null;
  failed_with_retries_left: boolean;
  custom_headers: string;
  element_id: string;
  element_instance_key: string;
  process_instance_key: string;
  process_definition_key: string;
  bpmn_process_id: string;
  tenant_id: string;
  end_time: Date | null;
}

export const mapJob = (r: JobViewRow) =>
  compact({
    customHeaders: JSON.parse(r.custom_headers) as Record<string, string>,
    deadline: isoOf(r.deadline),
    elementId: r.element_id,
    elementInstanceKey: r.element_instance_key,
    endTime: isoOf(r.end_time),
    errorCode: r.error_code,
    errorMessage: r.error_message,
    hasFailedWithRetriesLeft: r.failed_with_retries_left,
    jobKey: r.key,
    kind: 'BPMN_ELEMENT',
    listenerEventType: 'UNSPECIFIED',
    processDefinitionId: r.bpmn_process_id,
    processDefinitionKey: r.process_definition_key,
    processInstanceKey: r.process_instance_key,
    retries: r.retries,
    state: r.state,
    tenantId: r.tenant_id,
    type: r.type,
    worker: r.worker,
  });

export const jobSearch: SearchSpec<JobViewRow> = {
  from: 'engine_job j',
  select: 'j.*',
  columns: {
    deadline: ['j.deadline', 'date'],
    elementId: ['j.element_id', 'text'],
    elementInstanceKey: ['j.element_instance_key', 'key'],
    endTime: ['j.end_time', 'date'],
    errorCode: ['j.error_code', 'text'],
    errorMessage: ['j.error_message', 'text'],
    hasFailedWithRetriesLeft: ['j.failed_with_retries_left', 'bool'],
    jobKey: ['j.key', 'key'],
    processDefinitionId: ['j.bpmn_process_id', 'text'],
    processDefinitionKey: ['j.process_definition_key', 'key'],
    processInstanceKey: ['j.process_instance_key', 'key'],
    retries: ['j.retries', 'int'],
    state: ['j.state', 'text'],
    tenantId: ['j.tenant_id', 'text'],
    type: ['j.type', 'text'],
    worker: ['j.worker', 'text'],
  },
  custom: {
    kind: (value, p) => condition(`'BPMN_ELEMENT'`, 'text', value, p),
    listenerEventType: (value, p) => condition(`'UNSPECIFIED'`, 'text', value, p),
    isDenied: (value) => (value ? 'FALSE' : 'TRUE'),
  },
  sortable: {
    deadline: 'j.deadline',
    elementId: 'j.element_id',
    elementInstanceKey: 'j.element_instance_key',
    endTime: 'j.end_time',
    errorCode: 'j.error_code',
    errorMessage: 'j.error_message',
    jobKey: 'j.key',
    processDefinitionId: 'j.bpmn_process_id',
    processDefinitionKey: 'j.process_definition_key',
    processInstanceKey: 'j.process_instance_key',
    retries: 'j.retries',
    state: 'j.state',
    tenantId: 'j.tenant_id',
    type: 'j.type',
    worker: 'j.worker',
  },
  order: 'j.key',
  map: mapJob,
};

export interface UserTaskRow {
  key: string;
  element_instance_key: string;
  process_instance_key: string;
  process_definition_key: string;
  bpmn_process_id: string;
  version: number;
  process_name: string;
  element_id: string;
  name: string;
  state: string;
  assignee: string | null;
  candidate_groups: string[];
  candidate_users: string[];
  due_date: Date | null;
  follow_up_date: Date | null;
  creation_date: Date;
  completion_date: Date | null;
  priority: number;
  custom_headers: string;
  external_form_reference: string | null;
  tenant_id: string;
}

export const mapUserTask = (r: UserTaskRow) =>
  compact({
    name: r.name,
    state: r.state,
    assignee: r.assignee,
    elementId: r.element_id,
    candidateGroups: r.candidate_groups,
    candidateUsers: r.candidate_users,
    processDefinitionId: r.bpmn_process_id,
    creationDate: isoOf(r.creation_date),
    completionDate: isoOf(r.completion_date),
    followUpDate: isoOf(r.follow_up_date),
    dueDate: isoOf(r.due_date),
    tenantId: r.tenant_id,
    externalFormReference: r.external_form_reference,
    processDefinitionVersion: r.version,
    customHeaders: JSON.parse(r.custom_headers) as Record<string, string>,
    priority: r.priority,
    userTaskKey: r.key,
    elementInstanceKey: r.element_instance_key,
    processName: r.process_name,
    processDefinitionKey: r.process_definition_key,
    processInstanceKey: r.process_instance_key,
  });

/** `candidateGroup` / `candidateUser`: a value (or operator) matched against the task's list. */
function memberOf(column: string) {
  return (value: unknown, p: Parameters<NonNullable<SearchSpec<unknown>['custom']>[string]>[1]) => {
    // `column @> ARRAY[v]` rather than `v = ANY(column)`: the same test, but the GIN index serves it.
    const has = (v: unknown) => `${column} @> ARRAY[${p.add(v, '::text')}]`;
    if (typeof value !== 'object' || value === null) return has(value);
    const parts = Object.entries(value as Record<string, unknown>).map(([op, v]) => {
      switch (op) {
        case '$eq':
          return has(v);
        case '$neq':
          return `NOT (${has(v)})`;
        case '$in':
          return `${column} && ${p.add(v, '::text[]')}`;
        case '$notIn':
          return `NOT (${column} && ${p.add(v, '::text[]')})`;
        case '$exists':
          return v ? `cardinality(${column}) > 0` : `cardinality(${column}) = 0`;
        case '$like':
          return `EXISTS (SELECT 1 FROM unnest(${column}) g WHERE ${condition('g', 'text', { $like: v }, p)})`;
        default:
          return condition(column, 'text', { [op]: v }, p);
      }
    });
    return parts.join(' AND ') || 'TRUE';
  };
}

export const userTaskSearch: SearchSpec<UserTaskRow> = {
  from: 'engine_user_task t',
  select: 't.*',
  columns: {
    state: ['t.state', 'text'],
    assignee: ['t.assignee', 'text'],
    priority: ['t.priority', 'int'],
    elementId: ['t.element_id', 'text'],
    name: ['t.name', 'text'],
    tenantId: ['t.tenant_id', 'text'],
    processDefinitionId: ['t.bpmn_process_id', 'text'],
    creationDate: ['t.creation_date', 'date'],
    completionDate: ['t.completion_date', 'date'],
    followUpDate: ['t.follow_up_date', 'date'],
    dueDate: ['t.due_date', 'date'],
    userTaskKey: ['t.key', 'key'],
    processDefinitionKey: ['t.process_definition_key', 'key'],
    processInstanceKey: ['t.process_instance_key', 'key'],
    elementInstanceKey: ['t.element_instance_key', 'key'],
  },
  custom: {
    candidateGroup: memberOf('t.candidate_groups'),
    candidateUser: memberOf('t.candidate_users'),
    processInstanceVariables: variableFilter('t.process_instance_key'),
    localVariables: variableFilter('t.element_instance_key'),
  },
  sortable: {
    creationDate: 't.creation_date',
    completionDate: 't.completion_date',
    followUpDate: 't.follow_up_date',
    dueDate: 't.due_date',
    priority: 't.priority',
    name: 't.name',
  },
  order: 't.key',
  map: mapUserTask,
};
