import { countedMonthlyIncome, householdIncome } from '../../server/domain/income';
import { fractionToYuan, roundToYuan, toFen } from '../../server/domain/money';

describe('money in 分', () => {
  it('converts yuan with at most two decimals', () => {
    expect(toFen(770)).toBe(77000);
    expect(toFen(0.1 + 0.2)).toBe(30);
    expect(() => toFen(1.005)).toThrow(/两位小数/);
  });

  it('rounds to the yuan half-up, up or down (AMOUNT_ROUNDING)', () => {
    expect([roundToYuan(130950, 'half-up'), roundToYuan(130950, 'up'), roundToYuan(130950, 'down')]).toEqual([
      1310, 1310, 1309,
    ]);
    expect([roundToYuan(130949, 'half-up'), roundToYuan(130949, 'up'), roundToYuan(130949, 'down')]).toEqual([
      1309, 1310, 1309,
    ]);
    expect(roundToYuan(131000, 'up')).toBe(1310);
    expect(roundToYuan(100, 'half-up', 3)).toBe(0); // 100/3 分
    expect(() => roundToYuan(-1, 'down')).toThrow();
  });

  it('shows an exact fraction to the 分', () => {
    expect(fractionToYuan(100000, 3)).toBe(333.33);
    expect(fractionToYuan(200000, 3)).toBe(666.67);
  });
});

describe('counted income (DOMAIN.md "Money")', () => {
  it('leaves out 优抚金, 奖学金, 见义勇为奖励 and social-assistance money', () => {
    expect(
      countedMonthlyIncome([
        { kind: 'wage', amount: 1800 },
        { kind: 'youfu', amount: 600 },
        { kind: 'scholarship', amount: 500 },
        { kind: 'braveryAward', amount: 2000 },
        { kind: 'socialAssistance', amount: 770 },
        { kind: 'pension', amount: 300.5 },
      ]),
    ).toBe(210050);
  });

  it('spreads farm income of the last 12 months over 12 months', () => {
    expect(countedMonthlyIncome([{ kind: 'farm', amount: 6000 }])).toBe(50000);
    expect(countedMonthlyIncome([{ kind: 'farm', amount: 1000 }])).toBe(8333); // 83.333… → 83.33
    expect(countedMonthlyIncome([{ kind: 'farm', amount: 1000.06 }])).toBe(8334); // 83.3383… → 83.34
  });

  it('rejects negative amounts and unknown kinds', () => {
    expect(() => countedMonthlyIncome([{ kind: 'wage', amount: -1 }])).toThrow(/不能为负数/);
    expect(() => countedMonthlyIncome([{ kind: 'lottery' as never, amount: 1 }])).toThrow(/未知的收入类别/);
  });

  it('sums a household exactly', () => {
    expect(householdIncome([0.1, 0.2, 1000])).toEqual({ totalFen: 100030, size: 3 });
    expect(() => householdIncome([])).toThrow(/至少 1 人/);
  });
});
