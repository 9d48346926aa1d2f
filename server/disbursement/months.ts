/**
 * Months as the disbursement tables store them: a PostgreSQL `date` on the first day of the month
 * (UTC midnight in JavaScript), exchanged as 'YYYY-MM'. Calendar arithmetic is the domain's
 * (server/domain/dates.ts); "this month" is the month in China, whatever the server's zone.
 */
import {
  addMonths,
  chinaDate,
  endOfDayInChina,
  isIsoMonth,
  lastDayOfMonth,
  monthOf,
  type IsoMonth,
} from '../domain/dates';

export { addMonths, chinaDate, isIsoMonth, type IsoMonth };

/** 'YYYY-MM' → the Date of its first day (UTC midnight), as `@db.Date` columns hold it. */
export function monthStart(month: IsoMonth): Date {
  if (!isIsoMonth(month)) throw new RangeError(`月份格式应为 YYYY-MM：${month}`);
  return new Date(`${month}-01T00:00:00Z`);
}

/** A `@db.Date` value → 'YYYY-MM'. */
export function monthOfDate(d: Date): IsoMonth {
  return d.toISOString().slice(0, 7);
}

/** The month in China at an instant. */
export function chinaMonth(at: Date = new Date()): IsoMonth {
  return monthOf(chinaDate(at));
}

/** End of the month's last day in China, e.g. '2026-11-30T23:59:59+08:00' (user-task due dates). */
export function endOfMonthInChina(month: IsoMonth): string {
  return endOfDayInChina(lastDayOfMonth(month));
}
