/**
 * Job worker `mark-disbursement-paid` (disbursement.bpmn, after the district approved).
 *
 * Consumes: `runId`; `runApproved`, `approvedById`, `approvalOpinion` from the approval task (the
 *   approval route records them on the run first; a completion through the generic inbox is
 *   recorded here).
 * Produces: the month paid (run status `paid`, one audit event); variable `paidAt`.
 * Retry safety: a paid run stays paid and keeps its date; the audit event is written only with
 *   the change.
 */
import { z } from 'zod';
import { auditedWrite } from '../../auth/audit';
import { defineJob, Uuid } from '../../disbursement/jobs';
import { ownRun } from '../../disbursement/processes';
import { RunRefusal, markPaid, recordApproval } from '../../disbursement/runs';

export default defineJob({
  type: 'mark-disbursement-paid',
  input: z
    .object({
      runId: Uuid,
      runApproved: z.literal(true),
      approvedById: Uuid.nullish(),
      approvalOpinion: z.string().nullish(),
    })
    .passthrough(),
  output: z.object({ paidAt: z.string() }),
  async handle(deps, v, job) {
    const run = await ownRun(deps.db, v.runId, job.processInstanceKey);
    await auditedWrite(deps.db, null, async (tx) => {
      if (run.status === 'awaiting_approval') {
        if (!v.approvedById) throw new RunRefusal('审批任务未记录审批人，不能标记为已发放');
        await recordApproval(tx, {
          runId: v.runId,
          approverId: v.approvedById,
          approved: true,
          opinion: v.approvalOpinion ?? '',
        });
      }
      const { changed } = await markPaid(tx, v.runId);
      return {
        result: null,
        audit: changed ? { action: 'disbursement.run-paid', summary: { runId: v.runId } } : [],
      };
    });
    const paid = await deps.db.disbursementRun.findUniqueOrThrow({ where: { id: v.runId } });
    return { paidAt: paid.paidAt!.toISOString() };
  },
});
