import { DEMO_LINSHI_POLICY } from '../../server/db/seed-demo';
import {
  assessLinshi,
  expenseIncomeTest,
  findDuplicateApplication,
  urgentAdvance,
  validateBands,
  type LinshiApplicationRef,
  type LinshiPolicy,
} from '../../server/domain/linshi';

const policy: LinshiPolicy = {
  districtCode: '500112',
  streetApprovalLimit: DEMO_LINSHI_POLICY.streetApprovalLimit,
  bands: DEMO_LINSHI_POLICY.bands.map((b) => ({ ...b })),
};

describe('临时救助 bands, approval limit and 一事一议 trigger', () => {
  it('accepts the demo band table', () => {
    expect(validateBands(policy.bands)).toEqual([]);
  });

  it('lets the street approve up to its limit and the district above it', () => {
    expect(assessLinshi(policy, 'expense', 2000)).toMatchObject({ decisionLevel: 'street', escalate: false });
    expect(assessLinshi(policy, 'expense', 2000.01)).toMatchObject({
      decisionLevel: 'district',
      escalate: false,
    });
  });

  it('places the amount in the lowest band that covers it', () => {
    expect(assessLinshi(policy, 'expense', 3000).band).toMatchObject({ level: 1, ceiling: 3000 });
    expect(assessLinshi(policy, 'expense', 3000.01).band).toMatchObject({ level: 2 });
    expect(assessLinshi(policy, 'urgent', 4999).band).toMatchObject({ level: 2, name: '较大困难' });
  });

  it('escalates to 一事一议 above the highest ceiling (重大生活困难), not at it', () => {
    expect(assessLinshi(policy, 'expense', 10000)).toMatchObject({
      escalate: false,
      decisionLevel: 'district',
    });
    expect(assessLinshi(policy, 'expense', 10000.01)).toEqual({
      band: null,
      ceiling: 10000,
      escalate: true,
      decisionLevel: 'panel',
    });
  });

  it('refuses to assess without a band table or a positive amount', () => {
    expect(() => assessLinshi({ ...policy, bands: [] }, 'urgent', 100)).toThrow(
      '区县 500112 未设置急难型临时救助分档标准',
    );
    expect(() => assessLinshi(policy, 'urgent', 0)).toThrow(/大于 0/);
  });

  it('finds band tables whose levels or ceilings do not rise', () => {
    expect(
      validateBands([
        { kind: 'urgent', level: 1, name: 'a', ceiling: 2000 },
        { kind: 'urgent', level: 2, name: 'b', ceiling: 2000 },
      ]),
    ).toEqual(['急难型第 2 档与上一档的档次或上限不递增', '支出型临时救助没有分档标准']);
  });
});

describe('急难型 先行救助 and the 支出型 income test', () => {
  it('caps 先行救助 at one month of the local 低保标准 and carries the rest to the normal procedure', () => {
    expect(urgentAdvance(500, 770, 1)).toEqual({ amount: 500, cap: 770, remaining: 0 });
    expect(urgentAdvance(2000, 770, 1)).toEqual({ amount: 770, cap: 770, remaining: 1230 });
    expect(urgentAdvance(2000, 770, 0.5)).toEqual({ amount: 385, cap: 385, remaining: 1615 });
  });

  it('requires per-capita disposable income below the previous-year local figure', () => {
    expect(expenseIncomeTest(100000, 3, 48000)).toEqual({ passes: true, perCapita: 33333.33 });
    expect(expenseIncomeTest(144000, 3, 48000)).toEqual({ passes: false, perCapita: 48000 });
    expect(() => expenseIncomeTest(1, 0, 48000)).toThrow(/至少 1 人/);
  });
});

describe('the same event applied for at two places: the second is rejected', () => {
  const first: LinshiApplicationRef = {
    caseId: 'a',
    memberIdNumbers: ['50011219800101123X'],
    eventKind: '火灾',
    eventDate: '2026-11-01',
    streetCode: '500112001',
    appliedAt: '2026-11-02T01:00:00.000Z',
    status: 'open',
  };
  const second = { ...first, caseId: 'b', streetCode: '500112007', appliedAt: '2026-11-03T01:00:00.000Z' };

  it('finds the earlier application for the same person and event', () => {
    expect(findDuplicateApplication({ ...second, memberIdNumbers: ['50011219800101123x'] }, [first])).toBe(
      first,
    );
  });

  it('does not reject the first one, another event, another person, or after a withdrawal', () => {
    expect(findDuplicateApplication(first, [second])).toBeNull();
    expect(findDuplicateApplication({ ...second, eventDate: '2026-11-05' }, [first])).toBeNull();
    expect(findDuplicateApplication({ ...second, eventKind: '交通事故' }, [first])).toBeNull();
    expect(
      findDuplicateApplication({ ...second, memberIdNumbers: ['110105194912310021'] }, [first]),
    ).toBeNull();
    expect(findDuplicateApplication(second, [{ ...first, status: 'withdrawn' }])).toBeNull();
  });

  it('rejects exactly one of two simultaneous applications', () => {
    const a = { ...first, appliedAt: second.appliedAt };
    expect(findDuplicateApplication(second, [a])).toBe(a);
    expect(findDuplicateApplication(a, [second])).toBeNull();
  });
});
