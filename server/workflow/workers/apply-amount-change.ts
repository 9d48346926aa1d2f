/**
 * Job worker `apply-amount-change` (recheck.bpmn, after the 决定书 was generated).
 *
 * Consumes: `recheckId`, `changeId`, `documentId` (the 增发/减发/停发 决定书), `recheckVisit`.
 * Produces: the decision effective from its month — new terms (增发/减发), the last paid month
 *   (停发), the 渐退期 — the re-check closed as `changed` and the next one scheduled by the
 *   household's category now (条例 §26), one audit event; variables `applied`, `nextRecheckMonth`.
 * Retry safety: an applied decision is not applied again and a closed re-check is not closed again;
 *   the audit event is written only with the change, all in one transaction.
 */
import { z } from 'zod';
import { auditedWrite } from '../../auth/audit';
import { applyChange } from '../../disbursement/changes';
import { defineJob, Month, Uuid } from '../../disbursement/jobs';
import { chinaMonth } from '../../disbursement/months';
import { ownRecheck } from '../../disbursement/processes';
import { categoryOf, closeRecheck, recheckFactsOf } from '../../disbursement/rechecks';

export default defineJob({
  type: 'apply-amount-change',
  input: z
    .object({
      recheckId: Uuid,
      changeId: Uuid,
      documentId: Uuid.nullish(),
      recheckVisit: z.record(z.string(), z.unknown()).nullish(),
    })
    .passthrough(),
  output: z.object({ applied: z.boolean(), nextRecheckMonth: Month }),
  async handle(deps, v, job) {
    const r = await ownRecheck(deps.db, v.recheckId, job.processInstanceKey);
    return auditedWrite(deps.db, null, async (tx) => {
      const { applied } = await applyChange(tx, v.changeId, v.documentId ?? null);
      const category = categoryOf(await recheckFactsOf(tx, r.recipientId));
      const { nextDue } = await closeRecheck(tx, {
        recheckId: r.id,
        outcome: 'changed',
        visit: v.recheckVisit ?? null,
        category,
        completedIn: chinaMonth(deps.clock?.()),
      });
      return {
        result: { applied, nextRecheckMonth: nextDue },
        audit: applied
          ? {
              action: 'recipient.amount-changed',
              caseId: r.recipient.caseId,
              summary: { recipientId: r.recipientId, changeId: v.changeId, documentId: v.documentId ?? null },
            }
          : [],
      };
    });
  },
});
