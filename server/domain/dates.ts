/**
 * Calendar dates as ISO strings ('YYYY-MM-DD') and months ('YYYY-MM'), computed in UTC so the
 * server's time zone never shifts a day. China has one time zone (UTC+8, no daylight saving).
 */

export type IsoDate = string;
export type IsoMonth = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;
const DAY_MS = 86_400_000;
/** 北京时间 offset; deadlines are stated in China's local time. */
export const CHINA_OFFSET = '+08:00';

export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

export function isIsoMonth(s: string): boolean {
  const m = MONTH_RE.exec(s);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[1]) >= 1900;
}

function toUtc(date: IsoDate): number {
  if (!isIsoDate(date)) throw new RangeError(`日期格式应为 YYYY-MM-DD：${date}`);
  return Date.parse(`${date}T00:00:00Z`);
}

const fromUtc = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return new Date(toUtc(date)).getUTCDay();
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

export function monthOf(date: IsoDate): IsoMonth {
  toUtc(date);
  return date.slice(0, 7);
}

function checkMonth(month: IsoMonth): [number, number] {
  if (!isIsoMonth(month)) throw new RangeError(`月份格式应为 YYYY-MM：${month}`);
  return [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
}

export function firstDayOfMonth(month: IsoMonth): IsoDate {
  checkMonth(month);
  return `${month}-01`;
}

export function lastDayOfMonth(month: IsoMonth): IsoDate {
  const [y, m] = checkMonth(month);
  return fromUtc(Date.UTC(y, m, 0));
}

export function addMonths(month: IsoMonth, n: number): IsoMonth {
  const [y, m] = checkMonth(month);
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7);
}

/** The calendar date in China (UTC+8) at an instant, e.g. a job's creation time. */
export function chinaDate(instant: Date): IsoDate {
  return fromUtc(instant.getTime() + 8 * 3_600_000);
}

/**
 * The end of a day in China as an ISO 8601 date-time with offset, e.g. '2026-12-04T23:59:59+08:00'.
 * Zeebe (and FEEL `date and time(...)`) accept it for timer timeDate and user-task dueDate.
 */
export function endOfDayInChina(date: IsoDate): string {
  toUtc(date);
  return `${date}T23:59:59${CHINA_OFFSET}`;
}
