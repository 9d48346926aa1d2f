/**
 * Job worker `compute-deadlines` (every case model; workflows/README.md "Deadline kinds").
 *
 * Consumes: headers `deadlines` (comma-separated DeadlineKind values of server/domain/deadlines.ts)
 *   and `from` (the variable holding the start date, or `today`: the job's date in China).
 * Produces: `<kind>Due` per kind (end of the last day in China, for timers and task due dates) and
 *   `<kind>DueProvisional: true` for a date counted over a year whose holiday schedule is unknown.
 * Retry safety: no side effect; the same start gives the same dates. Periods start the day after
 *   `from` (民法典 §201); working days follow the statutory calendar with 调休. A date beyond the
 *   calendar's years (HOLIDAY_UNKNOWN_YEAR=fail) fails the job with the calendar's zh-CN message.
 */
import { z } from 'zod';
import { defineJob } from '../../disbursement/jobs';
import { isIsoDate } from '../../domain/dates';
import { DEADLINE_KINDS, deadlineVariables, type DeadlineKind } from '../../domain/deadlines';
import { asRefusal, CaseRefusal, settingsOf, todayOf, type CaseDeps } from '../case-jobs';

const Headers = z.object({
  deadlines: z
    .string({ error: '任务头缺少 deadlines（期限类别）' })
    .min(1, '任务头缺少 deadlines（期限类别）'),
  from: z.string({ error: '任务头缺少 from（起算日变量）' }).min(1, '任务头缺少 from（起算日变量）'),
});

export default defineJob({
  type: 'compute-deadlines',
  input: z.record(z.string(), z.unknown()),
  output: z.record(z.string(), z.union([z.string(), z.boolean()])),
  async handle(deps: CaseDeps, vars, job) {
    const h = Headers.safeParse(job.customHeaders);
    if (!h.success) throw new CaseRefusal(h.error.issues.map((i) => i.message).join('；'));
    const kinds = h.data.deadlines.split(',').map((k) => k.trim());
    const unknown = kinds.filter((k) => !(DEADLINE_KINDS as readonly string[]).includes(k));
    if (unknown.length) throw new CaseRefusal(`未知的期限类别：${unknown.join('、')}`);
    const start = h.data.from === 'today' ? todayOf(deps) : vars[h.data.from];
    if (typeof start !== 'string' || !isIsoDate(start.slice(0, 10))) {
      throw new CaseRefusal(
        `起算日变量 ${h.data.from} 应为 YYYY-MM-DD 日期（现为 ${JSON.stringify(start ?? null)}）`,
      );
    }
    return asRefusal(() => deadlineVariables(kinds as DeadlineKind[], start.slice(0, 10), settingsOf(deps)));
  },
});
