/**
 * Feature: the data of each 街道's 花名册 — one row per household paid in the run, its total equal to
 * the street's subtotal (regular, 渐退 and back-pay lines together, as in the bank file).
 */
import { computeRun } from '../../server/disbursement/compute';
import { openRun } from '../../server/disbursement/runs';
import { rosterData } from '../../server/disbursement/roster';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { DISTRICT, SETTINGS, STREETS, enrolled, seedDistrict } from './support/world';

let tdb: TestDatabase;
let runId: string;

beforeAll(async () => {
  tdb = await createTestDatabase('disb_roster');
  await seedDistrict(tdb.db);
  await enrolled(tdb.db, { street: STREETS[0]!.code, size: 3, income: 600, startMonth: '2026-01' });
  await enrolled(tdb.db, {
    street: STREETS[0]!.code,
    type: 'tekun',
    careTier: 'half',
    startMonth: '2026-01',
  });
  await enrolled(tdb.db, { street: STREETS[1]!.code, size: 1, income: 0, startMonth: '2026-01' });
  const { run } = await tdb.db.$transaction((tx) =>
    openRun(tx, {
      districtCode: DISTRICT.code,
      month: '2026-10',
      trigger: 'manual',
      now: new Date('2026-11-01'),
    }),
  );
  runId = run.id;
  await computeRun(tdb.db, runId, SETTINGS);
});
afterAll(() => tdb.drop());

it('lists every household paid in the street once, with a total equal to the street subtotal', async () => {
  const roster = await rosterData(tdb.db, runId, STREETS[0]!.code);
  const street = await tdb.db.disbursementRunStreet.findUniqueOrThrow({
    where: { runId_streetCode: { runId, streetCode: STREETS[0]!.code } },
  });
  expect(roster).toMatchObject({ street: '双龙湖街道', month: '2026-10', caseType: 'dibao', households: 2 });
  expect(roster.total).toBe(Number(street.amount).toFixed(2));
  expect(roster.rows.map((r) => [r.category, r.householdSize, r.amount]).sort()).toEqual([
    ['低保', 3, 770 * 3 - 600],
    ['特困', 1, 1001 + 300],
  ]);
  expect(roster.rows.every((r) => /^\d{17}[\dX]$/.test(r.idNumber) && /^\d{19}$/.test(r.bankAccount))).toBe(
    true,
  );
});

it('refuses a street of another district', async () => {
  await tdb.db.district.create({ data: { code: '500113', name: '巴南区', shortName: '巴南' } });
  await tdb.db.street.create({ data: { code: '500113001', name: '李家沱街道', districtCode: '500113' } });
  await expect(rosterData(tdb.db, runId, '500113001')).rejects.toThrow('不属于本批次的区县');
});
