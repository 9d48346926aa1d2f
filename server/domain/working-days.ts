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
import { addDays, isIsoDate, type IsoDate } from './dates';

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

const DAY_MS = 86_400_000;
const dayNumber = (date: IsoDate) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const isoOf = (day: number): IsoDate => new Date(day * DAY_MS).toISOString().slice(0, 10);
const FIRST_DAY = Date.UTC(CALENDAR_COVERAGE.firstYear, 0, 1) / DAY_MS;
const LAST_DAY = Date.UTC(CALENDAR_COVERAGE.lastYear, 11, 31) / DAY_MS;

/** One byte per covered day, 1 = working day, so deadlines walk an array instead of parsing dates. */
const WORKING = (() => {
  const flags = new Uint8Array(LAST_DAY - FIRST_DAY + 1);
  // Day 0 (1970-01-01) was a Thursday: (day + 4) % 7 is 0 on Sundays and 6 on Saturdays.
  for (let d = FIRST_DAY; d <= LAST_DAY; d++)
    flags[d - FIRST_DAY] = (d + 4) % 7 === 0 || (d + 4) % 7 === 6 ? 0 : 1;
  for (const date of Object.keys(calendar.holidays)) flags[dayNumber(date) - FIRST_DAY] = 0;
  for (const date of Object.keys(calendar.workdays)) flags[dayNumber(date) - FIRST_DAY] = 1;
  return flags;
})();

export class CalendarCoverageError extends Error {
  constructor(readonly date: IsoDate) {
    super(
      `节假日日历仅覆盖 ${CALENDAR_COVERAGE.firstYear}–${CALENDAR_COVERAGE.lastYear} 年，` +
        `无法判断 ${date} 是否为工作日。国务院办公厅公布该年节假日安排后，请升级 chinese-days 包再试。`,
    );
    this.name = 'CalendarCoverageError';
  }
}

/** The day number of a covered date; a malformed or uncovered date fails clearly. */
function coveredDay(date: IsoDate): number {
  if (!isIsoDate(date)) throw new RangeError(`日期格式应为 YYYY-MM-DD：${date}`);
  const day = dayNumber(date);
  if (day < FIRST_DAY || day > LAST_DAY) throw new CalendarCoverageError(date);
  return day;
}

export interface DayInfo {
  date: IsoDate;
  working: boolean;
  /** 节假日 or 调休 name (e.g. 国庆节), absent on an ordinary weekday or weekend. */
  holiday?: string;
}

export function dayInfo(date: IsoDate): DayInfo {
  const working = WORKING[coveredDay(date) - FIRST_DAY] === 1;
  const entry = calendar.workdays[date] ?? calendar.holidays[date];
  // The package stores "English,中文,n"; keep the Chinese name.
  return entry ? { date, working, holiday: entry.split(',')[1] ?? entry } : { date, working };
}

export function isWorkingDay(date: IsoDate): boolean {
  return WORKING[coveredDay(date) - FIRST_DAY] === 1;
}

/**
 * The date on which a period of `n` working days that starts on `start` ends: the n-th working day
 * after `start` (民法典 §201: the start day is not counted). n = 0 gives `start` itself.
 */
export function addWorkingDays(start: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日天数应为非负整数：${n}`);
  let day = coveredDay(start);
  for (let left = n; left > 0;) {
    day++;
    if (day > LAST_DAY) throw new CalendarCoverageError(isoOf(day));
    left -= WORKING[day - FIRST_DAY]!;
  }
  return isoOf(day);
}

/** Working days in (from, to]: how many working days of a period have elapsed by `to`. */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  const last = coveredDay(to);
  let count = 0;
  for (let d = coveredDay(from) + 1; d <= last; d++) count += WORKING[d - FIRST_DAY]!;
  return count;
}

/** A period of `n` calendar days from `start` (start day not counted), e.g. the 7-day 公示. */
export function addCalendarDays(start: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`天数应为非负整数：${n}`);
  if (!isIsoDate(start)) throw new RangeError(`日期格式应为 YYYY-MM-DD：${start}`);
  return addDays(start, n);
}
