/**
 * A district's monthly run at scale, on the machine's PostgreSQL (DATABASE_URL, default `test`):
 * 100,000 active recipients (90 % 低保 households of 1–4, 10 % 特困 persons) over 200 streets.
 *
 * - amounts + bank file: `computeRun` (street by street, resumable, never twice) and
 *   `writeBankFile`, vs a bare SQL aggregation of the same amounts (one SELECT: terms × the month's
 *   standard, rounded, summed per street) — goal ≤ 60 s;
 * - the next month after a retroactive standard: every recipient also gets a back-pay line, vs the
 *   bare aggregation over both months;
 * - peak RSS of this process while each runs (PostgreSQL's own memory is not counted).
 * - rosters, measured apart: the 花名册 PDF of each street of the first run (bench/rosters.ts),
 *   product path vs bare Chromium `page.pdf()` of the same HTML.
 *   npm run bench -- disbursement [recipients] [rosterStreets]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeBankFile } from '../server/disbursement/bank-file-store';
import { computeRun } from '../server/disbursement/compute';
import { addMonths, chinaMonth } from '../server/disbursement/months';
import { markAwaitingApproval, markPaid, openRun, recordApproval } from '../server/disbursement/runs';
import { createTestDatabase } from '../test/helpers/db';
import { measureRosters } from './rosters';
import { report, type Measure } from './report';

process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/test';
const N = Number(process.argv[2] ?? 100_000);
const STREETS = 200;
const ROSTER_STREETS = Math.min(STREETS, Number(process.argv[3] ?? STREETS));
const DISTRICT = '500199';
const settings = { rounding: 'half-up' as const, backPayMonths: 12 };
const bank = {
  columns: ['seq', 'account', 'holder', 'amount'] as const,
  header: true,
  dir: mkdtempSync(path.join(tmpdir(), 'bench-disb-')),
};

/** Wall time and this process's peak RSS (sampled every 20 ms) while `fn` runs. */
async function measure<T>(fn: () => Promise<T>): Promise<{ seconds: number; peakMb: number; result: T }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  try {
    const result = await fn();
    return {
      seconds: (performance.now() - t0) / 1000,
      peakMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20,
      result,
    };
  } finally {
    clearInterval(timer);
  }
}

