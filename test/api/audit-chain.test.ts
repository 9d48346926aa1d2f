/**
 * The hash-chained audit trail: every write appends in its own transaction, concurrent writers
 * never fork the chain, and `npm run audit:verify` finds a changed, inserted or removed event.
 */
import { spawnSync } from 'node:child_process';
import { eventHash, verifyAuditChain } from '../../server/auth/audit';
import { ROOT } from '../../server/paths';
import { baseUrl } from '../helpers/db';
import { application } from './support/applications';
import { Client, PASSWORD, seedFixtures, startApi, type Api, type Fixtures } from './support/harness';

let api: Api;
let fx: Fixtures;
let clerk: Client;

beforeAll(async () => {
  api = await startApi('audit');
  fx = await seedFixtures(api);
  clerk = await Client.signIn(api.base, fx.inside('street_clerk').username);
});
afterAll(() => api.close());

const db = () => api.tdb.db;
const raw = (sql: string, ...params: unknown[]) => db().$executeRawUnsafe(sql, ...params);

function verifyCli(): { code: number | null; out: string } {
  const url = new URL(baseUrl());
  url.searchParams.set('schema', api.tdb.schema);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/auth/audit-verify-cli.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url.toString(), NODE_OPTIONS: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('audit trail', () => {
  it('appends one event per write with who, role, jurisdiction, case and a summary without personal data', async () => {
    const before = await db().auditEvent.count();
    const body = application();
    const r = await clerk.post('/api/cases', body);
    expect(r.status).toBe(201);
    const events = await db().auditEvent.findMany({
      where: { seq: { gt: BigInt(before) } },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((e) => e.action)).toEqual(['case.registered']);
    const e = events[0]!;
    expect(e).toMatchObject({
      actorId: fx.inside('street_clerk').id,
      actorRole: '街道经办人',
      jurisdiction: '500112001',
      caseId: r.body.id,
    });
    const stored = JSON.stringify(e.summary);
    for (const m of body.members) expect(stored).not.toContain(m.idNumber);
    expect(stored).not.toContain(body.household.phone);
    expect(stored).not.toContain(body.household.bankAccount);
    expect(stored).toContain('500112');
    // The detail's timeline shows it.
    const detail = await clerk.get(`/api/cases/${r.body.id}`);
    expect(detail.body.timeline.map((t: { actionLabel: string }) => t.actionLabel)).toEqual(['登记申请']);
  });

  it('appends nothing when a write is refused', async () => {
    const body = application();
    expect((await clerk.post('/api/cases', body)).status).toBe(201);
    const before = await db().auditEvent.count();
    const dup = await clerk.post('/api/cases', { ...body, members: body.members });
    expect(dup.status).toBe(409);
    expect(await db().auditEvent.count()).toBe(before);
  });

  it('keeps one unforked chain under concurrent writers', async () => {
    const clerks = await Promise.all(
      [fx.inside('street_clerk'), fx.outside('street_clerk')].map((u) => Client.minted(api, u.id)),
    );
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) => clerks[i % 2]!.post('/api/cases', application())),
    );
    expect(created.map((r) => r.status)).toEqual(Array(12).fill(201));
    const writes = [
      ...created.map((c, i) =>
        clerks[i % 2]!.put(`/api/cases/${c.body.id}/materials`, {
          items: [{ kind: 'income_proof', received: true }],
        }),
      ),
      ...Array.from({ length: 6 }, (_, i) =>
        new Client(api.base).post('/api/session', { username: fx.users[i]!.username, password: PASSWORD }),
      ),
    ];
    const results = await Promise.all(writes);
    expect(results.every((r) => r.status === 200)).toBe(true);
    const report = await verifyAuditChain(db());
    expect(report.problems).toEqual([]);
    const all = await db().auditEvent.findMany({ select: { prevHash: true } });
    expect(new Set(all.map((e) => e.prevHash)).size).toBe(all.length);
  });

  it('verifies clean through `npm run audit:verify`', () => {
    const r = verifyCli();
    expect(r.out).toContain('结果：完整');
    expect(r.code).toBe(0);
  });

  it('detects a changed event, and a clean chain again once it is restored', async () => {
    const victim = await db().auditEvent.findFirstOrThrow({
      where: { action: 'case.registered' },
      orderBy: { seq: 'asc' },
    });
    await raw(
      `UPDATE audit_event SET summary = jsonb_set(summary, '{members}', '9') WHERE seq = $1`,
      victim.seq,
    );
    const report = await verifyAuditChain(db());
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'changed', seq: victim.seq })]);
    const cli = verifyCli();
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`第 ${victim.seq} 号事件（case.registered）的内容与其哈希不符`);

    await raw(
      `UPDATE audit_event SET actor_name = 'someone else', summary = $2::jsonb WHERE seq = $1`,
      victim.seq,
      JSON.stringify(victim.summary),
    );
    expect((await verifyAuditChain(db())).problems.map((p) => p.kind)).toEqual(['changed']);
    await raw(`UPDATE audit_event SET actor_name = $2 WHERE seq = $1`, victim.seq, victim.actorName);
    expect((await verifyAuditChain(db())).problems).toEqual([]);
  });

  it('detects a removed event in the middle and at the end', async () => {
    const rows = await db().auditEvent.findMany({ orderBy: { seq: 'asc' } });
    const middle = rows[Math.floor(rows.length / 2)]!;
    await raw('DELETE FROM audit_event WHERE seq = $1', middle.seq);
    const kinds = (await verifyAuditChain(db())).problems.map((p) => p.kind);
    expect(kinds).toEqual(expect.arrayContaining(['link-broken', 'head-mismatch']));
    expect(verifyCli().code).toBe(1);
    await db().auditEvent.create({ data: middle as never });
    expect((await verifyAuditChain(db())).problems).toEqual([]);

    const last = rows.at(-1)!;
    await raw('DELETE FROM audit_event WHERE seq = $1', last.seq);
    const tail = (await verifyAuditChain(db())).problems;
    expect(tail.map((p) => p.kind)).toEqual(['head-mismatch', 'head-mismatch']);
    await db().auditEvent.create({ data: last as never });
    expect((await verifyAuditChain(db())).problems).toEqual([]);
  });

  it('detects an inserted event even when its own hash is computed correctly', async () => {
    const rows = await db().auditEvent.findMany({ orderBy: { seq: 'asc' } });
    // Leave a gap in the sequence (as a rolled-back transaction does), write once more, then
    // forge an event into the gap that links correctly to its predecessor.
    const lastBefore = rows.at(-1)!;
    await db().$queryRawUnsafe(
      `SELECT setval(pg_get_serial_sequence('audit_event', 'seq'), $1)`,
      lastBefore.seq + 5n,
    );
    expect((await clerk.post('/api/cases', application())).status).toBe(201);
    expect((await verifyAuditChain(db())).problems).toEqual([]);
    const forged = {
      prevHash: lastBefore.hash,
      at: new Date(),
      actorId: null,
      actorName: '伪造者',
      actorRole: null,
      jurisdiction: null,
      action: 'case.registered',
      caseId: null,
      summary: { forged: true },
    };
    await db().auditEvent.create({ data: { ...forged, seq: lastBefore.seq + 2n, hash: eventHash(forged) } });
    const problems = (await verifyAuditChain(db())).problems;
    expect(problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['link-broken', 'head-mismatch']));
    expect(problems.find((p) => p.kind === 'link-broken')!.seq).toBe(lastBefore.seq + 6n);
    const cli = verifyCli();
    expect(cli.code).toBe(1);
    expect(cli.out).toContain('链接断开');
  });
});
