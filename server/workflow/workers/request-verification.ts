/**
 * Job worker `request-verification` (dibao, tekun, linshi: 委托信息核对).
 *
 * Consumes: `caseId`, `districtCode`.
 * Produces: the request in the case file (`case.data.verificationRequest`) with one audit event;
 *   variables `verificationRequestedOn` (today in China) and `verificationStartDue` — 57号 §17: the
 *   区县核查认定中心 starts 核对 within 3 working days of the request.
 * Retry safety: recorded under the element instance; a second run returns the first request.
 */
import { z } from 'zod';
import { auditedWrite } from '../../auth/audit';
import { defineJob } from '../../disbursement/jobs';
import { computeDeadline } from '../../domain/deadlines';
import {
  asRefusal,
  CaseId,
  CaseRefusal,
  lockCase,
  recordInCase,
  recorded,
  settingsOf,
  todayOf,
  type CaseDeps,
} from '../case-jobs';

const Output = z.object({ verificationRequestedOn: z.string(), verificationStartDue: z.string() });
type Output = z.infer<typeof Output>;

export default defineJob({
  type: 'request-verification',
  input: z
    .object({ caseId: CaseId, districtCode: z.string().regex(/^\d{6}$/, '应为 6 位区县代码') })
    .passthrough(),
  output: Output,
  async handle(deps: CaseDeps, v, job) {
    const today = todayOf(deps);
    return auditedWrite<Output>(deps.db, null, async (tx) => {
      const c = await lockCase(tx, v.caseId);
      const earlier = recorded<Output>(c, job.elementInstanceKey);
      if (earlier) return { result: earlier, audit: [] };
      if (c.districtCode !== v.districtCode) {
        throw new CaseRefusal(
          `案件属于区县 ${c.districtCode}，与流程变量 districtCode ${v.districtCode} 不符`,
        );
      }
      // 57号 §17: the centre starts within 3 working days of the request.
      const due = asRefusal(() => computeDeadline('verificationStart', today, settingsOf(deps)));
      const result = { verificationRequestedOn: today, verificationStartDue: due.dueDateTime };
      await recordInCase(tx, c.id, job.elementInstanceKey, result, {
        verificationRequest: { requestedOn: today, startDue: due.date, provisional: due.provisional },
      });
      return {
        result,
        audit: {
          action: 'case.verification-requested',
          caseId: c.id,
          summary: { requestedOn: today, startDue: due.date },
        },
      };
    });
  },
});
