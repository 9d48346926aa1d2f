/**
 * API costs against bare SQL, on the machine's PostgreSQL (DATABASE_URL, default database `test`):
 * - audited write: a materials update plus its hash-chained audit event (head row locked),
 *   8 writers at once, vs the same update in a bare transaction;
 * - case search over HTTP (session, guard, zod, scoped Prisma query, response schema) vs the
 *   equivalent hand-written SQL (page + count) on node-postgres.
 */
import pg from 'pg';
import { createApp } from '../server/app';
import { auditedWrite } from '../server/auth/audit';
import { hashPassword } from '../server/auth/password';
import { createSession } from '../server/auth/session';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/log';
import { ApplicationInput } from '../server/api/cases/schemas';
import { registerApplication } from '../server/api/cases/store';
import { createTestDatabase } from '../test/helpers/db';
import { application } from '../test/api/support/applications';
import { report } from './report';

process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/test';
const CASES = Number(process.argv[2] ?? 600);
const tdb = await createTestDatabase('bench_api');
const db = tdb.db;
try {
  await db.district.create({ data: { code: '500112', name: '渝北区', shortName: '渝北' } });
  await db.street.create({ data: { code: '500112001', name: '双龙湖街道', districtCode: '500112' } });
  const clerk = await db.user.create({
    data: {
      username: 'bench-clerk',
      displayName: '经办人',
      role: 'street_clerk',
      districtCode: '500112',
      streetCode: '500112001',
      passwordHash: await hashPassword('Bench-pass-2026'),
    },
  });
  const ids: string[] = [];
  for (let i = 0; i < CASES; i++) {
    const a = ApplicationInput.parse(application());
    const r = await db.$transaction((tx) =>
      registerApplication(tx, a, { districtCode: '500112', streetCode: '500112001', userId: clerk.id }),
    );
    ids.push(r.id);
  }

  // ---- audited vs bare writes, 8 at a time ----
  const WRITES = 400;
  const run = async (fn: (i: number) => Promise<unknown>) => {
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < WRITES) await fn(next++);
      }),
    );
    return (performance.now() - t0) / WRITES;
  };
  const update = (i: number) => ({
    where: { caseId_kind: { caseId: ids[i % ids.length]!, kind: 'income_proof' } },
    data: { received: i % 2 === 0, receivedAt: new Date() },
  });
  const bare = await run((i) => db.$transaction((tx) => tx.caseMaterial.update(update(i))));
  const audited = await run((i) =>
    auditedWrite(db, clerk, async (tx) => {
      await tx.caseMaterial.update(update(i));
      return {
        result: null,
        audit: { action: 'case.materials-updated', caseId: ids[i % ids.length]!, summary: { i } },
      };
    }),
  );

  // ---- case search: HTTP through the guard vs bare SQL ----
  const ctx = {
    config: loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent' }),
    log: createLogger('silent'),
    db,
  };
  const server = createApp(ctx).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const s = await createSession(db, clerk.id, ctx.config.auth);
  const cookie = `jz_session=${s.token}`;
  const SEARCHES = 200;
  const time = async (fn: () => Promise<unknown>) => {
    for (let i = 0; i < 20; i++) await fn(); // warm-up
    const t0 = performance.now();
    for (let i = 0; i < SEARCHES; i++) await fn();
    return (performance.now() - t0) / SEARCHES;
  };
  const http = await time(async () => {
    const r = await fetch(`${base}/api/cases?type=dibao&page=3&pageSize=20`, { headers: { cookie } });
    if (r.status !== 200) throw new Error(`search failed: ${r.status}`);
    await r.json();
  });
  const client = new pg.Client({ connectionString: tdb.url });
  await client.connect();
  const sql = await time(async () => {
    await client.query(
      `SELECT c.*, s.name AS street_name,
              (SELECT json_agg(json_build_object('name', m.name, 'id', m.id_number, 'rel', m.relation))
                 FROM member m WHERE m.household_id = c.household_id) AS members
         FROM "case" c JOIN street s ON s.code = c.street_code
        WHERE c.street_code = $1 AND c.type = 'dibao'
        ORDER BY c.applied_at DESC, c.case_no DESC LIMIT 20 OFFSET 40`,
      ['500112001'],
    );
    await client.query(`SELECT count(*) FROM "case" WHERE street_code = $1 AND type = 'dibao'`, [
      '500112001',
    ]);
  });
  await client.end();
  server.close();

  report(
    'api',
    [
      { measure: 'audited write (8 concurrent, per write)', project: audited, baseline: bare, unit: 'ms' },
      { measure: `case search page over HTTP (${CASES} cases)`, project: http, baseline: sql, unit: 'ms' },
    ],
    [
      `${CASES} cases, ${WRITES} writes, ${SEARCHES} searches; baseline = bare transaction / hand-written SQL`,
    ],
  );
} finally {
  await tdb.drop();
}
