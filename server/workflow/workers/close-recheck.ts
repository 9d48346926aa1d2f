/**
 * Job worker `close-recheck` (recheck.bpmn, when nothing changes: no change found, no change
 * proposed, or the district did not approve the proposal).
 *
 * Consumes: `recheckId`, `recheckVisit`, `changeApproved` (false when the district refused).
 * Produces: the re-check closed (`no_change` or `not_approved`) with the visit record, the next
 *   re-check scheduled by the household's category now (条例 §26), one audit event; variables
 *   `recheckOutcome`, `nextRecheckMonth`.
 * Retry safety: a closed re-check is not closed again and keeps its schedule; the audit event is
 *   written only with the change.
 */
import { z } from 'zod';
import { auditedWrite } from '../../auth/audit';
import { defineJob, Month, Uuid } from '../../disbursement/jobs';
import { chinaMonth } from '../../disbursement/months';
import { ownRecheck } from '../../disbursement/processes';
import { categoryOf, closeRecheck, recheckFactsOf } from '../../disbursement/rechecks';

export default defineJob({
  type: 'close-recheck',
  input: z
    .object({
      recheckId: Uuid,
      changeApproved: z.boolean().nullish(),
      recheckVisit: z.record(z.string(), z.unknown()).nullish(),
    })
    .passthrough(),
  output: z.object({ recheckOutcome: z.enum(['no_change', 'not_approved']), nextRecheckMonth: Month }),
  async handle(deps, v, job) {
    const r = await ownRecheck(deps.db, v.recheckId, job.processInstanceKey);
    const outcome = v.changeApproved === false ? ('not_approved' as const) : ('no_change' as const);
    return auditedWrite(deps.db, null, async (tx) => {
      const category = categoryOf(await recheckFactsOf(tx, r.recipientId));
      const { closed, nextDue } = await closeRecheck(tx, {
        recheckId: r.id,
        outcome,
        visit: v.recheckVisit ?? null,
        category,
        completedIn: chinaMonth(deps.clock?.()),
      });
      return {
        result: { recheckOutcome: outcome, nextRecheckMonth: nextDue },
        audit: closed
          ? {
              action: 'recheck.closed',
              caseId: r.recipient.caseId,
              summary: { recheckId: r.id, outcome, nextRecheckMonth: nextDue, category },
            }
          : [],
      };
    });
  },
});
