/**
 * Months as the disbursement tables store them: a PostgreSQL `date` on the first day of the month
 * (UTC midnight in JavaScript), shown and exchanged as 'YYYY-MM'. China has one time zone (UTC+8),
 * so "this month" is the month in China, whatever the server's zone.
 */

export type IsoMonth = string;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(s: string): boolean {
  return MONTH_RE.test(s) && Number(s.slice(0, 4)) >= 2000;
}

/** 'YYYY-MM' → the Date of its first day (UTC midnight), as `@db.Date` columns hold it. */
export function monthStart(month: IsoMonth): Date {
  if (!isMonth(month)) throw new RangeError(`月份格式应为 YYYY-MM：${month}`);
  return new Date(`${month}-01T00:00:00Z`);
}

/** A `@db.Date` value → 'YYYY-MM'. */
export function monthOf(d: Date): IsoMonth {
  return d.toISOString().slice(0, 7);
}

export function shiftMonth(month: IsoMonth, n: number): IsoMonth {
  const d = monthStart(month);
  return monthOf(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)));
}

/** Whole months from `a` to `b` (negative when b is earlier). */
export function monthsBetween(a: IsoMonth, b: IsoMonth): number {
  const [x, y] = [monthStart(a), monthStart(b)];
  return (y.getUTCFullYear() - x.getUTCFullYear()) * 12 + (y.getUTCMonth() - x.getUTCMonth());
}

/** The calendar date in China at an instant, 'YYYY-MM-DD'. */
export function chinaDate(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The month in China at an instant. */
export function chinaMonth(at: Date = new Date()): IsoMonth {
  return chinaDate(at).slice(0, 7);
}

/** End of the month's last day in China, e.g. '2026-11-30T23:59:59+08:00' (user-task due dates). */
export function endOfMonthInChina(month: IsoMonth): string {
  const last = new Date(monthStart(shiftMonth(month, 1)).getTime() - 86_400_000);
  return `${last.toISOString().slice(0, 10)}T23:59:59+08:00`;
}
