/**
 * The tamper-evident audit trail: every write appends events, each carrying the previous event's
 * hash, inside the same transaction as the write. Appends lock the single `audit_head` row
 * (SELECT … FOR UPDATE), so concurrent writers queue up and the chain never forks; the head's
 * count and last hash also reveal removal of the newest events. Summaries never hold raw personal
 * data (callers pass masked values and counts).
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/client';
import type { Prisma } from '../db/generated/client';
import { ROLE_LABELS, jurisdictionCode, type Jurisdiction, type Role } from './roles';

export type Tx = Prisma.TransactionClient;

export const GENESIS_HASH = '0'.repeat(64);

/** Who acted; null for anonymous events (a failed sign-in with an unknown name). */
export interface AuditActor extends Jurisdiction {
  id: string;
  displayName: string;
  role: Role;
}

export interface AuditInput {
  action: string;
  caseId?: string | null;
  /** Before/after summary, ids, counts and masked values only. */
  summary?: Record<string, unknown>;
}

/** What the hash covers, in a fixed order. */
interface HashedFields {
  prevHash: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  jurisdiction: string | null;
  action: string;
  caseId: string | null;
  summary: unknown;
}

/** JSON with object keys sorted at every level, so jsonb's key reordering does not matter. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function eventHash(f: HashedFields): string {
  const material = canonicalJson([
    f.prevHash,
    f.at.toISOString(),
    f.actorId,
    f.actorName,
    f.actorRole,
    f.jurisdiction,
    f.action,
    f.caseId,
    f.summary ?? {},
  ]);
  return createHash('sha256').update(material).digest('hex');
}

/** Appends events to the chain inside `tx`; call it as the last step of the write's transaction. */
export async function appendAudit(tx: Tx, actor: AuditActor | null, events: AuditInput[]): Promise<void> {
  if (events.length === 0) return;
  const [head] = await tx.$queryRaw<{ last_hash: string; count: bigint }[]>`
    SELECT last_hash, count FROM audit_head WHERE id = 1 FOR UPDATE`;
  if (!head) throw new Error('audit_head row missing: the migration that creates it was not applied');
  let prevHash = head.last_hash;
  let lastSeq = 0n;
  for (const e of events) {
    const fields: HashedFields = {
      prevHash,
      at: new Date(),
      actorId: actor?.id ?? null,
      actorName: actor?.displayName ?? null,
      actorRole: actor ? ROLE_LABELS[actor.role] : null,
      jurisdiction: actor ? jurisdictionCode(actor) : null,
      action: e.action,
      caseId: e.caseId ?? null,
      summary: JSON.parse(canonicalJson(e.summary ?? {})) as unknown,
    };
    const hash = eventHash(fields);
    const row = await tx.auditEvent.create({
      data: { ...fields, summary: fields.summary as Prisma.InputJsonValue, hash },
      select: { seq: true },
    });
    prevHash = hash;
    lastSeq = row.seq;
  }
  await tx.$executeRaw`
    UPDATE audit_head SET last_hash = ${prevHash}, last_seq = ${lastSeq}, count = count + ${events.length}
    WHERE id = 1`;
}

/** Runs `fn` and appends its audit events in one transaction: no write without its event. */
export async function auditedWrite<T>(
  db: Db,
  actor: AuditActor | null,
  fn: (tx: Tx) => Promise<{ result: T; audit: AuditInput | AuditInput[] }>,
): Promise<T> {
  return db.$transaction(
    async (tx) => {
      const { result, audit } = await fn(tx);
      await appendAudit(tx, actor, Array.isArray(audit) ? audit : [audit]);
      return result;
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}

export interface ChainProblem {
  seq: bigint | null;
  kind: 'changed' | 'link-broken' | 'head-mismatch';
  message: string;
}

export interface ChainReport {
  events: number;
  lastHash: string;
  problems: ChainProblem[];
}

/** Re-computes every hash and link in seq order, then compares with the head row. */
export async function verifyAuditChain(db: Db, batch = 2_000): Promise<ChainReport> {
  const problems: ChainProblem[] = [];
  let prevHash = GENESIS_HASH;
  let afterSeq = -1n;
  let events = 0;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: { seq: { gt: afterSeq } },
      orderBy: { seq: 'asc' },
      take: batch,
    });
    for (const r of rows) {
      events++;
      if (r.prevHash !== prevHash) {
        problems.push({
          seq: r.seq,
          kind: 'link-broken',
          message: `第 ${r.seq} 号事件与前一事件的链接断开：其前一哈希与前一事件不符，说明之前有事件被插入或删除`,
        });
      }
      const expected = eventHash({ ...r, summary: r.summary });
      if (expected !== r.hash) {
        problems.push({
          seq: r.seq,
          kind: 'changed',
          message: `第 ${r.seq} 号事件（${r.action}）的内容与其哈希不符，说明该事件被修改过`,
        });
      }
      prevHash = r.hash;
      afterSeq = r.seq;
    }
    if (rows.length < batch) break;
  }
  const head = await db.auditHead.findUnique({ where: { id: 1 } });
  if (!head) {
    problems.push({ seq: null, kind: 'head-mismatch', message: '审计链头记录缺失' });
  } else {
    if (head.count !== BigInt(events)) {
      problems.push({
        seq: null,
        kind: 'head-mismatch',
        message: `审计链头记录有 ${head.count} 条事件，实际找到 ${events} 条：有事件被删除或插入`,
      });
    }
    if (head.lastHash !== prevHash) {
      problems.push({
        seq: null,
        kind: 'head-mismatch',
        message: '最后一条事件的哈希与审计链头记录不符：最新的事件被删除、修改或追加过',
      });
    }
  }
  return { events, lastHash: prevHash, problems };
}
