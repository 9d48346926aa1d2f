/**
 * A subscription opened by a command takes a buffered message at once: the oldest live message
 * with its name and correlation key that no instance of the same process (BPMN process id) has
 * taken yet; Zeebe correlates a message at most once per process.
 *
 * A publication and the command that opens a matching subscription may run at the same time, each
 * in its own transaction: neither would see the other's row (the message; the subscription) before
 * it commits, and the message would stay buffered beside an open subscription that never takes it.
 * Both therefore take the same transaction-level advisory lock per (tenant, name, correlation key)
 * — the publication in MessageService.publish, the command here before it looks for messages — so
 * whichever comes second sees what the first committed.
 */
import type pg from 'pg';
import type { LiveInstance } from './instance/live-instance';
import type { Runtime } from './runtime';

/** The advisory lock key text shared with MessageService.publish. */
export const messageLockKey = (tenantId: string, name: string, correlationKey: string) =>
  `${tenantId}|${name}|${correlationKey}`;

export async function correlateBuffered(
  _runtime: Runtime,
  inst: LiveInstance,
  c: pg.PoolClient,
): Promise<void> {
  const batch = inst.batch;
  const isOpen = (key: string) => Object.values(inst.state.waits).some((w) => w.sub === key);
  const locked = new Set<string>();
  const lock = async (keys: string[]) => {
    // In one order, so that two commands opening subscriptions of the same messages cannot deadlock.
    for (const key of [...new Set(keys)].filter((k) => !locked.has(k)).sort()) {
      await c.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [key]);
      locked.add(key);
    }
  };
  const lockKey = (s: (typeof batch.subscriptions)[number]) =>
    messageLockKey(s.tenantId, s.messageName, s.correlationKey);
  await lock(batch.subscriptions.filter((s) => isOpen(s.key)).map(lockKey));
  // A taken message may lead on to further waits: their subscriptions are appended as we go.
  for (let i = 0; i < batch.subscriptions.length; i++) {
    const sub = batch.subscriptions[i]!;
    if (!isOpen(sub.key)) continue;
    await lock([lockKey(sub)]);
    for (;;) {
      const { rows } = await c.query<{ key: string; variables: string }>(
        `SELECT m.key, m.variables FROM engine_message m
         WHERE m.name = $1 AND m.correlation_key = $2 AND m.tenant_id = $3 AND m.expires_at > to_timestamp($4 / 1000.0)
           AND NOT EXISTS (SELECT 1 FROM engine_message_correlation mc
                           WHERE mc.message_key = m.key AND mc.bpmn_process_id = $5)
         ORDER BY m.key LIMIT 1`,
        [sub.messageName, sub.correlationKey, sub.tenantId, batch.now, sub.bpmnProcessId],
      );
      const message = rows[0];
      if (!message) break;
      const claimed = await c.query(
        `INSERT INTO engine_message_correlation (message_key, bpmn_process_id, process_instance_key)
         VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [message.key, sub.bpmnProcessId, inst.info.key],
      );
      if (!claimed.rowCount) continue;
      inst.correlate(sub.key, JSON.parse(message.variables) as Record<string, unknown>);
      break;
    }
  }
}
