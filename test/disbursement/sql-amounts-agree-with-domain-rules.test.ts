/**
 * The runs compute amounts in SQL (for speed); the rules live in server/domain. This pins them
 * together: for incomes on and around every rounding edge, in every rounding mode, the SQL 补差
 * equals `roundToYuan`, and the 特困 amount equals `tekunMonthlyAmounts`, for the standards of
 * several years.
 */
import { loadStandards } from '../../server/db/standards-repository';
import { monthlyAmount } from '../../server/disbursement/amounts';
import { roundToYuan, toFen } from '../../server/domain/money';
import type { Rounding } from '../../server/domain/settings';
import { lookupStandard } from '../../server/domain/standards';
import { tekunMonthlyAmounts } from '../../server/domain/tekun';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { enrolled, seedDistrict } from './support/world';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase('disb_agree');
  await seedDistrict(tdb.db);
});
afterAll(() => tdb.drop());

const MODES: Rounding[] = ['half-up', 'up', 'down'];
const MONTHS = ['2019-03', '2023-10', '2025-06', '2026-11'];
// Fractions of a yuan around the rounding edges (…49, …50, …51 分), small and large incomes.
const INCOMES_FEN = [0, 1, 49, 50, 51, 99, 100, 33333, 60050, 60049, 123456, 229999, 230000];

it('低保 补差 in SQL equals roundToYuan for every mode, size, income and year', async () => {
  const e = await enrolled(tdb.db, { size: 1, income: 0, startMonth: '2019-01' });
  const standards = await loadStandards(tdb.db);
  const mismatches: string[] = [];
  for (const month of MONTHS) {
    const standard = lookupStandard(standards, 'urban', month).dibao;
    for (const mode of MODES)
      for (const size of [1, 3])
        for (const incomeFen of INCOMES_FEN) {
          const gap = toFen(standard) * size - incomeFen;
          const domain = gap > 0 ? roundToYuan(gap, mode) + 60 : 0;
          const terms = { householdSize: size, incomeFen, addOnFen: 6000, careTier: null, adjustmentFen: 0 };
          const sql = (await monthlyAmount(tdb.db, e.recipientId, month, mode, terms)).amount;
          if (sql !== domain)
            mismatches.push(`${month} ${mode} ×${size} ${incomeFen}分: sql ${sql}, domain ${domain}`);
        }
  }
  expect(mismatches).toEqual([]);
});

it('特困 基本生活 + 照料护理 in SQL equals tekunMonthlyAmounts for every tier and year', async () => {
  const e = await enrolled(tdb.db, { type: 'tekun', startMonth: '2019-01' });
  const standards = await loadStandards(tdb.db);
  const tiers = { self: '全自理', half: '半护理', full: '全护理' } as const;
  for (const month of MONTHS)
    for (const [careTier, tier] of Object.entries(tiers) as [
      keyof typeof tiers,
      (typeof tiers)[keyof typeof tiers],
    ][]) {
      const { basic, care } = tekunMonthlyAmounts(lookupStandard(standards, 'urban', month), tier);
      const terms = { householdSize: 1, incomeFen: 0, addOnFen: 0, careTier, adjustmentFen: 0 };
      const sql = await monthlyAmount(tdb.db, e.recipientId, month, 'half-up', terms);
      expect([month, tier, sql.amount]).toEqual([month, tier, basic + care]);
    }
});
