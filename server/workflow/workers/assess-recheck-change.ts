/**
 * Job worker `assess-recheck-change` (recheck.bpmn, when the re-visit found a change).
 *
 * Consumes: `recheckId` (the street has updated the household's members and incomes in the case
 *   file before completing the visit).
 * Produces: the household re-assessed by the domain rules for next month (when a change would take
 *   effect); variables `currentAmount`, `proposedAmount`, `stillEligible`, `suggestedKind`
 *   (`increase` | `decrease` | `stop` | `none`) for the street reviewer's proposal.
 * Retry safety: reads only; the same data gives the same suggestion.
 */
import { z } from 'zod';
import { loadStandards } from '../../db/standards-repository';
import { monthlyAmount } from '../../disbursement/amounts';
import { assessHousehold } from '../../disbursement/household-terms';
import { defineJob, Uuid } from '../../disbursement/jobs';
import { addMonths, chinaMonth } from '../../disbursement/months';
import { ownRecheck } from '../../disbursement/processes';

export default defineJob({
  type: 'assess-recheck-change',
  input: z.object({ recheckId: Uuid }).passthrough(),
  output: z.object({
    currentAmount: z.number(),
    proposedAmount: z.number(),
    stillEligible: z.boolean(),
    suggestedKind: z.enum(['increase', 'decrease', 'stop', 'none']),
  }),
  async handle(deps, { recheckId }, job) {
    const r = await ownRecheck(deps.db, recheckId, job.processInstanceKey);
    const month = addMonths(chinaMonth(deps.clock?.()), 1);
    const c = await deps.db.case.findUniqueOrThrow({
      where: { id: r.recipient.caseId },
      select: { data: true },
    });
    const rounding = deps.config.amountRounding;
    const assessed = await assessHousehold(
      deps.db,
      {
        householdId: r.recipient.householdId,
        type: r.recipient.type === 'tekun' ? 'tekun' : 'dibao',
        month,
        selfCare: (c.data as { selfCare?: unknown } | null)?.selfCare,
      },
      await loadStandards(deps.db),
      rounding,
    );
    const current = (await monthlyAmount(deps.db, r.recipientId, month, rounding)).amount;
    const stillEligible = assessed.calculation.eligible;
    const proposed = stillEligible
      ? (await monthlyAmount(deps.db, r.recipientId, month, rounding, assessed.terms)).amount
      : 0;
    const suggestedKind: 'increase' | 'decrease' | 'stop' | 'none' = !stillEligible
      ? 'stop'
      : proposed > current
        ? 'increase'
        : proposed < current
          ? 'decrease'
          : 'none';
    return { currentAmount: current, proposedAmount: proposed, stillEligible, suggestedKind };
  },
});
