/**
 * Job worker `reopen-disbursement-run` (disbursement.bpmn, when the district does not approve).
 *
 * Consumes: `runId`, `approvalOpinion` (why it was sent back).
 * Produces: the run back to `pending` without lines, bank file or rosters, to be computed again
 *   from the corrected data; variables `streetCode: null`, `documentId: null`,
 *   `rostersComplete: false`, `runApproved: null` so the next round starts clean.
 * Retry safety: reopening a pending run does nothing; an approved or paid run is refused.
 */
import { z } from 'zod';
import { auditedWrite } from '../../auth/audit';
import { defineJob, Uuid } from '../../disbursement/jobs';
import { ownRun } from '../../disbursement/processes';
import { reopenRun } from '../../disbursement/runs';

export default defineJob({
  type: 'reopen-disbursement-run',
  input: z.object({ runId: Uuid, approvalOpinion: z.string().nullish() }).passthrough(),
  output: z.object({
    streetCode: z.null(),
    documentId: z.null(),
    rostersComplete: z.boolean(),
    runApproved: z.null(),
  }),
  async handle(deps, { runId, approvalOpinion }, job) {
    const run = await ownRun(deps.db, runId, job.processInstanceKey);
    if (run.status !== 'pending') {
      await auditedWrite(deps.db, null, async (tx) => {
        if (run.status === 'awaiting_approval') {
          await tx.disbursementRun.update({
            where: { id: runId },
            data: { status: 'computed', approvalOpinion: approvalOpinion ?? null },
          });
        }
        await reopenRun(tx, runId);
        return { result: null, audit: { action: 'disbursement.run-reopened', summary: { runId } } };
      });
    }
    return { streetCode: null, documentId: null, rostersComplete: false, runApproved: null };
  },
});
