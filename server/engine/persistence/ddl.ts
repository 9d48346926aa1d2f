/**
 * The engine's own versioned schema, applied by the engine at start in the connection's
 * search_path (tables prefixed `engine_`). Append a new entry to change it; never edit one
 * that has shipped.
 */
import type { EngineDb } from './db';

const MIGRATIONS: string[] = [
  /* 1: initial schema */ `
  CREATE SEQUENCE engine_key_seq START WITH 2251799813685249 INCREMENT BY 1000000;

  CREATE TABLE engine_process_definition (
    key bigint PRIMARY KEY,
    bpmn_process_id text NOT NULL,
    version int NOT NULL,
    version_tag text,
    name text,
    resource_name text NOT NULL,
    checksum text NOT NULL,
    deployment_key bigint NOT NULL,
    tenant_id text NOT NULL,
    xml text NOT NULL,
    deployed_at timestamptz NOT NULL,
    UNIQUE (tenant_id, bpmn_process_id, version)
  );

  CREATE TABLE engine_process_instance (
    key bigint PRIMARY KEY,
    process_definition_key bigint NOT NULL,
    bpmn_process_id text NOT NULL,
    version int NOT NULL,
    version_tag text,
    process_name text NOT NULL,
    state text NOT NULL,
    start_date timestamptz NOT NULL,
    end_date timestamptz,
    parent_process_instance_key bigint,
    parent_element_instance_key bigint,
    tenant_id text NOT NULL,
    start_element_id text NOT NULL,
    tags text[] NOT NULL DEFAULT '{}'
  );
  CREATE INDEX engine_pi_definition ON engine_process_instance (process_definition_key, state);
  CREATE INDEX engine_pi_parent ON engine_process_instance (parent_process_instance_key);
  CREATE INDEX engine_pi_state ON engine_process_instance (state, key);

  CREATE TABLE engine_instance_state (
    process_instance_key bigint PRIMARY KEY,
    snapshot text NOT NULL,
    updated_at timestamptz NOT NULL
  );

  CREATE TABLE engine_element_instance (
    key bigint PRIMARY KEY,
    process_instance_key bigint NOT NULL,
    process_definition_key bigint NOT NULL,
    bpmn_process_id text NOT NULL,
    element_id text NOT NULL,
    element_name text NOT NULL,
    type text NOT NULL,
    state text NOT NULL,
    start_date timestamptz NOT NULL,
    end_date timestamptz,
    flow_scope_key bigint,
    tenant_id text NOT NULL
  );
  CREATE INDEX engine_ei_instance ON engine_element_instance (process_instance_key, key);
  CREATE INDEX engine_ei_definition ON engine_element_instance (process_definition_key, element_id, state);

  CREATE TABLE engine_variable (
    key bigint PRIMARY KEY,
    name text NOT NULL,
    value text NOT NULL,
    scope_key bigint NOT NULL,
    process_instance_key bigint NOT NULL,
    tenant_id text NOT NULL,
    UNIQUE (scope_key, name)
  );
  CREATE INDEX engine_var_instance ON engine_variable (process_instance_key, name);

  CREATE TABLE engine_job (
    key bigint PRIMARY KEY,
    type text NOT NULL,
    status text NOT NULL,
    state text NOT NULL,
    worker text NOT NULL DEFAULT '',
    retries int NOT NULL,
    deadline timestamptz,
    retry_at timestamptz,
    error_message text,
    error_code text,
    failed_with_retries_left boolean NOT NULL DEFAULT false,
    custom_headers text NOT NULL,
    element_id text NOT NULL,
    element_instance_key bigint NOT NULL,
    process_instance_key bigint NOT NULL,
    process_definition_key bigint NOT NULL,
    bpmn_process_id text NOT NULL,
    version int NOT NULL,
    scope_keys bigint[] NOT NULL,
    tenant_id text NOT NULL,
    created_at timestamptz NOT NULL,
    end_time timestamptz
  );
  CREATE INDEX engine_job_activatable ON engine_job (type, key) WHERE status IN ('activatable', 'activated');
  CREATE INDEX engine_job_instance ON engine_job (process_instance_key);
  CREATE INDEX engine_job_element ON engine_job (element_instance_key);

  CREATE TABLE engine_user_task (
    key bigint PRIMARY KEY,
    element_instance_key bigint NOT NULL,
    process_instance_key bigint NOT NULL,
    process_definition_key bigint NOT NULL,
    bpmn_process_id text NOT NULL,
    version int NOT NULL,
    process_name text NOT NULL,
    element_id text NOT NULL,
    name text NOT NULL,
    state text NOT NULL,
    assignee text,
    candidate_groups text[] NOT NULL DEFAULT '{}',
    candidate_users text[] NOT NULL DEFAULT '{}',
    due_date timestamptz,
    follow_up_date timestamptz,
    creation_date timestamptz NOT NULL,
    completion_date timestamptz,
    priority int NOT NULL DEFAULT 50,
    custom_headers text NOT NULL DEFAULT '{}',
    external_form_reference text,
    scope_keys bigint[] NOT NULL,
    tenant_id text NOT NULL
  );
  CREATE INDEX engine_ut_state ON engine_user_task (state, key);
  CREATE INDEX engine_ut_assignee ON engine_user_task (assignee);
  CREATE INDEX engine_ut_groups ON engine_user_task USING gin (candidate_groups);
  CREATE INDEX engine_ut_users ON engine_user_task USING gin (candidate_users);
  CREATE INDEX engine_ut_instance ON engine_user_task (process_instance_key);
  CREATE INDEX engine_ut_element_instance ON engine_user_task (element_instance_key);

  CREATE TABLE engine_timer (
    key bigint PRIMARY KEY,
    process_instance_key bigint,
    process_definition_key bigint NOT NULL,
    element_instance_key bigint,
    element_id text NOT NULL,
    exec_id text,
    due_date timestamptz NOT NULL,
    repetitions int NOT NULL DEFAULT 1,
    cycle text,
    state text NOT NULL,
    tenant_id text NOT NULL
  );
  CREATE INDEX engine_timer_due ON engine_timer (due_date) WHERE state = 'ACTIVE';
  CREATE INDEX engine_timer_instance ON engine_timer (process_instance_key) WHERE state = 'ACTIVE';

  CREATE TABLE engine_message (
    key bigint PRIMARY KEY,
    name text NOT NULL,
    correlation_key text NOT NULL,
    message_id text,
    variables text NOT NULL,
    tenant_id text NOT NULL,
    published_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
  );
  CREATE INDEX engine_message_lookup ON engine_message (name, correlation_key, expires_at);

  -- Zeebe correlates a message at most once per process (BPMN process id), across versions.
  CREATE TABLE engine_message_correlation (
    message_key bigint NOT NULL,
    bpmn_process_id text NOT NULL,
    process_instance_key bigint NOT NULL,
    PRIMARY KEY (message_key, bpmn_process_id)
  );

  CREATE TABLE engine_message_subscription (
    key bigint PRIMARY KEY,
    process_instance_key bigint NOT NULL,
    process_definition_key bigint NOT NULL,
    bpmn_process_id text NOT NULL,
    element_instance_key bigint NOT NULL,
    element_id text NOT NULL,
    exec_id text NOT NULL,
    message_name text NOT NULL,
    correlation_key text NOT NULL,
    state text NOT NULL,
    interrupting boolean NOT NULL,
    tenant_id text NOT NULL,
    last_updated timestamptz NOT NULL
  );
  CREATE INDEX engine_sub_open ON engine_message_subscription (message_name, correlation_key) WHERE state = 'CREATED';
  CREATE INDEX engine_sub_instance ON engine_message_subscription (process_instance_key) WHERE state = 'CREATED';

  CREATE TABLE engine_incident (
    key bigint PRIMARY KEY,
    process_instance_key bigint NOT NULL,
    process_definition_key bigint NOT NULL,
    bpmn_process_id text NOT NULL,
    element_id text NOT NULL,
    element_instance_key bigint NOT NULL,
    job_key bigint,
    error_type text NOT NULL,
    error_message text NOT NULL,
    state text NOT NULL,
    creation_time timestamptz NOT NULL,
    tenant_id text NOT NULL
  );
  CREATE INDEX engine_incident_instance ON engine_incident (process_instance_key, state);
  CREATE INDEX engine_incident_element ON engine_incident (element_instance_key) WHERE state = 'ACTIVE';

  CREATE TABLE engine_outbox (
    id bigserial PRIMARY KEY,
    process_instance_key bigint NOT NULL,
    command text NOT NULL,
    created_at timestamptz NOT NULL
  );
  `,
  /* 2: the inbox — open tasks by candidate group, in due-date order */ `
  CREATE INDEX engine_ut_open_due ON engine_user_task (due_date, key) WHERE state = 'CREATED';
  CREATE INDEX engine_ut_open_groups ON engine_user_task USING gin (candidate_groups) WHERE state = 'CREATED';
  `,
  /* 3: what changed since a moment — tasks created / completed, instances ended — in date order */ `
  CREATE INDEX engine_ut_created ON engine_user_task (creation_date, key);
  CREATE INDEX engine_ut_completed ON engine_user_task (completion_date, key) WHERE completion_date IS NOT NULL;
  CREATE INDEX engine_pi_ended ON engine_process_instance (end_date, key) WHERE end_date IS NOT NULL;
  `,
  /* 4: the group inbox — one row per candidate group of each open, unassigned task, kept by a
        trigger, so a group's page is read in due-date order from one btree and its (capped) count
        from the index alone, however many open tasks the other groups have */ `
  CREATE TABLE engine_user_task_inbox (
    candidate_group text NOT NULL,
    user_task_key bigint NOT NULL,
    due_date timestamptz,
    creation_date timestamptz NOT NULL,
    PRIMARY KEY (candidate_group, user_task_key)
  );
  CREATE INDEX engine_ut_inbox_order
    ON engine_user_task_inbox (candidate_group, due_date, creation_date, user_task_key);

  CREATE FUNCTION engine_user_task_inbox_sync() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
  BEGIN
    IF TG_OP <> 'INSERT' AND OLD.state = 'CREATED' AND OLD.assignee IS NULL THEN
      DELETE FROM engine_user_task_inbox WHERE user_task_key = OLD.key AND candidate_group = ANY (OLD.candidate_groups);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.state = 'CREATED' AND NEW.assignee IS NULL THEN
      INSERT INTO engine_user_task_inbox (candidate_group, user_task_key, due_date, creation_date)
      SELECT DISTINCT g, NEW.key, NEW.due_date, NEW.creation_date FROM unnest(NEW.candidate_groups) g;
    END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER engine_user_task_inbox_sync
    AFTER INSERT OR DELETE OR UPDATE OF state, assignee, candidate_groups, due_date, creation_date
    ON engine_user_task FOR EACH ROW EXECUTE FUNCTION engine_user_task_inbox_sync();

  INSERT INTO engine_user_task_inbox (candidate_group, user_task_key, due_date, creation_date)
  SELECT DISTINCT g, t.key, t.due_date, t.creation_date
    FROM engine_user_task t, unnest(t.candidate_groups) g
   WHERE t.state = 'CREATED' AND t.assignee IS NULL;
  `,
];

