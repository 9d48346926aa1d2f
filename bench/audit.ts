/**
 * The cost of the audit trail, on the machine's PostgreSQL (DATABASE_URL, default database `test`):
 * a materials update plus its hash-chained audit event (head row locked), 8 writers at once, vs
 * the same update in a bare transaction. (Load on the HTTP API is `bench/api.ts`.)
 */
import { auditedWrite } from '../server/auth/audit';
import { hashPassword } from '../server/auth/password';
import { ApplicationInput } from '../server/api/cases/schemas';
import { registerApplication } from '../server/api/cases/store';
import { createTestDatabase } from '../test/helpers/db';
import { application } from '../test/api/support/applications';
import { report } from './report';

process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/test';
const CASES = Number(process.argv[2] ?? 600);
const tdb = await createTestDatabase('bench_audit');
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

  report(
    'audit',
    [{ measure: 'audited write (8 concurrent, per write)', project: audited, baseline: bare, unit: 'ms' }],
    [`${CASES} cases, ${WRITES} writes; baseline = the same update in a bare transaction`],
  );
} finally {
  await tdb.drop();
}
