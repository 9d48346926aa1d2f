/**
 * Jobs with Zeebe's semantics. Activation hands each activatable job to exactly one worker (row
 * locks, SKIP LOCKED) until its deadline; a job whose deadline passed is activatable again
 * (TIMED_OUT). Failing with retries left makes it activatable after the back-off; with none left
 * it raises a JOB_NO_RETRIES incident. Activation long-polls: it waits for jobs of its type up to
 * the request timeout, woken by commits that create or free such jobs.
 */
import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { invalidArgument, invalidState, notFound } from '../errors';
import type { Queryable } from '../persistence/db';
import { writeBatch } from '../persistence/write-batch';
import { Batch } from './batch';
import type { Runtime } from './runtime';

export interface ActivateRequest {
  type: string;
  worker: string;
  timeout: number;
  maxJobsToActivate: number;
  fetchVariable?: string[];
  requestTimeout: number;
  tenantIds: string[];
}

export interface JobRowDb {
  key: string;
  type: string;
  status: string;
  state: string;
  worker: string;
  retries: number;
  deadline: Date | null;
  retry_at: Date | null;
  error_message: string | null;
  error_code: string | null;
  failed_with_retries_left: boolean;
  custom_headers: string;
  element_id: string;
  element_instance_key: string;
  process_instance_key: string;
  process_definition_key: string;
  bpmn_process_id: string;
  version: number;
  scope_keys: string[];
  tenant_id: string;
  end_time: Date | null;
}

/** Long polling without a request timeout waits this long, like Zeebe's gateway default. */
const DEFAULT_LONG_POLL_MS = 10_000;
/**
 * A waiting long poll looks again this often even when nothing woke it. Commits that create or
 * free jobs wake it at once, and the scheduler's sweep (every second) wakes it for timed-out jobs
 * and ended back-offs, so this is only a safety net: polling every job type's table twice a
 * second cost an idle server a transaction per worker per half second.
 */
const RECHECK_MS = 5_000;

export class JobService {
  private readonly wake = new EventEmitter();

  constructor(private readonly runtime: Runtime) {
    this.wake.setMaxListeners(0);
    runtime.on('committed', (batch: Batch) => {
      for (const type of new Set(batch.jobs.map((j) => j.type))) this.notify(type);
    });
    runtime.clock.on('change', () => this.wake.emit('*'));
  }

  notify(type: string): void {
    this.wake.emit(type);
  }

