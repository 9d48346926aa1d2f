import { chinaDate, endOfDayInChina, lastDayOfMonth, addMonths } from '../../server/domain/dates';
import {
  computeDeadline,
  deadlineRules,
  deadlineVariables,
  DEADLINE_KINDS,
} from '../../server/domain/deadlines';
import { DEFAULT_SETTINGS, type DomainSettings } from '../../server/domain/settings';

const settings = (patch: Partial<DomainSettings['dibao']> = {}): DomainSettings => ({
  ...DEFAULT_SETTINGS,
  dibao: { ...DEFAULT_SETTINGS.dibao, ...patch },
});

describe('deadlines from a start date', () => {
  it('gives the end of the last day in China as a FEEL/Zeebe date-time', () => {
    const d = computeDeadline('investigationStart', '2026-09-28', DEFAULT_SETTINGS);
    expect(d).toMatchObject({ date: '2026-10-08', dueDateTime: '2026-10-08T23:59:59+08:00' });
    expect(d.rule).toEqual({ unit: 'working', days: 3, basis: expect.stringContaining('57号 §15') });
  });

  it('uses the configured whole-case deadline: Chongqing 25, or 20 when delegated', () => {
    expect(computeDeadline('dibaoCase', '2026-09-15', settings()).date).toBe('2026-10-26');
    expect(computeDeadline('dibaoCase', '2026-09-15', settings({ deadlineWorkingDays: 20 })).date).toBe(
      '2026-10-19',
    );
    expect(computeDeadline('dibaoCaseExtended', '2026-09-15', settings()).date).toBe('2026-11-16');
  });

  it('counts 公示 in calendar days (7, or 3 for the repeat) and the 特困 steps in 15 working days', () => {
    expect(computeDeadline('publicNotice', '2026-09-30', DEFAULT_SETTINGS).date).toBe('2026-10-07');
    expect(computeDeadline('dibaoRenotice', '2026-09-30', DEFAULT_SETTINGS).date).toBe('2026-10-03');
    // 16–18, 20, 21–24, 28–30, 8–10 October (10th is a make-up Saturday), 12 → the 15th.
    expect(computeDeadline('tekunInitialReview', '2026-09-15', DEFAULT_SETTINGS).date).toBe('2026-10-12');
    expect(computeDeadline('urgentPayment', '2026-09-30', DEFAULT_SETTINGS).date).toBe('2026-10-03');
  });

  it('has a rule with a stated basis for every kind', () => {
    const rules = deadlineRules(DEFAULT_SETTINGS);
    for (const k of DEADLINE_KINDS) {
      expect(rules[k].days).toBeGreaterThan(0);
      expect(rules[k].basis.length).toBeGreaterThan(4);
    }
    expect(rules.acceptance.days).toBe(5);
    expect(deadlineRules({ ...DEFAULT_SETTINGS, acceptanceWorkingDays: 7 }).acceptance.days).toBe(7);
  });

  it('names the process variables <kind>Due', () => {
    expect(deadlineVariables(['dibaoCase', 'investigationStart'], '2026-09-15', DEFAULT_SETTINGS)).toEqual({
      dibaoCaseDue: '2026-10-26T23:59:59+08:00',
      investigationStartDue: '2026-09-18T23:59:59+08:00',
    });
  });

  it('rejects an unknown kind', () => {
    expect(() => computeDeadline('nope' as never, '2026-09-15', DEFAULT_SETTINGS)).toThrow(/未知的期限类别/);
  });
});

describe('calendar helpers', () => {
  it('takes the date in China, not in UTC', () => {
    expect(chinaDate(new Date('2026-11-29T15:59:59Z'))).toBe('2026-11-29');
    expect(chinaDate(new Date('2026-11-29T16:00:00Z'))).toBe('2026-11-30');
  });

  it('handles month ends and year changes', () => {
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(lastDayOfMonth('2026-02')).toBe('2026-02-28');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(endOfDayInChina('2026-12-04')).toBe('2026-12-04T23:59:59+08:00');
    expect(() => endOfDayInChina('2026-13-01')).toThrow(/YYYY-MM-DD/);
  });
});
