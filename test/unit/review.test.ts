import { gradualExitLastMonth, nextRecheckMonth, recheckCycle } from '../../server/domain/review';

describe('动态管理: re-check cycles (条例 §26) and the 渐退期', () => {
  const facts = {
    area: 'urban' as const,
    ableBodiedJobless: false,
    seriousIllnessOrDisability: false,
    incomeStable: true,
  };

  it('checks urban households with an able-bodied jobless member monthly', () => {
    expect(recheckCycle({ ...facts, ableBodiedJobless: true })).toBe('monthly');
    expect(recheckCycle({ ...facts, ableBodiedJobless: true, seriousIllnessOrDisability: true })).toBe(
      'monthly',
    );
  });

  it('checks stable households with illness or disability yearly, other stable ones half-yearly', () => {
    expect(recheckCycle({ ...facts, seriousIllnessOrDisability: true })).toBe('yearly');
    expect(recheckCycle(facts)).toBe('half-yearly');
    expect(recheckCycle({ ...facts, area: 'rural', ableBodiedJobless: true })).toBe('half-yearly');
    expect(recheckCycle({ ...facts, incomeStable: false })).toBe('monthly');
  });

  it('schedules the next check and ends the 渐退期 after at most 6 months', () => {
    expect(nextRecheckMonth('2026-11', 'half-yearly')).toBe('2027-05');
    expect(nextRecheckMonth('2026-11', 'yearly')).toBe('2027-11');
    expect(gradualExitLastMonth('2026-10', 6)).toBe('2027-04');
    expect(() => gradualExitLastMonth('2026-10', 7)).toThrow('渐退期应为 0–6 个月');
  });
});
