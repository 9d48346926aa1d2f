/**
 * Messages (Zeebe semantics). Publishing correlates to every open subscription with the message's
 * name and correlation key — at most one per process (BPMN process id) — and to message start
 * events; a message with a time to live is also buffered so subscriptions opened later take it.
 * A message id must be unique among the buffered messages with the same name and correlation key.
 * Correlating (POST /messages/correlation) does the same without buffering and reports the
 * instance it reached, or NOT_FOUND.
 */
import type pg from 'pg';
import { alreadyExists, notFound } from '../errors';
import { writeBatch } from '../persistence/write-batch';
import { Batch } from './batch';
import { messageLockKey } from './buffered-messages';
import type { Runtime } from './runtime';

export interface Publication {
  name: string;
  correlationKey: string;
  timeToLive: number;
  messageId?: string;
  variables: Record<string, unknown>;
  tenantId: string;
}

export class MessageService {
  constructor(private readonly runtime: Runtime) {}

  async publish(p: Publication): Promise<{ messageKey: string; processInstanceKeys: string[] }> {
    const rt = this.runtime;
    const batch = new Batch(rt.clock.now());
    const messageKey = rt.keys.take();
    const processInstanceKeys: string[] = [];
    const outboxIds = await rt.db.tx(async (c) => {
      // Shared with the commands that open subscriptions (buffered-messages.ts says why).
      await c.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
        messageLockKey(p.tenantId, p.name, p.correlationKey),
      ]);
      if (p.messageId) {
        const { rowCount } = await c.query(
          `SELECT 1 FROM engine_message WHERE name = $1 AND correlation_key = $2 AND message_id = $3 AND tenant_id = $4
             AND expires_at > to_timestamp($5 / 1000.0)`,
          [p.name, p.correlationKey, p.messageId, p.tenantId, batch.now],
        );
        if (rowCount) {
          throw alreadyExists(
            `Command 'PUBLISH' rejected with code 'ALREADY_EXISTS': Expected to publish a new message with id '${p.messageId}', but a message with that id was already published`,
          );
        }
      }
      if (p.timeToLive > 0) {
        await c.query(
          `INSERT INTO engine_message (key, name, correlation_key, message_id, variables, tenant_id, published_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7 / 1000.0), to_timestamp($8 / 1000.0))`,
          [
            messageKey,
            p.name,
            p.correlationKey,
            p.messageId ?? null,
            JSON.stringify(p.variables),
            p.tenantId,
            batch.now,
            batch.now + p.timeToLive,
          ],
        );
      }
      processInstanceKeys.push(...(await this.correlateOpen(c, batch, messageKey, p)));
      return writeBatch(c, batch, rt.keys);
    });
    rt.committed(batch, outboxIds);
    return { messageKey, processInstanceKeys };
  }

  async correlate(
    p: Omit<Publication, 'timeToLive' | 'messageId'>,
  ): Promise<{ messageKey: string; processInstanceKey: string }> {
    const { messageKey, processInstanceKeys } = await this.publish({ ...p, timeToLive: 0 });
    if (!processInstanceKeys.length) {
      throw notFound(
        `Command 'CORRELATE' rejected with code 'NOT_FOUND': Expected to find subscription for message with name '${p.name}' and correlation key '${p.correlationKey}', but none was found.`,
      );
    }
    return { messageKey, processInstanceKey: processInstanceKeys[0]! };
  }

  /** Claims open subscriptions (one per process) and message start events; queues the deliveries. */
  private async correlateOpen(
    c: pg.PoolClient,
    batch: Batch,
    messageKey: string,
    p: Publication,
  ): Promise<string[]> {
    const rt = this.runtime;
    const reached: string[] = [];
    const { rows } = await c.query<{ key: string; process_instance_key: string; bpmn_process_id: string }>(
      `SELECT DISTINCT ON (bpmn_process_id) key, process_instance_key, bpmn_process_id
       FROM engine_message_subscription
       WHERE message_name = $1 AND correlation_key = $2 AND tenant_id = $3 AND state = 'CREATED'
       ORDER BY bpmn_process_id, key`,
      [p.name, p.correlationKey, p.tenantId],
    );
    const claim = async (bpmnProcessId: string, processInstanceKey: string) =>
      (
        await c.query(
          `INSERT INTO engine_message_correlation (message_key, bpmn_process_id, process_instance_key)
           VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
          [messageKey, bpmnProcessId, processInstanceKey],
        )
      ).rowCount === 1;
    for (const sub of rows) {
      if (!(await claim(sub.bpmn_process_id, sub.process_instance_key))) continue;
      batch.outbox.push({
        kind: 'correlate',
        processInstanceKey: sub.process_instance_key,
        subscriptionKey: sub.key,
        messageKey,
        name: p.name,
        variables: p.variables,
      });
      reached.push(sub.process_instance_key);
    }
    for (const def of rt.models.latestAll()) {
      if (def.tenantId !== p.tenantId) continue;
      const start = def.model.starts.find((s) => s.kind === 'message' && s.messageName === p.name);
      if (!start) continue;
      const key = rt.keys.take();
      if (!(await claim(def.bpmnProcessId, key))) continue;
      batch.outbox.push({
        kind: 'start-instance',
        key,
        definitionKey: def.key,
        startId: start.id,
        variables: p.variables,
      });
      reached.push(key);
    }
    return reached;
  }
}
