/**
 * Work one instance leaves for another (start a called process, tell the caller its child ended
 * or threw, terminate a child, deliver a correlated message). Written in the same transaction as
 * the command that caused it; processed in order, one at a time, right after commit and again
 * at start-up, each in the target instance's own transaction that also deletes the row. A
 * request that caused outbox work waits until the outbox is idle, so its caller reads its own
 * writes.
 */
import type pg from 'pg';
import { EngineRejection } from '../errors';
import type { EngineLogger } from '../log';
import type { OutboxCommand } from './batch';
import type { Runtime } from './runtime';

class AlreadyProcessed extends Error {}

export class Outbox {
  private readonly queue: number[] = [];
  private readonly queued = new Set<number>();
  private idleWaiters: (() => void)[] = [];
  /** Counts enqueued rows, so a request can tell whether it caused outbox work. */
  private enqueued = 0;
  private pumping = false;
  private closed = false;

  constructor(
    private readonly runtime: Runtime,
    private readonly log: EngineLogger,
  ) {}

  enqueue(ids: number[]): void {
    for (const id of ids) {
      if (this.queued.has(id)) continue;
      this.queued.add(id);
      this.queue.push(id);
      this.enqueued++;
    }
    void this.pump();
  }

  /**
   * Runs `fn`; when outbox work was queued meanwhile, waits (up to `timeoutMs`) until the outbox
   * is idle, which includes the work `fn` caused and whatever that caused in turn.
   */
  async track<T>(fn: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
    const before = this.enqueued;
    const result = await fn();
    if (this.enqueued !== before && (this.queue.length || this.pumping)) {
      await Promise.race([
        new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
        new Promise((r) => setTimeout(r, timeoutMs).unref()),
      ]);
    }
    return result;
  }

  /** Outbox rows left by a previous run (crash between commit and processing). */
  async recover(): Promise<void> {
    const { rows } = await this.runtime.db.query<{ id: string }>(`SELECT id FROM engine_outbox ORDER BY id`);
    this.enqueue(rows.map((r) => Number(r.id)));
  }

  close(): void {
    this.closed = true;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length && !this.closed) {
        const id = this.queue.shift()!;
        try {
          await this.process(id);
        } catch (err) {
          if (err instanceof AlreadyProcessed) {
            // another run of this engine took it (start-up scan racing a commit)
          } else if (err instanceof EngineRejection) {
            this.log.warn({ outboxId: id, reason: err.message }, 'outbox command no longer applies; dropped');
            await this.runtime.db.query(`DELETE FROM engine_outbox WHERE id = $1`, [id]).catch(() => {});
          } else {
            this.log.error({ outboxId: id, err }, 'outbox command failed; retrying');
            this.queued.delete(id);
            setTimeout(() => this.enqueue([id]), 1_000).unref();
            continue;
          }
        }
        this.queued.delete(id);
      }
    } finally {
      this.pumping = false;
      if (!this.queue.length) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        waiters.forEach((w) => w());
      }
    }
  }

  private async process(id: number): Promise<void> {
    const { rows } = await this.runtime.db.query<{ command: string }>(
      `SELECT command FROM engine_outbox WHERE id = $1`,
      [id],
    );
    if (!rows[0]) return;
    const cmd = JSON.parse(rows[0].command) as OutboxCommand;
    const claim = async (c: pg.PoolClient) => {
      const r = await c.query(`DELETE FROM engine_outbox WHERE id = $1`, [id]);
      if (!r.rowCount) throw new AlreadyProcessed();
    };
    const rt = this.runtime;
    switch (cmd.kind) {
      case 'start-child': {
        const def = rt.models.byKey(cmd.definitionKey)!;
        const start = def.model.starts.find((s) => s.kind === 'none')!;
        await rt.startInstance(
          def,
          cmd.variables,
          start.id,
          { key: cmd.childKey, parent: cmd.parent },
          claim,
        );
        return;
      }
      case 'start-instance': {
        const def = rt.models.byKey(cmd.definitionKey)!;
        await rt.startInstance(def, cmd.variables, cmd.startId, undefined, claim, cmd.key);
        return;
      }
      case 'child-completed':
        await rt.onInstance(
          cmd.parent.processInstanceKey,
          (inst) => inst.completeTask(cmd.parent.elementInstanceKey, cmd.variables),
          claim,
        );
        return;
      case 'child-error':
        await rt.onInstance(
          cmd.parent.processInstanceKey,
          (inst) =>
            void inst.throwError(cmd.parent.elementInstanceKey, cmd.code, cmd.message, cmd.variables, null),
          claim,
        );
        return;
      case 'terminate':
        await rt.terminate(cmd.processInstanceKey, claim);
        return;
      case 'correlate':
        await rt.onInstance(
          cmd.processInstanceKey,
          async (inst, c) => {
            if (inst.correlate(cmd.subscriptionKey, cmd.variables)) return;
            // The subscription closed meanwhile: free the message for a later subscription.
            await c.query(
              `DELETE FROM engine_message_correlation WHERE message_key = $1 AND process_instance_key = $2`,
              [cmd.messageKey, cmd.processInstanceKey],
            );
          },
          claim,
        );
        return;
    }
  }
}
