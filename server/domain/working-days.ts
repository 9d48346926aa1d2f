/**
 * 工作日 on the Chinese statutory holiday calendar, 调休 included: weekends and 法定节假日 are not
 * working days, make-up Saturdays/Sundays (调休上班) are. The calendar is, in this order:
 *  1. the `chinese-days` package's published data (国务院办公厅 annual notices), never a hand-made list
 *     (its JSON is read instead of its Date-based API, which shifts days on servers west of UTC);
 *  2. for a year the package does not cover yet, the schedule an administrator entered from the
 *     State Council's notice (`useHolidaySupplement`, stored in the database with the notice's 文号);
 *  3. for a year known to neither, Monday–Friday, and every result touching that year is marked
 *     **provisional** (暂按周一至周五计算) so users see it, or, with the `fail` policy, a clear error.
 * The State Council publishes next year's schedule in November/December, while cases started in
 * December already have deadlines in January: failing there would stop every case for weeks.
 *
 * Periods follow 民法典 §201: the day an act happens is not counted, counting starts the next day.
 */
import { createRequire } from 'node:module';
import { addDays, isIsoDate, type IsoDate } from './dates';

interface CalendarData {
  /** 法定节假日 (days off), 'YYYY-MM-DD' → "English,中文,n". */
  holidays: Record<string, string>;
  /** 调休上班: weekend days that are working days. */
  workdays: Record<string, string>;
}

const packaged = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as CalendarData;

function coveredYears(data: CalendarData): { firstYear: number; lastYear: number } {
  const years = Object.keys(data.holidays).map((d) => Number(d.slice(0, 4)));
  return { firstYear: Math.min(...years), lastYear: Math.max(...years) };
}

/** Years for which the installed `chinese-days` package knows the holiday schedule. */
export const CALENDAR_COVERAGE = Object.freeze(coveredYears(packaged));

/** One year's schedule entered from the State Council notice (国务院办公厅关于××年部分节假日安排的通知). */
export interface HolidaySupplementYear {
  year: number;
  /** 文号 of the notice, e.g. 国办发明电〔2026〕7号. */
  source: string;
  /** Days off, with the holiday's name (e.g. 春节). */
  holidays: { date: IsoDate; name: string }[];
  /** Weekend days that are working days (调休上班), with the holiday they belong to. */
  workdays: { date: IsoDate; name: string }[];
}

export type UnknownYearPolicy = 'weekdays' | 'fail';

export class CalendarCoverageError extends Error {
  constructor(readonly date: IsoDate) {
    super(
      `节假日安排未知：${date.slice(0, 4)} 年既不在 chinese-days 包（${CALENDAR_COVERAGE.firstYear}–` +
        `${CALENDAR_COVERAGE.lastYear} 年）内，也未由管理员录入国务院办公厅的通知，无法判断 ${date} 是否为工作日。`,
    );
    this.name = 'CalendarCoverageError';
  }
}

export type YearSource = 'package' | 'supplement' | 'weekdays';

interface YearTable {
  source: YearSource;
  /** 1 = working day, indexed by day of the year (0-based). */
  flags: Uint8Array;
  names: Map<IsoDate, string>;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: IsoDate) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const isoOf = (day: number): IsoDate => new Date(day * DAY_MS).toISOString().slice(0, 10);
const yearStart = (year: number) => Date.UTC(year, 0, 1) / DAY_MS;

let supplement = new Map<number, HolidaySupplementYear>();
let unknownYearPolicy: UnknownYearPolicy = 'weekdays';
const tables = new Map<number, YearTable>();

/** Installs the administrator-entered schedules and the policy for unknown years (at start-up). */
export function configureCalendar(opts: {
  supplement?: HolidaySupplementYear[];
  unknownYear?: UnknownYearPolicy;
}): void {
  if (opts.supplement) {
    for (const y of opts.supplement) {
      if (y.year >= CALENDAR_COVERAGE.firstYear && y.year <= CALENDAR_COVERAGE.lastYear) {
        throw new RangeError(`${y.year} 年的节假日安排已由 chinese-days 包提供，不能另行录入`);
      }
    }
    supplement = new Map(opts.supplement.map((y) => [y.year, y]));
  }
  if (opts.unknownYear) unknownYearPolicy = opts.unknownYear;
  tables.clear();
  recent = undefined;
}

/** Where the schedule of `year` comes from. */
export function yearSource(year: number): YearSource {
  if (year >= CALENDAR_COVERAGE.firstYear && year <= CALENDAR_COVERAGE.lastYear) return 'package';
  return supplement.has(year) ? 'supplement' : 'weekdays';
}

