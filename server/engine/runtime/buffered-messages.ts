/**
 * A subscription opened by a command takes a buffered message at once: the oldest live message
 * with its name and correlation key that no instance of the same process (BPMN process id) has
 * taken yet; Zeebe correlates a message at most once per process.
 */
import type pg from 'pg';
import type { LiveInstance } from './instance/live-instance';
import type { Runtime } from './runtime';

export async function correlateBuffered(
  _runtime: Runtime,
  inst: LiveInstance,
  c: pg.PoolClient,
): Promise<void> {
  const batch = inst.batch;
  for (let i = 0; i < batch.subscriptions.length; i++) {
    const sub = batch.subscriptions[i]!;
    const open = Object.values(inst.state.waits).some((w) => w.sub === sub.key);
    if (!open) continue;
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
