/** Writes one command's `Batch` inside the command's transaction. */
import type { Batch } from '../runtime/batch';
import type { Queryable } from './db';
import type { KeyGenerator } from './keys';
import { insertMany, pgArray, TIMESTAMP } from './sql';
import { writeInstanceEnd } from './write-instance-end';

const [T, TS] = TIMESTAMP;

export async function writeBatch(c: Queryable, b: Batch, keys: KeyGenerator): Promise<number[]> {
  const now = b.now;
  if (b.processInstance) {
    const p = b.processInstance;
    await c.query(
      `INSERT INTO engine_process_instance (key, process_definition_key, bpmn_process_id, version, version_tag,
         process_name, state, start_date, parent_process_instance_key, parent_element_instance_key, tenant_id,
         start_element_id, tags)
       VALUES ($1, $2, $3, $4, $5, $6, 'ACTIVE', to_timestamp($7 / 1000.0), $8, $9, $10, $11, $12)`,
      [
        p.processInstanceKey,
        p.processDefinitionKey,
        p.bpmnProcessId,
        p.version,
        p.versionTag,
        p.processName,
        p.startDate,
        p.parentProcessInstanceKey,
        p.parentElementInstanceKey,
        p.tenantId,
        p.startElementId,
        p.tags,
      ],
    );
  }
  await insertMany(
    c,
    'engine_element_instance',
    [
      ['key', 'bigint[]'],
      ['process_instance_key', 'bigint[]'],
      ['process_definition_key', 'bigint[]'],
      ['bpmn_process_id', 'text[]'],
      ['element_id', 'text[]'],
      ['element_name', 'text[]'],
      ['type', 'text[]'],
      ['state', 'text[]'],
      ['start_date', T, TS],
      ['end_date', T, TS],
      ['flow_scope_key', 'bigint[]'],
      ['tenant_id', 'text[]'],
    ],
    [...b.elementInstances.values()].map((e) => [
      e.key,
      e.processInstanceKey,
      e.processDefinitionKey,
      e.bpmnProcessId,
      e.elementId,
      e.elementName,
      e.type,
      e.state,
      e.startDate,
      e.endDate,
      e.flowScopeKey,
      e.tenantId,
    ]),
    'ON CONFLICT (key) DO UPDATE SET state = EXCLUDED.state, end_date = EXCLUDED.end_date',
  );
  await insertMany(
    c,
    'engine_variable',
    [
      ['key', 'bigint[]'],
      ['name', 'text[]'],
      ['value', 'text[]'],
      ['scope_key', 'bigint[]'],
      ['process_instance_key', 'bigint[]'],
      ['tenant_id', 'text[]'],
    ],
    [...b.variables.values()].map((v) => [
      keys.take(),
      v.name,
      JSON.stringify(v.value),
      v.scopeKey,
      v.processInstanceKey,
      v.tenantId,
    ]),
    'ON CONFLICT (scope_key, name) DO UPDATE SET value = EXCLUDED.value',
  );
  await insertMany(
    c,
    'engine_job',
    [
      ['key', 'bigint[]'],
      ['type', 'text[]'],
      ['status', 'text[]'],
      ['state', 'text[]'],
      ['retries', 'int[]'],
      ['custom_headers', 'text[]'],
      ['element_id', 'text[]'],
      ['element_instance_key', 'bigint[]'],
      ['process_instance_key', 'bigint[]'],
      ['process_definition_key', 'bigint[]'],
      ['bpmn_process_id', 'text[]'],
      ['version', 'int[]'],
      ['scope_keys', 'text[]', '$::bigint[]'],
      ['tenant_id', 'text[]'],
      ['created_at', T, TS],
    ],
    b.jobs.map((j) => [
      j.key,
      j.type,
      'activatable',
      'CREATED',
      j.retries,
      JSON.stringify(j.customHeaders),
      j.elementId,
      j.elementInstanceKey,
      j.processInstanceKey,
      j.processDefinitionKey,
      j.bpmnProcessId,
      j.version,
      pgArray(j.scopeKeys),
      j.tenantId,
      now,
    ]),
  );
  for (const state of ['COMPLETED', 'CANCELED', 'ERROR_THROWN'] as const) {
    const closed = b.jobsClosed.filter((j) => j.state === state);
    if (!closed.length) continue;
    const status = state === 'COMPLETED' ? 'completed' : state === 'CANCELED' ? 'canceled' : 'error';
    await c.query(
      `UPDATE engine_job SET status = $1, state = $2, end_time = to_timestamp($3 / 1000.0), deadline = NULL
       WHERE (key = ANY($4::bigint[]) OR element_instance_key = ANY($5::bigint[]))
         AND status NOT IN ('completed', 'canceled')`,
      [
        status,
        state,
        now,
        closed.flatMap((j) => (j.key ? [j.key] : [])),
        closed.flatMap((j) => (j.elementInstanceKey ? [j.elementInstanceKey] : [])),
      ],
    );
  }
  await insertMany(
    c,
    'engine_user_task',
    [
      ['key', 'bigint[]'],
      ['element_instance_key', 'bigint[]'],
      ['process_instance_key', 'bigint[]'],
      ['process_definition_key', 'bigint[]'],
      ['bpmn_process_id', 'text[]'],
      ['version', 'int[]'],
      ['process_name', 'text[]'],
      ['element_id', 'text[]'],
      ['name', 'text[]'],
      ['state', 'text[]'],
      ['assignee', 'text[]'],
      ['candidate_groups', 'text[]', '$::text[]'],
      ['candidate_users', 'text[]', '$::text[]'],
      ['due_date', 'text[]', '$::timestamptz'],
      ['follow_up_date', 'text[]', '$::timestamptz'],
      ['creation_date', T, TS],
      ['priority', 'int[]'],
      ['custom_headers', 'text[]'],
      ['external_form_reference', 'text[]'],
      ['scope_keys', 'text[]', '$::bigint[]'],
      ['tenant_id', 'text[]'],
    ],
    b.userTasks.map((u) => [
      u.key,
      u.elementInstanceKey,
      u.processInstanceKey,
      u.processDefinitionKey,
      u.bpmnProcessId,
      u.version,
      u.processName,
      u.elementId,
      u.name,
      'CREATED',
      u.assignee,
      pgArray(u.candidateGroups),
      pgArray(u.candidateUsers),
      u.dueDate,
      u.followUpDate,
      now,
      u.priority,
      JSON.stringify(u.customHeaders),
      u.externalFormReference,
      pgArray(u.scopeKeys),
      u.tenantId,
    ]),
  );
  for (const state of ['COMPLETED', 'CANCELED'] as const) {
    const keys = b.userTasksClosed.filter((u) => u.state === state).map((u) => u.elementInstanceKey);
    if (keys.length) {
      await c.query(
        `UPDATE engine_user_task SET state = $1, completion_date = to_timestamp($2 / 1000.0)
         WHERE element_instance_key = ANY($3::bigint[]) AND state = 'CREATED'`,
        [state, now, keys],
      );
    }
  }
  await insertMany(
    c,
    'engine_timer',
    [
      ['key', 'bigint[]'],
      ['process_instance_key', 'bigint[]'],
      ['process_definition_key', 'bigint[]'],
      ['element_instance_key', 'bigint[]'],
      ['element_id', 'text[]'],
      ['exec_id', 'text[]'],
      ['due_date', T, TS],
      ['repetitions', 'int[]'],
      ['cycle', 'text[]'],
      ['state', 'text[]'],
      ['tenant_id', 'text[]'],
    ],
    b.timers.map((t) => [
      t.key,
      t.processInstanceKey,
      t.processDefinitionKey,
      t.elementInstanceKey,
      t.elementId,
      t.execId,
      t.dueDate,
      t.repetitions,
      t.cycle,
      'ACTIVE',
      t.tenantId,
    ]),
  );
  await closeByKey(c, 'engine_timer', b.timersClosed, "state = 'ACTIVE'", now);
  await insertMany(
    c,
    'engine_message_subscription',
    [
      ['key', 'bigint[]'],
      ['process_instance_key', 'bigint[]'],
      ['process_definition_key', 'bigint[]'],
      ['bpmn_process_id', 'text[]'],
      ['element_instance_key', 'bigint[]'],
      ['element_id', 'text[]'],
      ['exec_id', 'text[]'],
      ['message_name', 'text[]'],
      ['correlation_key', 'text[]'],
      ['state', 'text[]'],
      ['interrupting', 'bool[]'],
      ['tenant_id', 'text[]'],
      ['last_updated', T, TS],
    ],
    b.subscriptions.map((s) => [
      s.key,
      s.processInstanceKey,
      s.processDefinitionKey,
      s.bpmnProcessId,
      s.elementInstanceKey,
      s.elementId,
      s.execId,
      s.messageName,
      s.correlationKey,
      'CREATED',
      s.interrupting,
      s.tenantId,
      now,
    ]),
  );
  await closeByKey(
    c,
    'engine_message_subscription',
    b.subscriptionsClosed,
    "state = 'CREATED'",
    now,
    'last_updated',
  );
  await insertMany(
    c,
    'engine_incident',
    [
      ['key', 'bigint[]'],
      ['process_instance_key', 'bigint[]'],
      ['process_definition_key', 'bigint[]'],
      ['bpmn_process_id', 'text[]'],
      ['element_id', 'text[]'],
      ['element_instance_key', 'bigint[]'],
      ['job_key', 'bigint[]'],
      ['error_type', 'text[]'],
      ['error_message', 'text[]'],
      ['state', 'text[]'],
      ['creation_time', T, TS],
      ['tenant_id', 'text[]'],
    ],
    b.incidents.map((i) => [
      i.key,
      i.processInstanceKey,
      i.processDefinitionKey,
      i.bpmnProcessId,
      i.elementId,
      i.elementInstanceKey,
      i.jobKey,
      i.errorType,
      i.errorMessage,
      'ACTIVE',
      now,
      i.tenantId,
    ]),
  );
  const resolved = b.incidentsResolved;
  if (resolved.length) {
    await c.query(
      `UPDATE engine_incident SET state = 'RESOLVED'
       WHERE state = 'ACTIVE' AND (key = ANY($1::bigint[]) OR element_instance_key = ANY($2::bigint[]))`,
      [
        resolved.flatMap((r) => (r.key ? [r.key] : [])),
        resolved.flatMap((r) => (r.elementInstanceKey ? [r.elementInstanceKey] : [])),
      ],
    );
  }
  if (b.correlations.length) {
    await insertMany(
      c,
      'engine_message_correlation',
      [
        ['message_key', 'bigint[]'],
        ['bpmn_process_id', 'text[]'],
        ['process_instance_key', 'bigint[]'],
      ],
      b.correlations.map((r) => [r.messageKey, r.bpmnProcessId, r.processInstanceKey]),
      'ON CONFLICT DO NOTHING',
    );
  }
  return writeInstanceEnd(c, b);
}

async function closeByKey(
  c: Queryable,
  table: string,
  closed: { key?: string; elementInstanceKey?: string; state: string }[],
  openCondition: string,
  now: number,
  touched?: string,
): Promise<void> {
  for (const state of new Set(closed.map((x) => x.state))) {
    const list = closed.filter((x) => x.state === state);
    await c.query(
      `UPDATE ${table} SET state = $1${touched ? `, ${touched} = to_timestamp($4 / 1000.0)` : ''}
       WHERE ${openCondition} AND (key = ANY($2::bigint[]) OR element_instance_key = ANY($3::bigint[]))`,
      [
        state,
        list.flatMap((x) => (x.key ? [x.key] : [])),
        list.flatMap((x) => (x.elementInstanceKey ? [x.elementInstanceKey] : [])),
        ...(touched ? [now] : []),
      ],
    );
  }
}
