/**
 * Feature: the monthly run of a district.
 * Scenario: recipients of every kind in three streets; the run for 2026-11 is computed, computed
 * again, started again, and once interrupted after its first street and resumed.
 */
import { computeRun } from '../../server/disbursement/compute';
import { openRun } from '../../server/disbursement/runs';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { DISTRICT, SETTINGS, STREETS, enrolled, linesOf, seedDistrict, type Enrolled } from './support/world';

let tdb: TestDatabase;
const who: Record<string, Enrolled> = {};

beforeAll(async () => {
  tdb = await createTestDatabase('disb_run');
  const db = tdb.db;
  await seedDistrict(db);
  const [s1, s2, s3] = STREETS.map((s) => s.code);
  const spec = {
    threeWithAddOn: { street: s1, size: 3, income: 600, addOn: 100, startMonth: '2025-08' },
    roundsUp: { street: s1, size: 2, income: 333.33, startMonth: '2026-01' },
    halfYuan: { street: s2, size: 1, income: 0.5, startMonth: '2026-11' },
    tekunFullCare: { street: s2, type: 'tekun', careTier: 'full', startMonth: '2026-02' },
    tekunSelfCare: { street: s3, type: 'tekun', careTier: 'self', startMonth: '2026-02' },
    rural: { street: s3, area: 'rural', size: 1, income: 0, startMonth: '2026-03' },
    adjusted: { street: s3, size: 1, income: 0, adjustment: -5, startMonth: '2026-03' },
    noAccount: { street: s1, size: 1, income: 0, bankAccount: null, startMonth: '2026-03' },
    stoppedBefore: { street: s1, size: 1, income: 0, startMonth: '2026-01', endMonth: '2026-10' },
    startsNextMonth: { street: s2, size: 1, income: 0, startMonth: '2026-12' },
    incomeAboveLine: { street: s2, size: 1, income: 800, startMonth: '2026-01' },
  } as const;
  for (const [k, v] of Object.entries(spec)) who[k] = await enrolled(db, v);
});
afterAll(() => tdb.drop());

const EXPECTED: Record<string, number> = {
  threeWithAddOn: 770 * 3 - 600 + 100, // 补差 1710 + 分类重点救助 100
  roundsUp: 1207, // 1540 − 333.33 = 1206.67 → 1207 (half-up)
  halfYuan: 770, // 769.50 → 770 (half-up)
  tekunFullCare: 1001 + 500,
  tekunSelfCare: 1001 + 100,
  rural: 630,
  adjusted: 765,
};

async function startAndCompute(month = '2026-11') {
  const { run, created } = await tdb.db.$transaction((tx) =>
    openRun(tx, {
      districtCode: DISTRICT.code,
      month,
      trigger: 'manual',
      now: new Date('2026-11-20T02:00:00Z'),
    }),
  );
  await computeRun(tdb.db, run.id, SETTINGS);
  return { run, created };
}

describe('a monthly run of a district', () => {
  let runId: string;

  it('pays each recipient due money exactly once, with the standard valid in the month', async () => {
    const { run, created } = await startAndCompute();
    runId = run.id;
    expect(created).toBe(true);
    const lines = await linesOf(tdb.db, runId);
    const byHousehold = new Map(lines.map((l) => [l.householdId, l]));
    expect(lines).toHaveLength(Object.keys(EXPECTED).length);
    for (const [k, amount] of Object.entries(EXPECTED)) {
      const l = byHousehold.get(who[k]!.householdId);
      expect([k, l?.amount, l?.kind, l?.forMonth]).toEqual([k, amount, 'regular', '2026-11']);
    }
    for (const k of ['noAccount', 'stoppedBefore', 'startsNextMonth', 'incomeAboveLine'])
      expect([k, byHousehold.has(who[k]!.householdId)]).toEqual([k, false]);
    expect(byHousehold.get(who.threeWithAddOn!.householdId)!.reason).toBe(
      '2026-11 城市低保：标准 770 元 × 3 人 − 家庭月收入 600.00 元，补差 1710 元；分类重点救助 100.00 元',
    );
    expect(byHousehold.get(who.adjusted!.householdId)!.reason).toMatch(/核定调整 -5\.00 元$/);
  });

  it('shows totals, progress and the household left out for want of a bank account', async () => {
    const run = await tdb.db.disbursementRun.findUniqueOrThrow({ where: { id: runId } });
    const sum = Object.values(EXPECTED).reduce((a, b) => a + b, 0);
    expect({
      status: run.status,
      households: run.households,
      lines: run.lines,
      amount: Number(run.amount),
      missing: run.missingAccounts,
      progress: run.done === run.total,
    }).toEqual({ status: 'computed', households: 7, lines: 7, amount: sum, missing: 1, progress: true });
    const streets = await tdb.db.disbursementRunStreet.findMany({
      where: { runId },
      orderBy: { streetCode: 'asc' },
    });
    expect(streets.map((s) => [s.streetCode, s.households, Number(s.amount)])).toEqual([
      [STREETS[0]!.code, 2, EXPECTED.threeWithAddOn! + EXPECTED.roundsUp!],
      [STREETS[1]!.code, 2, EXPECTED.halfYuan! + EXPECTED.tekunFullCare!],
      [STREETS[2]!.code, 3, EXPECTED.tekunSelfCare! + EXPECTED.rural! + EXPECTED.adjusted!],
    ]);
  });

  it('changes nothing when the same month is started and computed again', async () => {
    const before = await linesOf(tdb.db, runId);
    const again = await startAndCompute();
    expect(again).toMatchObject({ created: false, run: { id: runId } });
    expect(await linesOf(tdb.db, runId)).toEqual(before);
    expect(await tdb.db.disbursementRun.count()).toBe(1);
  });

  it('resumes an interrupted computation without paying a street twice', async () => {
    // A second district with two streets of three recipients each.
    const other = { code: '500113', name: '巴南区', shortName: '巴南' };
    const streets = [
      { code: '500113001', name: '李家沱街道' },
      { code: '500113002', name: '鱼洞街道' },
    ];
    await tdb.db.district.create({ data: other });
    for (const s of streets) await tdb.db.street.create({ data: { ...s, districtCode: other.code } });
    for (const s of streets)
      for (let i = 0; i < 3; i++)
        await enrolled(tdb.db, { street: s.code, size: 1, income: 0, startMonth: '2026-01' }, other.code);
    const { run } = await tdb.db.$transaction((tx) =>
      openRun(tx, {
        districtCode: other.code,
        month: '2026-11',
        trigger: 'manual',
        now: new Date('2026-11-20T02:00:00Z'),
      }),
    );
    await expect(
      computeRun(tdb.db, run.id, { ...SETTINGS, batchRecipients: 1 }, () => {
        throw new Error('worker lost');
      }),
    ).rejects.toThrow('worker lost');
    const half = await tdb.db.disbursementRun.findUniqueOrThrow({ where: { id: run.id } });
    expect([half.status, half.done, half.total]).toEqual(['computing', 3, 6]);
    await computeRun(tdb.db, run.id, SETTINGS);
    const lines = await linesOf(tdb.db, run.id);
    expect(lines).toHaveLength(6);
    expect(new Set(lines.map((l) => l.householdId)).size).toBe(6);
    const done = await tdb.db.disbursementRun.findUniqueOrThrow({ where: { id: run.id } });
    expect([done.status, done.done, Number(done.amount)]).toEqual(['computed', 6, 6 * 770]);
  });
});