  async activate(
    req: ActivateRequest,
    signal?: AbortSignal,
  ): Promise<{ job: JobRowDb; variables: Record<string, unknown> }[]> {
    const until = Date.now() + (req.requestTimeout === 0 ? DEFAULT_LONG_POLL_MS : req.requestTimeout);
    for (;;) {
      const jobs = await this.tryActivate(req);
      if (jobs.length || req.requestTimeout < 0 || Date.now() >= until || signal?.aborted) return jobs;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.wake.off(req.type, done);
          this.wake.off('*', done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(RECHECK_MS, Math.max(0, until - Date.now())));
        this.wake.on(req.type, done);
        this.wake.on('*', done);
        signal?.addEventListener('abort', done);
      });
    }
  }

  private async tryActivate(req: ActivateRequest) {
    const now = this.runtime.clock.now();
    const rows = await this.runtime.db.tx(async (c) => {
      await c.query(
        `UPDATE engine_job SET status = 'activatable', state = 'TIMED_OUT', deadline = NULL, worker = ''
         WHERE type = $1 AND status = 'activated' AND deadline <= to_timestamp($2 / 1000.0)`,
        [req.type, now],
      );
      const { rows } = await c.query<JobRowDb>(
        `UPDATE engine_job j SET status = 'activated', worker = $2, deadline = to_timestamp($3 / 1000.0), retry_at = NULL
         FROM (SELECT key FROM engine_job
               WHERE type = $1 AND status = 'activatable' AND retries > 0 AND tenant_id = ANY($5::text[])
                 AND (retry_at IS NULL OR retry_at <= to_timestamp($4 / 1000.0))
               ORDER BY key LIMIT $6 FOR UPDATE SKIP LOCKED) picked
         WHERE j.key = picked.key
         RETURNING j.*`,
        [req.type, req.worker, now + req.timeout, now, req.tenantIds, req.maxJobsToActivate],
      );
      return rows;
    });
    if (!rows.length) return [];
    rows.sort((a, b) => (BigInt(a.key) < BigInt(b.key) ? -1 : 1));
    const variables = await visibleVariables(this.runtime.db.pool, rows, req.fetchVariable);
    return rows.map((job, i) => ({ job, variables: variables[i]! }));
  }

  async job(key: string, c: Queryable = this.runtime.db.pool, lock = false): Promise<JobRowDb | undefined> {
    const { rows } = await c.query<JobRowDb>(
      `SELECT * FROM engine_job WHERE key = $1${lock ? ' FOR UPDATE' : ''}`,
      [key],
    );
    return rows[0];
  }

  async complete(key: string, variables: Record<string, unknown>): Promise<void> {
    const job = await this.existing(key, 'complete');
    await this.runtime.onInstance(
      job.process_instance_key,
      (inst) => inst.completeTask(job.element_instance_key, variables),
      async (c, batch) => {
        const locked = (await this.job(key, c, true))!;
        open(locked, 'complete', ['activatable', 'activated']);
        batch.jobsClosed.push({ key, state: 'COMPLETED' });
      },
    );
  }

  async fail(
    key: string,
    retries: number,
    errorMessage: string,
    backoff: number,
    variables: Record<string, unknown>,
  ) {
    const job = await this.existing(key, 'fail');
    const apply = async (c: pg.PoolClient, batch: Batch) => {
      const locked = (await this.job(key, c, true))!;
      open(locked, 'fail', ['activated']);
      const now = batch.now;
      if (retries > 0) {
        await c.query(
          `UPDATE engine_job SET status = 'activatable', state = 'FAILED', retries = $2, error_message = $3, worker = '',
             deadline = NULL, failed_with_retries_left = true, retry_at = $4 WHERE key = $1`,
          [key, retries, errorMessage, backoff > 0 ? new Date(now + backoff) : null],
        );
      } else {
        await c.query(
          `UPDATE engine_job SET status = 'failed', state = 'FAILED', retries = 0, error_message = $2, deadline = NULL,
             failed_with_retries_left = false WHERE key = $1`,
          [key, errorMessage],
        );
        jobIncident(this.runtime, locked, batch, errorMessage || 'No more retries left.');
      }
    };
    if (Object.keys(variables).length) {
      // Variables given with a failure become local variables of the task, as in Zeebe.
      await this.runtime.onInstance(
        job.process_instance_key,
        (inst) => {
          inst.scopes.setLocals(job.element_instance_key, variables);
        },
        apply,
      );
    } else {
      const batch = new Batch(this.runtime.clock.now());
      await this.runtime.db.tx(async (c) => {
        await apply(c, batch);
        await writeBatch(c, batch, this.runtime.keys);
      });
    }
    if (retries > 0 && backoff <= 0) this.notify(job.type);
  }

  async throwError(
    key: string,
    code: string,
    message: string,
    variables: Record<string, unknown>,
  ): Promise<void> {
    const job = await this.existing(key, 'throw an error for');
    await this.runtime.onInstance(
      job.process_instance_key,
      (inst, c, batch) => {
        const outcome = inst.throwError(job.element_instance_key, code, message, variables, key);
        batch.jobsClosed.push({ key, state: 'ERROR_THROWN' });
        return outcome;
      },
      async (c) => {
        const locked = (await this.job(key, c, true))!;
        open(locked, 'throw an error for', ['activatable', 'activated']);
        await c.query(`UPDATE engine_job SET error_code = $2, error_message = $3 WHERE key = $1`, [
          key,
          code,
          message,
        ]);
      },
    );
  }

  async update(key: string, retries: number | null, timeout: number | null): Promise<void> {
    await this.runtime.db.tx(async (c) => {
      const job = await this.job(key, c, true);
      if (!job || ['completed', 'canceled'].includes(job.status)) {
        throw notFound(
          `Command 'UPDATE' rejected with code 'NOT_FOUND': Expected to update job with key '${key}', but no such job was found`,
        );
      }
      if (retries !== null) {
        if (retries < 1)
          throw invalidArgument(`Expected job retries to be greater than zero, but was '${retries}'`);
        await c.query(`UPDATE engine_job SET retries = $2, state = 'RETRIES_UPDATED' WHERE key = $1`, [
          key,
          retries,
        ]);
      }
      if (timeout !== null) {
        if (job.status !== 'activated') {
          throw invalidState(`Expected to update the timeout of job with key '${key}', but it is not active`);
        }
        await c.query(`UPDATE engine_job SET deadline = $2 WHERE key = $1`, [
          key,
          new Date(this.runtime.clock.now() + timeout),
        ]);
      }
    });
    const job = await this.job(key);
    if (job) this.notify(job.type);
  }

  private async existing(key: string, verb: string): Promise<JobRowDb> {
    const job = await this.job(key);
    if (!job || ['completed', 'canceled'].includes(job.status)) {
      throw notFound(`Expected to ${verb} job with key '${key}', but no such job was found`);
    }
    return job;
  }
}

function open(job: JobRowDb, verb: string, allowed: string[]): void {
  if (['completed', 'canceled'].includes(job.status)) {
    throw notFound(`Expected to ${verb} job with key '${job.key}', but no such job was found`);
  }
  if (!allowed.includes(job.status)) {
    const state =
      job.status === 'failed' ? 'FAILED' : job.status === 'error' ? 'ERROR_THROWN' : job.status.toUpperCase();
    throw invalidState(`Expected to ${verb} job with key '${job.key}', but it is in state '${state}'`);
  }
}

/** Raises a JOB_NO_RETRIES incident for a job. */
export function jobIncident(runtime: Runtime, job: JobRowDb, batch: Batch, message: string): void {
  batch.incidents.push({
    key: runtime.keys.take(),
    processInstanceKey: job.process_instance_key,
    processDefinitionKey: job.process_definition_key,
    bpmnProcessId: job.bpmn_process_id,
    tenantId: job.tenant_id,
    elementId: job.element_id,
    elementInstanceKey: job.element_instance_key,
    jobKey: job.key,
    errorType: 'JOB_NO_RETRIES',
    errorMessage: message,
  });
}

/** The variables visible to each job's element instance (inner scopes win), optionally filtered. */
export async function visibleVariables(
  c: Queryable,
  rows: { scope_keys: string[] }[],
  names?: string[],
): Promise<Record<string, unknown>[]> {
  const keys = [...new Set(rows.flatMap((r) => r.scope_keys))];
  const filter = names?.length ? names : null;
  const { rows: vars } = await c.query<{ scope_key: string; name: string; value: string }>(
    `SELECT scope_key, name, value FROM engine_variable
     WHERE scope_key = ANY($1::bigint[]) AND ($2::text[] IS NULL OR name = ANY($2::text[]))`,
    [keys, filter],
  );
  const byScope = new Map<string, Record<string, unknown>>();
  for (const v of vars) {
    const scope = byScope.get(v.scope_key) ?? {};
    scope[v.name] = JSON.parse(v.value);
    byScope.set(v.scope_key, scope);
  }
  return rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const k of [...r.scope_keys].reverse()) Object.assign(out, byScope.get(k));
    return out;
  });
}
