/**
 * Job worker `mark-overdue` (dibao 办结期限, tekun 初审 / 确认期限, linshi 先行救助 3 日).
 *
 * Consumes: `caseId`.
 * Produces: `case.overdue = true` (lists, statistics and the 超期督办 inbox read it) and the passed
 *   deadline in the case file (`case.data.overdue[]`: element and date), with one audit event per
 *   element instance; variable `overdue: true`.
 * Retry safety: recorded under the element instance; a second run changes nothing.
 */
import { z } from 'zod';
import { auditedWrite } from '../../auth/audit';
import { defineJob } from '../../disbursement/jobs';
import { CaseId, dataOf, lockCase, recordInCase, recorded, todayOf, type CaseDeps } from '../case-jobs';

export default defineJob({
  type: 'mark-overdue',
  input: z.object({ caseId: CaseId }).passthrough(),
  output: z.object({ overdue: z.literal(true) }),
  async handle(deps: CaseDeps, v, job) {
    const today = todayOf(deps);
    return auditedWrite(deps.db, null, async (tx) => {
      const c = await lockCase(tx, v.caseId);
      const result = { overdue: true as const };
      if (recorded(c, job.elementInstanceKey)) return { result, audit: [] };
      const element = job.elementId ?? null;
      const passed = [...((dataOf(c).overdue as unknown[] | undefined) ?? []), { element, on: today }];
      await recordInCase(tx, c.id, job.elementInstanceKey, result, { overdue: passed }, { overdue: true });
      return { result, audit: { action: 'case.overdue', caseId: c.id, summary: { element, on: today } } };
    });
  },
});
