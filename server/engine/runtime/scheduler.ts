/**
 * Fires due timers (indexed by due date in engine_timer), on the engine clock: a pinned clock
 * moved forward fires what became due at once. Timer start events create instances (and cycle
 * on); other timers trigger their instance. Also returns timed-out jobs to activatable and drops
 * expired buffered messages. After a restart, everything that fell due while the engine was
 * down fires on the first tick.
 */
import type pg from 'pg';
import { EngineRejection } from '../errors';
import type { EngineLogger } from '../log';
import { nextDue } from '../model/timer-spec';
import type { Batch } from './batch';
import type { JobService } from './jobs';
import type { Runtime } from './runtime';

interface TimerRowDb {
  key: string;
  process_instance_key: string | null;
  process_definition_key: string;
  element_id: string;
  due_date: Date;
  repetitions: number;
  cycle: string | null;
}

const MAX_SLEEP_MS = 1_000;

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly runtime: Runtime,
    private readonly jobs: JobService,
    private readonly log: EngineLogger,
  ) {
    runtime.on('committed', (batch: Batch) => {
      if (batch.timers.length) this.poke();
    });
    runtime.clock.on('change', () => this.poke());
  }

  start(): void {
    this.poke();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Runs a tick now (or right after the current one). */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.running = this.tick()
      .catch((err) => this.log.error({ err }, 'scheduler tick failed'))
      .finally(() => {
        this.running = null;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.poke();
        } else {
          this.timer = setTimeout(() => this.poke(), MAX_SLEEP_MS);
          this.timer.unref();
        }
      });
  }

  /** Resolves once a tick has run after this call (tests: fire what is due now). */
  async settle(): Promise<void> {
    await this.running;
    this.poke();
    await this.running;
  }

  private async tick(): Promise<void> {
    const rt = this.runtime;
    for (;;) {
      const now = rt.clock.now();
      const { rows } = await rt.db.query<TimerRowDb>(
        `SELECT key, process_instance_key, process_definition_key, element_id, due_date, repetitions, cycle
         FROM engine_timer WHERE state = 'ACTIVE' AND due_date <= to_timestamp($1 / 1000.0)
         ORDER BY due_date, key LIMIT 100`,
        [now],
      );
      for (const row of rows) {
        if (this.stopped) return;
        await this.fire(row).catch((err) => {
          if (err instanceof EngineRejection) return this.cancelTimer(row.key);
          this.log.error({ err, timerKey: row.key }, 'timer could not fire; retrying on the next tick');
        });
      }
      if (rows.length < 100) break;
    }
    await this.sweepJobs();
    await rt.db.query(`DELETE FROM engine_message WHERE expires_at <= to_timestamp($1 / 1000.0)`, [
      rt.clock.now(),
    ]);
  }

  private async fire(row: TimerRowDb): Promise<void> {
    const rt = this.runtime;
    const due = row.due_date.getTime();
    const lock = async (c: pg.PoolClient) => {
      const { rows } = await c.query(`SELECT state FROM engine_timer WHERE key = $1 FOR UPDATE`, [row.key]);
      if (rows[0]?.state !== 'ACTIVE') throw new EngineRejection('INVALID_STATE', 'timer already handled');
    };
    if (row.process_instance_key) {
      await rt.onInstance(
        row.process_instance_key,
        (inst) => void inst.fireTimer(row.key, due, row.repetitions, row.cycle),
        lock,
      );
      return;
    }
    const def = rt.models.byKey(row.process_definition_key);
    if (!def) return this.cancelTimer(row.key);
    await rt.startInstance(def, {}, row.element_id, undefined, async (c) => {
      await lock(c);
      if (row.cycle && row.repetitions !== 1) {
        await c.query(`UPDATE engine_timer SET due_date = $2, repetitions = $3 WHERE key = $1`, [
          row.key,
          new Date(nextDue(row.cycle, due)),
          row.repetitions === -1 ? -1 : row.repetitions - 1,
        ]);
      } else {
        await c.query(`UPDATE engine_timer SET state = 'TRIGGERED' WHERE key = $1`, [row.key]);
      }
    });
  }

  private async cancelTimer(key: string): Promise<void> {
    await this.runtime.db.query(
      `UPDATE engine_timer SET state = 'CANCELED' WHERE key = $1 AND state = 'ACTIVE'`,
      [key],
    );
  }

  /**
   * Jobs whose deadline passed become activatable again, and jobs whose retry back-off ended are
   * activatable now: wake the long polls of their types (a waiting poll does not look by itself).
   */
  private async sweepJobs(): Promise<void> {
    const now = this.runtime.clock.now();
    const { rows } = await this.runtime.db.query<{ type: string }>(
      `UPDATE engine_job SET status = 'activatable', state = 'TIMED_OUT', deadline = NULL, worker = ''
       WHERE status = 'activated' AND deadline <= to_timestamp($1 / 1000.0) RETURNING type`,
      [now],
    );
    const { rows: retried } = await this.runtime.db.query<{ type: string }>(
      `SELECT DISTINCT type FROM engine_job
       WHERE status = 'activatable' AND retries > 0
         AND retry_at <= to_timestamp($1 / 1000.0)`,
      [now],
    );
    for (const type of new Set([...rows, ...retried].map((r) => r.type))) this.jobs.notify(type);
  }
}
