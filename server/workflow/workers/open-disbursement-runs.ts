/**
 * Job worker `open-disbursement-runs` (disbursement.bpmn, path of the timer start event).
 *
 * Consumes: nothing but the date (the job's time in China) and the setting DISBURSEMENT_RUN_DAY.
 * Produces: for every district with recipients who may be owed money this month, the month's run
 *   (trigger `timer`) and its own `disbursement` process instance (none start, variables `runId`,
 *   `districtCode`, `month`); variables `month`, `opened` (runs started by this job), `skipped`
 *   (districts refused, with the zh-CN reason — e.g. last month not approved yet).
 * Retry safety: the timer ticks daily and before the run day this does nothing; a run is unique per
 *   (district, month) and a run that has its process keeps it (startRunProcess), so a retried job
 *   or the next day's tick opens nothing twice — and a missed day is caught up the next day.
 */
import { z } from 'zod';
import { auditedWrite } from '../../auth/audit';
import { defineJob, Month } from '../../disbursement/jobs';
import { chinaDate, chinaMonth } from '../../disbursement/months';
import { startRunProcess } from '../../disbursement/processes';
import { RunRefusal, openRun } from '../../disbursement/runs';

export default defineJob({
  type: 'open-disbursement-runs',
  input: z.object({}).passthrough(),
  output: z.object({
    month: Month,
    opened: z.number().int(),
    skipped: z.array(z.object({ districtCode: z.string(), reason: z.string() })),
  }),
  async handle(deps) {
    const now = deps.clock?.() ?? new Date();
    const month = chinaMonth(now);
    if (Number(chinaDate(now).slice(8, 10)) < deps.config.disbursement.runDay) {
      return { month, opened: 0, skipped: [] };
    }
    if (!deps.processes) throw new Error('流程引擎未接入，无法启动月度发放流程');
    const districts = await deps.db.$queryRaw<{ district_code: string }[]>`
      SELECT DISTINCT district_code FROM recipient
      WHERE start_month <= ${month + '-01'}::date
        AND (end_month IS NULL OR end_month >= ${month + '-01'}::date - interval '1 year')
      ORDER BY district_code`;
    let opened = 0;
    const skipped: { districtCode: string; reason: string }[] = [];
    for (const { district_code: districtCode } of districts) {
      try {
        const { run } = await auditedWrite(deps.db, null, async (tx) => {
          const r = await openRun(tx, { districtCode, month, trigger: 'timer', now });
          return {
            result: r,
            audit: r.created
              ? {
                  action: 'disbursement.run-opened',
                  summary: { runId: r.run.id, districtCode, month, trigger: 'timer' },
                }
              : [],
          };
        });
        if (!run.processInstanceKey) {
          await startRunProcess(deps.db, deps.processes, run);
          opened++;
        }
      } catch (err) {
        if (!(err instanceof RunRefusal)) throw err;
        skipped.push({ districtCode, reason: err.message });
      }
    }
    deps.log?.info({ month, opened, skipped: skipped.length }, '月度发放定时开启');
    return { month, opened, skipped };
  },
});