const tdb = await createTestDatabase('bench_disb');
const db = tdb.db;
try {
  const month = addMonths(chinaMonth(), -1);
  const next = chinaMonth();
  const t0 = performance.now();
  await db.$executeRawUnsafe(
    `INSERT INTO district (code, name, short_name) VALUES ('${DISTRICT}', '基准区', '基准')`,
  );
  await db.$executeRawUnsafe(`
    INSERT INTO street (code, district_code, name)
    SELECT '${DISTRICT}' || lpad(s::text, 3, '0'), '${DISTRICT}', '街道' || s FROM generate_series(1, ${STREETS}) s`);
  await db.$executeRawUnsafe(`
    INSERT INTO household (id, district_code, street_code, area, address, bank_name, bank_account, account_holder, updated_at)
    SELECT md5('h' || i)::uuid, '${DISTRICT}', '${DISTRICT}' || lpad((1 + i % ${STREETS})::text, 3, '0'), 'urban',
           '地址 ' || i, '重庆农村商业银行', '622848' || lpad(i::text, 13, '0'), '户主' || i, now()
    FROM generate_series(1, ${N}) i`);
  await db.$executeRawUnsafe(`
    INSERT INTO member (id, household_id, name, id_number, relation, monthly_income)
    SELECT md5('m' || i)::uuid, md5('h' || i)::uuid, '户主' || i, '50019919700101' || lpad((i % 1000)::text, 3, '0') || 'X',
           'applicant', 0
    FROM generate_series(1, ${N}) i`);
  await db.$executeRawUnsafe(`
    INSERT INTO "case" (id, case_no, type, status, household_id, district_code, street_code, updated_at)
    SELECT md5('c' || i)::uuid, 'DB-${DISTRICT}-2026-' || lpad(i::text, 6, '0'),
           (CASE WHEN i % 10 = 0 THEN 'tekun' ELSE 'dibao' END)::case_type, 'granted', md5('h' || i)::uuid,
           '${DISTRICT}', '${DISTRICT}' || lpad((1 + i % ${STREETS})::text, 3, '0'), now()
    FROM generate_series(1, ${N}) i`);
  await db.$executeRawUnsafe(`
    INSERT INTO recipient (id, case_id, household_id, district_code, street_code, type, area, start_month,
                           approved_amount, recheck_category, next_recheck_month)
    SELECT md5('r' || i)::uuid, md5('c' || i)::uuid, md5('h' || i)::uuid, '${DISTRICT}',
           '${DISTRICT}' || lpad((1 + i % ${STREETS})::text, 3, '0'),
           (CASE WHEN i % 10 = 0 THEN 'tekun' ELSE 'dibao' END)::case_type, 'urban', '2026-01-01', 0,
           'half_yearly', '2026-07-01'
    FROM generate_series(1, ${N}) i`);
  await db.$executeRawUnsafe(`
    INSERT INTO recipient_terms (recipient_id, from_month, household_size, income_fen, add_on_fen, care_tier, reason)
    SELECT md5('r' || i)::uuid, '2026-01-01', 1 + i % 4, (i * 37) % 50000, CASE WHEN i % 5 = 0 THEN 10000 ELSE 0 END,
           CASE WHEN i % 10 = 0 THEN (ARRAY['self', 'half', 'full'])[1 + i % 3]::care_tier END, '纳入保障'
    FROM generate_series(1, ${N}) i`);
  await db.$executeRawUnsafe('ANALYZE');
  const seeded = (performance.now() - t0) / 1000;

  // The bare aggregation: one SELECT, the same formula, summed per street.
  const bare = (months: string[]) =>
    measure(() =>
      db.$queryRawUnsafe<{ street_code: string; amount: string }[]>(`
        WITH m AS (SELECT unnest(ARRAY[${months.map((x) => `'${x}-01'::date`).join(',')}]) AS month),
        s AS (SELECT m.month, st.* FROM m CROSS JOIN LATERAL (
                SELECT * FROM assistance_standard WHERE area = 'urban' AND effective_from <= m.month
                ORDER BY effective_from DESC LIMIT 1) st)
        SELECT r.street_code, sum(CASE WHEN r.type = 'dibao'
                 THEN CASE WHEN s.dibao * 100 * t.household_size - t.income_fen > 0
                      THEN ((s.dibao * 100 * t.household_size - t.income_fen)::bigint + 50) / 100 * 100 + t.add_on_fen ELSE 0 END
                 ELSE (s.tekun_basic + CASE t.care_tier WHEN 'full' THEN s.care_full WHEN 'half' THEN s.care_half
                                                        ELSE coalesce(s.care_self, 0) END) * 100 END) / 100.0 AS amount
        FROM recipient r JOIN recipient_terms t ON t.recipient_id = r.id CROSS JOIN s
        WHERE r.district_code = '${DISTRICT}'
        GROUP BY r.street_code`),
    );

  const baseline1 = await bare([month]);
  const { run } = await db.$transaction((tx) =>
    openRun(tx, { districtCode: DISTRICT, month, trigger: 'timer' }),
  );
  const project1 = await measure(async () => {
    await computeRun(db, run.id, settings);
    return writeBankFile(db, run.id, bank);
  });
  const r1 = await db.disbursementRun.findUniqueOrThrow({ where: { id: run.id } });
  const bareTotal = baseline1.result.reduce((s, x) => s + Number(x.amount), 0);
  if (Math.abs(bareTotal - Number(r1.amount)) > 0.005 || project1.result.records !== N) {
    throw new Error(
      `totals differ: run ${String(r1.amount)} / ${project1.result.records} records, bare SQL ${bareTotal}`,
    );
  }

  const streetCodes = (
    await db.street.findMany({
      where: { districtCode: DISTRICT },
      orderBy: { code: 'asc' },
      select: { code: true },
    })
  ).map((s) => s.code);
  const rosters = await measureRosters(db, run.id, streetCodes.slice(0, ROSTER_STREETS));

  // Paid; then a notice raises the standard retroactively from that month.
  await markAwaitingApproval(db, run.id);
  await db.$transaction((tx) =>
    recordApproval(tx, {
      runId: run.id,
      approverId: '00000000-0000-4000-8000-000000000001',
      approved: true,
      opinion: '同意',
    }),
  );
  await db.$transaction((tx) => markPaid(tx, run.id));
  await db.$executeRawUnsafe(`
    INSERT INTO assistance_standard (area, effective_from, dibao, tekun_basic, care_full, care_half, care_self, source)
    VALUES ('urban', '${month}-01', 790, 1030, 520, 310, 110, '基准：追溯调标')
    ON CONFLICT (area, effective_from) DO UPDATE SET dibao = 790, tekun_basic = 1030, updated_at = now()`);
  const baseline2 = await bare([month, next]);
  const { run: run2 } = await db.$transaction((tx) =>
    openRun(tx, { districtCode: DISTRICT, month: next, trigger: 'timer' }),
  );
  const project2 = await measure(async () => {
    await computeRun(db, run2.id, settings);
    return writeBankFile(db, run2.id, bank);
  });
  const r2 = await db.disbursementRun.findUniqueOrThrow({ where: { id: run2.id } });

  const measures: Measure[] = [
    {
      measure: `amounts + bank file (${N} recipients, ${STREETS} streets)`,
      project: project1.seconds,
      baseline: baseline1.seconds,
      unit: 's',
    },
    {
      measure: 'peak RSS, amounts + bank file',
      project: project1.peakMb,
      baseline: baseline1.peakMb,
      unit: 'MiB',
    },
    {
      measure: `next month after a retroactive standard (${r2.lines} lines incl. back-pay)`,
      project: project2.seconds,
      baseline: baseline2.seconds,
      unit: 's',
    },
    { measure: 'peak RSS, with back-pay', project: project2.peakMb, baseline: baseline2.peakMb, unit: 'MiB' },
    {
      measure: `rosters: 花名册 PDFs of ${rosters.streets} streets (${rosters.pages} pages)`,
      project: rosters.projectSeconds,
      baseline: rosters.baselineSeconds,
      unit: 's',
    },
  ];
  report('disbursement', measures, [
    `goal amounts + bank file ≤ 60 s: ${project1.seconds <= 60 ? 'met' : 'NOT met'} (${project1.seconds.toFixed(1)} s)`,
    `run total ${String(r1.amount)} yuan = bare SQL total; back-pay ${String(r2.backPayAmount)} yuan`,
    `seeding ${seeded.toFixed(1)} s; baseline = one SELECT of the same amounts summed per street, no lines, no file`,
    `rosters: product path (worker's data + renderer, pool of 2) vs bare page.pdf() of the same HTML; peak RSS of Node while rendering ${rosters.peakMb.toFixed(0)} MiB (Chromium's own not counted)`,
  ]);
} finally {
  await tdb.drop();
}
