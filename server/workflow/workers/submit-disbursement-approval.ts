/**
 * Job worker `submit-disbursement-approval` (disbursement.bpmn).
 *
 * Consumes: `runId`, `month`.
 * Produces: the run awaiting the district's approval; variable `approvalDue` (end of the run's
 *   month in China, or three days on when that has passed: the month's money should go out in it).
 * Retry safety: the state change is a no-op once made; the due date depends only on the month and
 *   the day of the first attempt being stored with the completion.
 */
import { z } from 'zod';
import { addDays, endOfDayInChina } from '../../domain/dates';
import { defineJob, Month, Uuid } from '../../disbursement/jobs';
import { chinaDate, endOfMonthInChina } from '../../disbursement/months';
import { ownRun } from '../../disbursement/processes';
import { markAwaitingApproval } from '../../disbursement/runs';

export default defineJob({
  type: 'submit-disbursement-approval',
  input: z.object({ runId: Uuid, month: Month }).passthrough(),
  output: z.object({ approvalDue: z.string() }),
  async handle(deps, { runId, month }, job) {
    await ownRun(deps.db, runId, job.processInstanceKey);
    await markAwaitingApproval(deps.db, runId);
    const monthEnd = endOfMonthInChina(month);
    const soonest = endOfDayInChina(addDays(chinaDate(deps.clock?.() ?? new Date()), 3));
    return { approvalDue: monthEnd > soonest ? monthEnd : soonest };
  },
});
