/** Jobs and user tasks as the v2 API shows them. */
import type { Queryable } from '../../persistence/db';
import {
  COUNT_CAP,
  compact,
  condition,
  isoOf,
  pageOf,
  resultOf,
  type SearchBody,
  type SearchSpec,
} from '../search';
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

/** The groups of a `candidateGroup` filter that names groups only (a value, `$eq` or `$in`). */
function groupsOf(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return null;
  const ops = Object.entries(value as Record<string, unknown>);
  if (ops.length !== 1) return null;
  const [op, v] = ops[0]!;
  if (op === '$eq' && typeof v === 'string') return [v];
  if (op === '$in' && Array.isArray(v) && v.length > 0 && v.every((g) => typeof g === 'string'))
    return [...new Set(v as string[])];
  return null;
}

const isAsc = (s: { order?: string }) => (s.order ?? 'ASC').toUpperCase() === 'ASC';

/**
 * The group inbox — the open, unassigned tasks of candidate groups, by key or in due-date order —
 * served from `engine_user_task_inbox` (ddl.ts, migration 3): the page is read from one btree in
 * order and the capped count from the index alone. The answer is the one the general search
 * gives for the same request; any other search (other filters, sorts) returns null and takes it.
 */
export async function groupInboxSearch(db: Queryable, body: SearchBody | undefined) {
  const filter = body?.filter ?? {};
  const keys = Object.keys(filter).filter((k) => filter[k] !== undefined);
  const assignee = filter.assignee as Record<string, unknown> | undefined;
  const state = filter.state as unknown;
  if (
    keys.length !== 3 ||
    !(
      state === 'CREATED' ||
      (isRecord(state) && Object.keys(state).length === 1 && state.$eq === 'CREATED')
    ) ||
    !(isRecord(assignee) && Object.keys(assignee).length === 1 && assignee.$exists === false)
  )
    return null;
  const groups = groupsOf(filter.candidateGroup);
  if (!groups) return null;
  const sort = body?.sort ?? [];
  const byDue =
    sort.length === 2 &&
    sort[0]!.field === 'dueDate' &&
    sort[1]!.field === 'creationDate' &&
    sort.every(isAsc);
  if (sort.length && !byDue) return null;
  const { limit, from } = pageOf(body);
  const one = groups.length === 1;
  const group = one ? 'i.candidate_group = $1' : 'i.candidate_group = ANY($1::text[])';
  const param = one ? groups[0] : groups;
  // A task of two of the groups has two rows: count and page it once.
  const count = one
    ? `SELECT count(*) FROM (SELECT 1 FROM engine_user_task_inbox i WHERE ${group} LIMIT ${COUNT_CAP + 1}) s`
    : `SELECT count(*) FROM (SELECT DISTINCT i.user_task_key FROM engine_user_task_inbox i WHERE ${group} LIMIT ${COUNT_CAP + 1}) s`;
  const [inner, outer] = byDue
    ? [
        'i.due_date, i.creation_date, i.user_task_key',
        't.due_date NULLS LAST, t.creation_date NULLS LAST, t.key',
      ]
    : ['i.user_task_key', 't.key'];
  const page = `SELECT i.user_task_key FROM engine_user_task_inbox i WHERE ${group}
    ${one ? '' : 'GROUP BY i.user_task_key, i.due_date, i.creation_date'}
    ORDER BY ${inner} LIMIT $2 OFFSET $3`;
  // A named statement: each connection parses and plans it once, not on every inbox refresh.
  const { rows } = await db.query<UserTaskRow & { __total: string }>({
    name: `engine-group-inbox-${one ? 'one' : 'any'}-${byDue ? 'due' : 'key'}`,
    text: `SELECT (${count})::text AS __total, t.* FROM (${page}) k
             JOIN engine_user_task t ON t.key = k.user_task_key
            ORDER BY ${outer}`,
    values: [param, limit, from],
  });
  const total = Number(
    rows[0]?.__total ?? (await db.query<{ n: string }>(`SELECT (${count})::text AS n`, [param])).rows[0]!.n,
  );
  return resultOf(rows.map(mapUserTask), from, total);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
