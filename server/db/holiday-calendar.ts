/**
 * Loads the administrator-entered holiday schedules (years `chinese-days` does not cover yet) into
 * the working-day calendar of server/domain/working-days.ts, at start-up and after each change.
 */
import {
  configureCalendar,
  type HolidaySupplementYear,
  type UnknownYearPolicy,
} from '../domain/working-days';
import type { Db } from './client';

export async function loadHolidaySupplement(db: Db): Promise<HolidaySupplementYear[]> {
  const rows = await db.holidayScheduleDay.findMany({ orderBy: { date: 'asc' } });
  const years = new Map<number, HolidaySupplementYear>();
  for (const r of rows) {
    const y = years.get(r.year) ?? { year: r.year, source: r.source, holidays: [], workdays: [] };
    (r.working ? y.workdays : y.holidays).push({ date: r.date, name: r.name });
    years.set(r.year, y);
  }
  return [...years.values()];
}

export async function applyHolidayCalendar(db: Db, unknownYear: UnknownYearPolicy): Promise<void> {
  configureCalendar({ supplement: await loadHolidaySupplement(db), unknownYear });
}
