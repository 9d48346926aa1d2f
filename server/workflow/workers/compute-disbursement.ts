/**
 * Job worker `compute-disbursement` (disbursement.bpmn).
 *
 * Consumes: `runId` (the run of this process instance).
 * Produces: every household's payment lines of the month (with the standard and terms valid in that
 *   month, 渐退 lines, back-pay for earlier months) and the run's totals; progress done/total is
 *   visible through the API while it runs. Variables `households`, `lines`, `amount`,
 *   `backPayAmount`, `missingAccounts`.
 * Retry safety: the computation is resumable and set-based per street under a row lock; lines are
 *   unique per (household, month, kind, month paid in) and inserted with ON CONFLICT DO NOTHING, so a
 *   retried or re-activated job finishes what is left and pays nobody twice.
 */
import { z } from 'zod';
import { appendAudit } from '../../auth/audit';
import { computeRun } from '../../disbursement/compute';
import { defineJob, Uuid } from '../../disbursement/jobs';
import { ownRun } from '../../disbursement/processes';

export default defineJob({
  type: 'compute-disbursement',
  timeoutMs: 15 * 60_000,
  input: z.object({ runId: Uuid }).passthrough(),
  output: z.object({
    households: z.number().int(),
    lines: z.number().int(),
    amount: z.number(),
    backPayAmount: z.number(),
    missingAccounts: z.number().int(),
  }),
  async handle(deps, { runId }, job) {
    await ownRun(deps.db, runId, job.processInstanceKey);
    const { computedStreets } = await computeRun(
      deps.db,
      runId,
      { rounding: deps.config.amountRounding, backPayMonths: deps.config.disbursement.backPayMonths },
      (p) => deps.log?.debug({ runId, ...p }, '发放计算进度'),
    );
    const run = await deps.db.disbursementRun.findUniqueOrThrow({ where: { id: runId } });
    const out = {
      households: run.households,
      lines: run.lines,
      amount: Number(run.amount),
      backPayAmount: Number(run.backPayAmount),
      missingAccounts: run.missingAccounts,
    };
    if (computedStreets > 0) {
      await deps.db.$transaction((tx) =>
        appendAudit(tx, null, [{ action: 'disbursement.run-computed', summary: { runId, ...out } }]),
      );
    }
    return out;
  },
});