/** Applies pending migrations under an advisory lock; returns the schema version. */
export async function applySchema(db: EngineDb): Promise<number> {
  const { rows } = await db.query<{ s: string | null; path: string }>(
    `SELECT current_schema() AS s, current_setting('search_path') AS path`,
  );
  if (!rows[0]?.s) {
    // The first schema of the search_path does not exist yet: create it (a fresh test schema, say).
    const first = rows[0]!.path.split(',')[0]!.trim().replace(/^"|"$/g, '');
    await db.query(`CREATE SCHEMA IF NOT EXISTS "${first.replace(/"/g, '""')}"`);
  }
  return db.tx(async (c) => {
    await c.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.engine_schema'))`);
    await c.query(
      `CREATE TABLE IF NOT EXISTS engine_schema (version int PRIMARY KEY, applied_at timestamptz NOT NULL)`,
    );
    const { rows } = await c.query<{ v: number | null }>(`SELECT max(version) AS v FROM engine_schema`);
    const current = rows[0]?.v ?? 0;
    for (let v = current + 1; v <= MIGRATIONS.length; v++) {
      await c.query(MIGRATIONS[v - 1]!);
      await c.query(`INSERT INTO engine_schema (version, applied_at) VALUES ($1, now())`, [v]);
    }
    return MIGRATIONS.length;
  });
}
