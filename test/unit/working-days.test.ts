import { execFileSync } from 'node:child_process';
import { ROOT } from '../../server/paths';
import {
  addCalendarDays,
  addWorkingDays,
  CALENDAR_COVERAGE,
  CalendarCoverageError,
  dayInfo,
  isWorkingDay,
  workingDaysBetween,
} from '../../server/domain/working-days';

describe('工作日 on the statutory calendar with 调休 (chinese-days)', () => {
  it('knows the years the installed calendar covers', () => {
    expect(CALENDAR_COVERAGE.firstYear).toBe(2004);
    expect(CALENDAR_COVERAGE.lastYear).toBeGreaterThanOrEqual(2026);
  });

  it('agrees with the package on every day it covers (its Date API run in China time)', () => {
    // The package builds its tables when loaded and is only right east of UTC: compare in a process
    // started with TZ=Asia/Shanghai, day by day over every covered year.
    const script = `
      const { default: cd } = await import('chinese-days');
      const w = await import('./server/domain/working-days.ts');
      const { addDays } = await import('./server/domain/dates.ts');
      const bad = [];
      const { firstYear, lastYear } = w.CALENDAR_COVERAGE;
      for (let d = firstYear + '-01-01'; d <= lastYear + '-12-31'; d = addDays(d, 1)) {
        const [y, m, day] = d.split('-').map(Number);
        if (w.isWorkingDay(d) !== cd.isWorkday(new Date(y, m - 1, day))) bad.push(d);
      }
      console.log(JSON.stringify(bad));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, TZ: 'Asia/Shanghai', NODE_OPTIONS: '' },
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual([]);
  });

  it('treats National Day 2026 as days off and its make-up Sunday and Saturday as working days', () => {
    // 国庆节 2026: 10月1日至7日放假，9月20日（周日）、10月10日（周六）上班.
    expect(dayInfo('2026-10-01')).toEqual({ date: '2026-10-01', working: false, holiday: '国庆节' });
    expect(dayInfo('2026-10-07').working).toBe(false);
    expect(dayInfo('2026-09-20')).toEqual({ date: '2026-09-20', working: true, holiday: '国庆节' });
    expect(dayInfo('2026-10-10')).toEqual({ date: '2026-10-10', working: true, holiday: '国庆节' });
    expect(dayInfo('2026-10-17')).toEqual({ date: '2026-10-17', working: false }); // an ordinary Saturday
    expect(dayInfo('2026-10-08')).toEqual({ date: '2026-10-08', working: true }); // an ordinary Thursday
  });

  it('counts make-up weekend days and skips the holiday week', () => {
    expect(addWorkingDays('2026-09-18', 1)).toBe('2026-09-20'); // Fri → the make-up Sunday
    expect(addWorkingDays('2026-09-30', 1)).toBe('2026-10-08'); // over the whole holiday
    expect(addWorkingDays('2026-09-28', 3)).toBe('2026-10-08'); // 29, 30, then 8 October
    expect(addWorkingDays('2026-10-09', 1)).toBe('2026-10-10'); // Fri → the make-up Saturday
    expect(workingDaysBetween('2026-09-30', '2026-10-10')).toBe(3); // 8, 9, 10 October
  });

  it('handles the 2025 National Day and Mid-Autumn week and the 2026 Spring Festival', () => {
    // 2025: 10月1日至8日放假，9月28日（周日）、10月11日（周六）上班.
    expect(addWorkingDays('2025-09-26', 1)).toBe('2025-09-28');
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(isWorkingDay('2025-10-11')).toBe(true);
    // 2026 春节: 2月15日至23日放假，2月14日（周六）、2月28日（周六）上班.
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-14', 1)).toBe('2026-02-24');
    expect(isWorkingDay('2026-02-28')).toBe(true);
  });

  it('does not count the start day (民法典 §201) and gives the start itself for 0 days', () => {
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30'); // Fri → Mon
    expect(addWorkingDays('2026-11-27', 0)).toBe('2026-11-27');
  });

  it('computes a 25-working-day case deadline across Mid-Autumn, National Day and a make-up Saturday', () => {
    // From 2026-09-15: 16–18, 20 (make-up), 21–24, [25–27 中秋], 28–30, [1–7 国庆], 8–10 (10 make-up), 12–16,
    // 19–23, 26 → the 25th working day is 26 October.
    expect(addWorkingDays('2026-09-15', 25)).toBe('2026-10-26');
    expect(addWorkingDays('2026-09-15', 20)).toBe('2026-10-19');
  });

  it('counts 公示 periods in calendar days, holidays included', () => {
    expect(addCalendarDays('2026-09-30', 7)).toBe('2026-10-07');
    expect(addCalendarDays('2026-02-26', 3)).toBe('2026-03-01');
  });

  it('fails loudly in zh-CN for dates beyond the calendar instead of guessing', () => {
    expect(() => addWorkingDays('2026-12-24', 10)).toThrow(CalendarCoverageError);
    expect(() => addWorkingDays('2026-12-24', 10)).toThrow(
      /仅覆盖 2004–2026 年.*2027-01-01.*升级 chinese-days/,
    );
    expect(() => dayInfo('2003-06-02')).toThrow(CalendarCoverageError);
    expect(() => workingDaysBetween('2026-12-01', '2027-01-04')).toThrow(/2027-01-04/);
  });

  it('rejects malformed dates and negative periods', () => {
    expect(() => dayInfo('2026-02-30')).toThrow(/YYYY-MM-DD/);
    expect(() => addWorkingDays('2026-10-01', -1)).toThrow(/非负整数/);
    expect(() => addCalendarDays('20261001', 1)).toThrow(/YYYY-MM-DD/);
  });

  it('gives the same answers on a server west of UTC (the package API would shift days there)', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        "import('./server/domain/working-days.ts').then((w) => console.log(w.addWorkingDays('2026-10-09', 1), w.addWorkingDays('2026-09-18', 1)))",
      ],
      { cwd: ROOT, env: { ...process.env, TZ: 'America/New_York', NODE_OPTIONS: '' }, encoding: 'utf8' },
    );
    expect(out.trim()).toBe('2026-10-10 2026-09-20');
  });
});
