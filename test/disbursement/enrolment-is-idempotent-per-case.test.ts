/**
 * Feature: 纳入保障 — the `enrol-recipient` worker's entry into the register.
 * Scenario: a 低保 household of three (a 76-year-old, a student, the applicant earning 600 yuan) and
 * a 特困 person needing full care are enrolled; the 低保 case twice.
 */
import { enrolRecipient } from '../../server/disbursement/enrolment';
import { monthlyAmount } from '../../server/disbursement/amounts';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { applied, seedDistrict } from './support/world';

let tdb: TestDatabase;
const settings = { rounding: 'half-up' as const };

beforeAll(async () => {
  tdb = await createTestDatabase('disb_enrol');
  await seedDistrict(tdb.db);
});
afterAll(() => tdb.drop());

const threeGenerations = [
  { birth: '19750310', income: 600, ableBodiedJobless: true },
  { birth: '20120601', student: true },
  { birth: '19500101', relation: 'parent' as const },
];

describe('enrolment', () => {
  it('enrols a 低保 household with the domain amount for the start month, once per case', async () => {
    const { caseId } = await applied(tdb.db, 'dibao', threeGenerations);
    const first = await enrolRecipient(
      tdb.db,
      { caseId, approvedAmount: 1870, startMonth: '2026-11' },
      settings,
    );
    // 770 × 3 − 600 = 1710 补差; 在校学生 100; 70岁以上 60.
    expect(first).toMatchObject({
      created: true,
      startMonth: '2026-11',
      formulaAmount: 1870,
      adjustment: 0,
      recheckCategory: 'monthly',
      nextRecheckMonth: '2026-12',
    });
    const again = await enrolRecipient(
      tdb.db,
      { caseId, approvedAmount: 1870, startMonth: '2026-11' },
      settings,
    );
    expect(again).toEqual({ ...first, created: false });
    expect(await tdb.db.recipient.count({ where: { caseId } })).toBe(1);
    expect(await tdb.db.auditEvent.count({ where: { caseId, action: 'recipient.enrolled' } })).toBe(1);
    const terms = await tdb.db.recipientTerms.findFirstOrThrow({ where: { recipientId: first.recipientId } });
    expect([terms.householdSize, terms.incomeFen, terms.addOnFen, terms.careTier]).toEqual([
      3,
      60000,
      16000,
      null,
    ]);
  });

  it('keeps a decided amount that differs from the formula as an adjustment paid every month', async () => {
    const { caseId } = await applied(tdb.db, 'dibao', [{ birth: '19800101', income: 100.4 }]);
    const e = await enrolRecipient(tdb.db, { caseId, approvedAmount: 680, startMonth: '2026-10' }, settings);
    expect([e.formulaAmount, e.adjustment]).toEqual([670, 10]);
    const later = await monthlyAmount(tdb.db, e.recipientId, '2026-12', 'half-up');
    expect(later.amount).toBe(680);
    expect(later.reason).toMatch(/核定调整 \+10\.00 元$/);
  });

  it('enrols a 特困 person with the care tier from the self-care assessment', async () => {
    const selfCare = {
      eating: false,
      dressing: false,
      bed: false,
      toilet: false,
      walking: true,
      bathing: true,
    };
    const { caseId } = await applied(tdb.db, 'tekun', [{ birth: '19580101', disabilityGrade: 1 }], {
      data: { selfCare },
    });
    const e = await enrolRecipient(tdb.db, { caseId, approvedAmount: 1501, startMonth: '2026-12' }, settings);
    expect(e).toMatchObject({
      formulaAmount: 1001 + 500,
      adjustment: 0,
      recheckCategory: 'yearly',
      nextRecheckMonth: '2027-12',
    });
  });

  it('refuses a second enrolment of the same household and bad input, with zh-CN reasons', async () => {
    const { householdId } = await applied(tdb.db, 'dibao', [{ birth: '19800101', income: 0 }]);
    const c1 = await tdb.db.case.findFirstOrThrow({ where: { householdId } });
    await enrolRecipient(tdb.db, { caseId: c1.id, approvedAmount: 770, startMonth: '2026-11' }, settings);
    const c2 = await tdb.db.case.create({
      data: {
        ...{ caseNo: 'DB-500112-2026-999999', type: 'dibao', householdId },
        districtCode: c1.districtCode,
        streetCode: c1.streetCode,
      },
    });
    await expect(
      enrolRecipient(tdb.db, { caseId: c2.id, approvedAmount: 770, startMonth: '2026-12' }, settings),
    ).rejects.toThrow('该家庭已在保（另一案件），不能重复纳入保障');
    await expect(
      enrolRecipient(tdb.db, { caseId: c2.id, approvedAmount: 0, startMonth: '2026-12' }, settings),
    ).rejects.toThrow('核定月保障金应为大于 0');
    await expect(
      enrolRecipient(tdb.db, { caseId: c2.id, approvedAmount: 770, startMonth: '2026-13' }, settings),
    ).rejects.toThrow('起始月格式应为 YYYY-MM');
    const rich = await applied(tdb.db, 'dibao', [{ birth: '19800101', income: 900 }]);
    await expect(
      enrolRecipient(tdb.db, { caseId: rich.caseId, approvedAmount: 100, startMonth: '2026-11' }, settings),
    ).rejects.toThrow('该家庭不符合条件');
    expect(await tdb.db.recipient.count({ where: { caseId: { in: [c2.id, rich.caseId] } } })).toBe(0);
  });
});
