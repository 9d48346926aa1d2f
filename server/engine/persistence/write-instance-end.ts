/** The end of a command's batch: instance termination/completion, snapshot, outbox rows. */
import type { Batch, OutboxCommand } from '../runtime/batch';
import type { Queryable } from './db';

export async function writeInstanceEnd(c: Queryable, b: Batch): Promise<number[]> {
  const pi = b.instanceKey;
  if (b.terminateAll && pi) {
    const at = [pi, b.now];
    await c.query(
      `UPDATE engine_job SET status = 'canceled', state = 'CANCELED', end_time = to_timestamp($2 / 1000.0), deadline = NULL
       WHERE process_instance_key = $1 AND status NOT IN ('completed', 'canceled')`,
      at,
    );
    await c.query(
      `UPDATE engine_user_task SET state = 'CANCELED', completion_date = to_timestamp($2 / 1000.0)
       WHERE process_instance_key = $1 AND state = 'CREATED'`,
      at,
    );
    await c.query(
      `UPDATE engine_timer SET state = 'CANCELED' WHERE process_instance_key = $1 AND state = 'ACTIVE'`,
      [pi],
    );
    await c.query(
      `UPDATE engine_message_subscription SET state = 'DELETED', last_updated = to_timestamp($2 / 1000.0)
       WHERE process_instance_key = $1 AND state = 'CREATED'`,
      at,
    );
    await c.query(
      `UPDATE engine_incident SET state = 'RESOLVED' WHERE process_instance_key = $1 AND state = 'ACTIVE'`,
      [pi],
    );
  }
  if (b.processEnd && pi) {
    await c.query(
      `UPDATE engine_process_instance SET state = $2, end_date = to_timestamp($3 / 1000.0) WHERE key = $1`,
      [pi, b.processEnd.state, b.processEnd.endDate],
    );
  }
  if (b.snapshot === null && pi)
    await c.query(`DELETE FROM engine_instance_state WHERE process_instance_key = $1`, [pi]);
  else if (typeof b.snapshot === 'string' && pi) {
    await c.query(
      `INSERT INTO engine_instance_state (process_instance_key, snapshot, updated_at) VALUES ($1, $2, to_timestamp($3 / 1000.0))
       ON CONFLICT (process_instance_key) DO UPDATE SET snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at`,
      [pi, b.snapshot, b.now],
    );
  }
  return writeOutbox(c, b.outbox, b.now);
}

export async function writeOutbox(c: Queryable, commands: OutboxCommand[], now: number): Promise<number[]> {
  if (!commands.length) return [];
  const { rows } = await c.query<{ id: string }>(
    `INSERT INTO engine_outbox (process_instance_key, command, created_at)
     SELECT u.k, u.c, to_timestamp($3 / 1000.0) FROM unnest($1::bigint[], $2::text[]) AS u(k, c) RETURNING id`,
    [commands.map(targetOf), commands.map((x) => JSON.stringify(x)), now],
  );
  return rows.map((r) => Number(r.id));
}

export function targetOf(command: OutboxCommand): string {
  switch (command.kind) {
    case 'start-child':
      return command.childKey;
    case 'start-instance':
      return command.key;
    case 'child-completed':
    case 'child-error':
      return command.parent.processInstanceKey;
    case 'terminate':
    case 'correlate':
      return command.processInstanceKey;
  }
}
