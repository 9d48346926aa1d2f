/**
 * 节假日安排: the schedule of a year the `chinese-days` package does not cover yet, entered by an
 * administrator from the State Council's notice (国务院办公厅关于××年部分节假日安排的通知) so that
 * working-day deadlines (57号 §15–§21) stay exact instead of 暂定 (server/domain/working-days.ts).
 * The schedule is national: any administrator may enter it; the audit trail records who did.
 */
import { applyHolidayCalendar } from '../db/holiday-calendar';
import { isIsoDate } from '../domain/dates';
import { CALENDAR_COVERAGE, yearSource } from '../domain/working-days';
import { ADMINS } from '../auth/roles';
import { Problem } from './problem';
import { defineRoute } from './route';
import { Text } from './schemas';
import { z } from './zod';

const YearParams = z.strictObject({
  year: z.coerce.number().int('年份应为整数').min(2000, '年份不早于 2000').max(2100, '年份不晚于 2100'),
});

const Day = z.strictObject({
  date: z.string().refine(isIsoDate, '日期格式应为 YYYY-MM-DD'),
  name: Text(20),
});

const YearStatus = z
  .object({
    year: z.number().int(),
    source: z.enum(['package', 'supplement', 'weekdays']).openapi({
      description: 'package: chinese-days 包；supplement: 管理员录入；weekdays: 未知，暂按周一至周五计算',
    }),
    notice: z.string().nullable(),
    holidays: z.array(z.object({ date: z.string(), name: z.string() })),
    workdays: z.array(z.object({ date: z.string(), name: z.string() })),
  })
  .openapi('HolidayYear');

const listYears = defineRoute({
  method: 'get',
  path: '/api/admin/holidays',
  summary: '节假日安排：今明两年及已录入年份的来源与日期',
  tag: '管理',
  roles: ADMINS,
  access: { kind: 'scoped' },
  response: {
    description: '各年节假日安排',
    schema: z.object({
      packageCoverage: z.object({ firstYear: z.number(), lastYear: z.number() }),
      years: z.array(YearStatus),
    }),
  },
  handler: async ({ ctx }) => {
    const rows = await ctx.db.holidayScheduleDay.findMany({ orderBy: { date: 'asc' } });
    const thisYear = new Date().getFullYear();
    const years = [...new Set([thisYear, thisYear + 1, ...rows.map((r) => r.year)])].sort();
    return {
      packageCoverage: { ...CALENDAR_COVERAGE },
      years: years.map((year) => {
        const own = rows.filter((r) => r.year === year);
        const pick = (working: boolean) =>
          own.filter((r) => r.working === working).map((r) => ({ date: r.date, name: r.name }));
        return {
          year,
          source: yearSource(year),
          notice: own[0]?.source ?? null,
          holidays: pick(false),
          workdays: pick(true),
        };
      }),
    };
  },
});

const putYear = defineRoute({
  method: 'put',
  path: '/api/admin/holidays/:year',
  summary: '录入（或更正）某年的节假日安排（chinese-days 包尚未覆盖的年份）',
  tag: '管理',
  roles: ADMINS,
  access: { kind: 'scoped' },
  params: YearParams,
  body: z.strictObject({
    notice: Text(60).openapi({ description: '通知文号，如 国办发明电〔2026〕7号' }),
    holidays: z.array(Day).min(1, '至少一个放假日').max(60),
    workdays: z.array(Day).max(20),
  }),
  response: { description: '已录入', schema: YearStatus },
  problems: { 409: '该年份已由 chinese-days 包提供' },
  handler: async ({ ctx, actor, params, body, write }) => {
    const { year } = params;
    if (year >= CALENDAR_COVERAGE.firstYear && year <= CALENDAR_COVERAGE.lastYear) {
      throw new Problem(409, '该年份已由日历包提供', `${year} 年的节假日安排来自 chinese-days 包，无需录入`);
    }
    const errors = [
      ...body.holidays.map((d, i) => ({ d, field: `holidays.${i}.date` })),
      ...body.workdays.map((d, i) => ({ d, field: `workdays.${i}.date` })),
    ]
      .filter(({ d }) => !d.date.startsWith(`${year}-`))
      .map(({ field }) => ({ field, message: `日期应在 ${year} 年内` }));
    const dates = [...body.holidays, ...body.workdays].map((d) => d.date);
    if (new Set(dates).size !== dates.length) errors.push({ field: 'holidays', message: '同一日期重复出现' });
    for (const [i, w] of body.workdays.entries()) {
      const dow = new Date(`${w.date}T00:00:00Z`).getUTCDay();
      if (dow !== 0 && dow !== 6)
        errors.push({ field: `workdays.${i}.date`, message: '调休上班日应为周六或周日' });
    }
    if (errors.length) throw new Problem(400, '请求参数有误', '节假日安排有误', errors);

    const result = await write(async (tx) => {
      const before = await tx.holidayScheduleDay.count({ where: { year } });
      await tx.holidayScheduleDay.deleteMany({ where: { year } });
      const rows = [
        ...body.holidays.map((d) => ({ ...d, working: false })),
        ...body.workdays.map((d) => ({ ...d, working: true })),
      ].map((d) => ({ ...d, year, source: body.notice, enteredById: actor.id }));
      await tx.holidayScheduleDay.createMany({ data: rows });
      return {
        result: {
          year,
          source: 'supplement' as const,
          notice: body.notice,
          holidays: body.holidays,
          workdays: body.workdays,
        },
        audit: {
          action: 'admin.holiday-schedule-set',
          summary: { year, notice: body.notice, daysBefore: before, daysAfter: rows.length },
        },
      };
    });
    await applyHolidayCalendar(ctx.db, ctx.config.holidayUnknownYear);
    return result;
  },
});

export const holidayRoutes = [listYears, putYear];
