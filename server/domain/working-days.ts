/**
 * 工作日 on the Chinese statutory holiday calendar, 调休 included: weekends and 法定节假日 are not
 * working days, make-up Saturdays/Sundays (调休上班) are. The calendar is the `chinese-days` package's
 * published data (国务院办公厅 annual notices), never a hand-made list. Its JSON is read instead of its
 * Date-based API because that API shifts days on servers west of UTC.
 *
 * Periods follow 民法典 §201: the day an act happens is not counted, counting starts the next day.
 * A date outside the years the package covers fails loudly (the next year's schedule is published
 * by the State Council in November/December; upgrade `chinese-days` then) instead of guessing.
 */
import { createRequire } from 'node:module';
import { addDays, isIsoDate, weekday, type IsoDate } from './dates';

interface CalendarData {
  /** 法定节假日 (days off), 'YYYY-MM-DD' → name. */
  holidays: Record<string, string>;
  /** 调休上班: weekend days that are working days. */
  workdays: Record<string, string>;
}

const calendar = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as CalendarData;

function coveredYears(data: CalendarData): { firstYear: number; lastYear: number } {
  const years = Object.keys(data.holidays).map((d) => Number(d.slice(0, 4)));
  return { firstYear: Math.min(...years), lastYear: Math.max(...years) };
}

/** Years for which the installed calendar knows the holiday schedule. */
export const CALENDAR_COVERAGE = Object.freeze(coveredYears(calendar));

export class CalendarCoverageError extends Error {
  constructor(readonly date: IsoDate) {
    super(
      `节假日日历仅覆盖 ${CALENDAR_COVERAGE.firstYear}–${CALENDAR_COVERAGE.lastYear} 年，` +
        `无法判断 ${date} 是否为工作日。国务院办公厅公布该年节假日安排后，请升级 chinese-days 包再试。`,
    );
    this.name = 'CalendarCoverageError';
  }
}

function checkCovered(date: IsoDate): void {
  if (!isIsoDate(date)) throw new RangeError(`日期格式应为 YYYY-MM-DD：${date}`);
  const year = Number(date.slice(0, 4));
  if (year < CALENDAR_COVERAGE.firstYear || year > CALENDAR_COVERAGE.lastYear) {
    throw new CalendarCoverageError(date);
  }
}

export interface DayInfo {
  date: IsoDate;
  working: boolean;
  /** 节假日 or 调休 name (e.g. 国庆节), absent on an ordinary weekday or weekend. */
  holiday?: string;
}

export function dayInfo(date: IsoDate): DayInfo {
  checkCovered(date);
  const makeUp = calendar.workdays[date];
  if (makeUp) return { date, working: true, holiday: chineseName(makeUp) };
  const off = calendar.holidays[date];
  if (off) return { date, working: false, holiday: chineseName(off) };
  const wd = weekday(date);
  return { date, working: wd !== 0 && wd !== 6 };
}

/** The package stores "English,中文,n"; keep the Chinese name. */
function chineseName(entry: string): string {
  return entry.split(',')[1] ?? entry;
}

export function isWorkingDay(date: IsoDate): boolean {
  return dayInfo(date).working;
}

/**
 * The date on which a period of `n` working days that starts on `start` ends: the n-th working day
 * after `start` (民法典 §201: the start day is not counted). n = 0 gives `start` itself.
 */
export function addWorkingDays(start: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日天数应为非负整数：${n}`);
  checkCovered(start);
  let date = start;
  for (let left = n; left > 0;) {
    date = addDays(date, 1);
    if (isWorkingDay(date)) left--;
  }
  return date;
}

/** Working days in (from, to]: how many working days of a period have elapsed by `to`. */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  checkCovered(from);
  checkCovered(to);
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) count++;
  return count;
}

/** The first working day on or after `date`. */
export function nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** A period of `n` calendar days from `start` (start day not counted), e.g. the 7-day 公示. */
export function addCalendarDays(start: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`天数应为非负整数：${n}`);
  if (!isIsoDate(start)) throw new RangeError(`日期格式应为 YYYY-MM-DD：${start}`);
  return addDays(start, n);
}
