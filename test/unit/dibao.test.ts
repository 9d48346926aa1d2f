import { assessDibao, dibaoStartMonth, individualApplicationAllowed } from '../../server/domain/dibao';
import { householdIncome } from '../../server/domain/income';
import { DEFAULT_SETTINGS } from '../../server/domain/settings';

const limits = DEFAULT_SETTINGS.dibao.property;

describe('低保: eligibility, 补差 and 低保边缘', () => {
  it('pays the gap to the standard for the whole household (补差)', () => {
    const a = assessDibao(householdIncome([500, 0, 300]), 770, 'half-up');
    expect(a).toEqual({
      eligible: true,
      perCapitaIncome: 266.67,
      baseAmount: 1510,
      edge: false,
      reasons: [],
    });
  });

  it('rounds the household 补差 as configured, from the exact total', () => {
    // (770 − 1000.50 / 3) × 3 = 1309.50 exactly; a per-capita figure rounded first would drift.
    const inc = householdIncome([1000.5, 0, 0]);
    expect(assessDibao(inc, 770, 'half-up').baseAmount).toBe(1310);
    expect(assessDibao(inc, 770, 'up').baseAmount).toBe(1310);
    expect(assessDibao(inc, 770, 'down').baseAmount).toBe(1309);
    const inc2 = householdIncome([1000.51, 0, 0]); // 1309.49
    expect(assessDibao(inc2, 770, 'half-up').baseAmount).toBe(1309);
    expect(assessDibao(inc2, 770, 'up').baseAmount).toBe(1310);
  });

  it('requires income strictly below the standard', () => {
    const at = assessDibao(householdIncome([770, 770, 770]), 770, 'half-up');
    expect(at).toMatchObject({ eligible: false, baseAmount: 0, edge: true });
    expect(at.reasons).toEqual(['家庭人均月收入 770 元不低于低保标准 770 元']);
    const below = assessDibao(householdIncome([770, 770, 769.99]), 770, 'half-up');
    expect(below).toMatchObject({ eligible: true, baseAmount: 0 }); // 0.01 rounds to 0 yuan
    expect(assessDibao(householdIncome([770, 770, 769.99]), 770, 'up').baseAmount).toBe(1);
  });

  it('calls a household 低保边缘 below 1.5 × the standard, not at it', () => {
    expect(assessDibao(householdIncome([1155, 1155]), 770, 'half-up').edge).toBe(false); // exactly 1.5 ×
    expect(assessDibao(householdIncome([1155, 1154.99]), 770, 'half-up').edge).toBe(true);
    expect(assessDibao(householdIncome([100]), 770, 'half-up').edge).toBe(false); // eligible, not 边缘
  });

  it('checks property against the configured limits', () => {
    const facts = { financialAssets: 2 * 24 * 770, motorVehicles: 0, houses: 1 };
    const inc = householdIncome([0, 0]);
    expect(assessDibao(inc, 770, 'half-up', { facts, limits }).eligible).toBe(true);
    const over = assessDibao(inc, 770, 'half-up', {
      facts: { financialAssets: 2 * 24 * 770 + 0.01, motorVehicles: 1, houses: 2 },
      limits,
    });
    expect(over.eligible).toBe(false);
    expect(over.reasons).toEqual([
      '家庭人均金融资产超过 24 个月低保标准',
      '拥有机动车辆 1 辆，超过规定（0 辆）',
      '拥有住房 2 套，超过规定（1 套）',
    ]);
    // Another district's limits are settings, not constants.
    const lenient = { maxFinancialAssetsMonths: 36, maxMotorVehicles: 1, maxHouses: 2 };
    expect(
      assessDibao(inc, 770, 'half-up', { facts: { ...facts, motorVehicles: 1, houses: 2 }, limits: lenient })
        .eligible,
    ).toBe(true);
  });

  it('allows 单人保 for a severely disabled or seriously ill member of a 低保边缘 household (57号 §8)', () => {
    expect(individualApplicationAllowed({ edge: true }, { disabilityGrade: 2, seriousIllness: false })).toBe(
      true,
    );
    expect(
      individualApplicationAllowed({ edge: true }, { disabilityGrade: null, seriousIllness: true }),
    ).toBe(true);
    expect(individualApplicationAllowed({ edge: true }, { disabilityGrade: 3, seriousIllness: false })).toBe(
      false,
    );
    expect(individualApplicationAllowed({ edge: false }, { disabilityGrade: 1, seriousIllness: true })).toBe(
      false,
    );
  });

  it('starts payment in the month of approval (条例) or the next month (national)', () => {
    expect(dibaoStartMonth('2026-12-15', 'same')).toBe('2026-12');
    expect(dibaoStartMonth('2026-12-15', 'next')).toBe('2027-01');
  });
});
