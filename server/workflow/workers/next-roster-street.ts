/**
 * Job worker `next-roster-street` (disbursement.bpmn, the 花名册 loop: one `generate-document` job
 * per 街道 with the template `disbursement-roster`).
 *
 * Consumes: `runId`; from the previous round `streetCode` and `documentId` (the roster just made).
 * Produces: the previous roster recorded on its street; variables `streetCode` (the next street
 *   with households paid and no roster yet, or null), `rostersComplete`, `documentId: null`.
 * Retry safety: recording is an update of that street's row to the same document; the next street
 *   is the first one without a roster in code order, the same on every retry.
 */
import { z } from 'zod';
import { defineJob, Uuid } from '../../disbursement/jobs';
import { ownRun } from '../../disbursement/processes';
import { RunRefusal } from '../../disbursement/runs';

export default defineJob({
  type: 'next-roster-street',
  input: z
    .object({ runId: Uuid, streetCode: z.string().nullish(), documentId: Uuid.nullish() })
    .passthrough(),
  output: z.object({
    streetCode: z.string().nullable(),
    rostersComplete: z.boolean(),
    documentId: z.null(),
  }),
  async handle(deps, { runId, streetCode, documentId }, job) {
    await ownRun(deps.db, runId, job.processInstanceKey);
    if (streetCode && documentId) {
      const row = await deps.db.disbursementRunStreet.findUnique({
        where: { runId_streetCode: { runId, streetCode } },
      });
      if (!row) throw new RunRefusal(`街道 ${streetCode} 不在本批次中`);
      if (row.rosterDocumentId && row.rosterDocumentId !== documentId) {
        throw new RunRefusal(`街道 ${streetCode} 已有花名册 ${row.rosterDocumentId}，与 ${documentId} 不符`);
      }
      await deps.db.disbursementRunStreet.update({
        where: { runId_streetCode: { runId, streetCode } },
        data: { rosterDocumentId: documentId },
      });
    }
    const next = await deps.db.disbursementRunStreet.findFirst({
      where: { runId, households: { gt: 0 }, rosterDocumentId: null },
      orderBy: { streetCode: 'asc' },
    });
    return { streetCode: next?.streetCode ?? null, rostersComplete: !next, documentId: null };
  },
});
