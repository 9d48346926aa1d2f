/**
 * Job worker `open-due-rechecks` (recheck.bpmn, path of the timer start event).
 *
 * Consumes: nothing but the date (the job's time in China).
 * Produces: a re-check for every recipient whose next re-check (条例 §26 schedule) is due by this
 *   month, each with its own `recheck` process instance (none start; variables `recheckId`,
 *   `recipientId`, `caseId`, `districtCode`, `streetCode`, `dueMonth`, `category`, `recheckDue`);
 *   variables `month`, `opened`.
 * Retry safety: re-checks are unique per (recipient, due month) and opened by one set-based
 *   statement that skips recipients with one open; a re-check that has its process keeps it, so a
 *   retried job or the next day's tick starts only what is still missing.
 */
import { z } from 'zod';
import { defineJob, Month } from '../../disbursement/jobs';
import { chinaMonth } from '../../disbursement/months';
import { startRecheckProcess } from '../../disbursement/processes';
import { openDueRechecks } from '../../disbursement/rechecks';

export default defineJob({
  type: 'open-due-rechecks',
  timeoutMs: 10 * 60_000,
  input: z.object({}).passthrough(),
  output: z.object({ month: Month, opened: z.number().int() }),
  async handle(deps) {
    if (!deps.processes) throw new Error('流程引擎未接入，无法启动复核流程');
    const month = chinaMonth(deps.clock?.());
    const due = await openDueRechecks(deps.db, month);
    for (const r of due) await startRecheckProcess(deps.db, deps.processes, r, month);
    deps.log?.info({ month, opened: due.length }, '动态管理复核已开启');
    return { month, opened: due.length };
  },
});