function buildYear(year: number): YearTable {
  const source = yearSource(year);
  const first = yearStart(year);
  const flags = new Uint8Array(yearStart(year + 1) - first);
  // Day 0 (1970-01-01) was a Thursday: (day + 4) % 7 is 0 on Sundays and 6 on Saturdays.
  for (let i = 0; i < flags.length; i++)
    flags[i] = (first + i + 4) % 7 === 0 || (first + i + 4) % 7 === 6 ? 0 : 1;
  const names = new Map<IsoDate, string>();
  const mark = (date: IsoDate, working: 0 | 1, name: string) => {
    if (date.slice(0, 4) !== String(year)) return;
    flags[dayNumber(date) - first] = working;
    names.set(date, name);
  };
  if (source === 'package') {
    // The package stores "English,中文,n"; keep the Chinese name.
    const cn = (entry: string) => entry.split(',')[1] ?? entry;
    for (const [date, entry] of Object.entries(packaged.holidays)) mark(date, 0, cn(entry));
    for (const [date, entry] of Object.entries(packaged.workdays)) mark(date, 1, cn(entry));
  } else if (source === 'supplement') {
    const y = supplement.get(year)!;
    for (const h of y.holidays) mark(h.date, 0, h.name);
    for (const w of y.workdays) mark(w.date, 1, w.name);
  }
  return { source, flags, names };
}

/** The table of the year containing `day`; the last one used is kept, as periods walk day by day. */
let recent: { first: number; end: number; table: YearTable } | undefined;

function tableFor(day: number): { first: number; table: YearTable } {
  if (recent && day >= recent.first && day < recent.end) return recent;
  const date = isoOf(day);
  const year = Number(date.slice(0, 4));
  let table = tables.get(year);
  if (!table) {
    table = buildYear(year);
    tables.set(year, table);
  }
  if (table.source === 'weekdays' && unknownYearPolicy === 'fail') throw new CalendarCoverageError(date);
  recent = { first: yearStart(year), end: yearStart(year + 1), table };
  return recent;
}

function checkedDay(date: IsoDate): number {
  if (!isIsoDate(date)) throw new RangeError(`日期格式应为 YYYY-MM-DD：${date}`);
  if (Number(date.slice(0, 4)) < CALENDAR_COVERAGE.firstYear) throw new CalendarCoverageError(date);
  return dayNumber(date);
}

function working(day: number): { working: boolean; table: YearTable } {
  const { first, table } = tableFor(day);
  return { working: table.flags[day - first] === 1, table };
}

export interface DayInfo {
  date: IsoDate;
  working: boolean;
  /** 节假日 or 调休 name (e.g. 国庆节), absent on an ordinary weekday or weekend. */
  holiday?: string;
  /** The year's holiday schedule is unknown: counted Monday–Friday (暂按周一至周五计算). */
  provisional?: true;
}

export function dayInfo(date: IsoDate): DayInfo {
  const { working: w, table } = working(checkedDay(date));
  const name = table.names.get(date);
  return {
    date,
    working: w,
    ...(name ? { holiday: name } : {}),
    ...(table.source === 'weekdays' ? { provisional: true as const } : {}),
  };
}

export function isWorkingDay(date: IsoDate): boolean {
  return working(checkedDay(date)).working;
}

/** A working-day period's end, and whether any counted day lies in a year of unknown schedule. */
export interface PeriodEnd {
  date: IsoDate;
  provisional: boolean;
}

/**
 * The n-th working day after `start` (民法典 §201: the start day is not counted); n = 0 gives `start`.
 * `provisional` says a day of an unknown year was counted Monday–Friday.
 */
export function workingPeriodEnd(start: IsoDate, n: number): PeriodEnd {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日天数应为非负整数：${n}`);
  let day = checkedDay(start);
  let provisional = false;
  for (let left = n; left > 0;) {
    day++;
    const w = working(day);
    if (w.table.source === 'weekdays') provisional = true;
    if (w.working) left--;
  }
  return { date: isoOf(day), provisional };
}

/** The date on which a period of `n` working days that starts on `start` ends. */
export function addWorkingDays(start: IsoDate, n: number): IsoDate {
  return workingPeriodEnd(start, n).date;
}

/** Working days in (from, to]: how many working days of a period have elapsed by `to`. */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  const last = checkedDay(to);
  let count = 0;
  for (let d = checkedDay(from) + 1; d <= last; d++) if (working(d).working) count++;
  return count;
}

/** A period of `n` calendar days from `start` (start day not counted), e.g. the 7-day 公示. */
export function addCalendarDays(start: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`天数应为非负整数：${n}`);
  if (!isIsoDate(start)) throw new RangeError(`日期格式应为 YYYY-MM-DD：${start}`);
  return addDays(start, n);
}
