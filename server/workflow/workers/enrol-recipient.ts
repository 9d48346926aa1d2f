/**
 * Job worker `enrol-recipient` (dibao 纳入保障, tekun 纳入供养), after the 确认通知书.
 *
 * Consumes: header `startMonth`: `setting` (低保: DIBAO_START_MONTH — 条例 "from the month of
 *   approval", or the national "next month") or `next` (特困: the month after the confirmation,
 *   43号); variables `caseId`, `approvedAmount` (the decided monthly total).
 * Produces: the recipient on the register the monthly runs pay from (server/disbursement/
 *   enrolment.ts), the case marked granted with its amount; variables `startMonth` (YYYY-MM),
 *   `recipientId`.
 * Retry safety: enrolment is unique per case — a second run returns the first enrolment (and its
 *   start month, even on a later day); the case is marked granted once, with one audit event.
 */
import { z } from 'zod';
import { auditedWrite } from '../../auth/audit';
import { enrolRecipient } from '../../disbursement/enrolment';
import { defineJob, Month } from '../../disbursement/jobs';
import { dibaoStartMonth } from '../../domain/dibao';
import { tekunStartMonth } from '../../domain/tekun';
import { CaseId, CaseRefusal, lockCase, todayOf, type CaseDeps } from '../case-jobs';

export default defineJob({
  type: 'enrol-recipient',
  input: z
    .object({
      caseId: CaseId,
      approvedAmount: z.coerce
        .number({ error: '缺少核定金额（approvedAmount）' })
        .positive('核定金额应大于 0'),
    })
    .passthrough(),
  output: z.object({ startMonth: Month, recipientId: z.uuid() }),
  async handle(deps: CaseDeps, v, job) {
    const mode = job.customHeaders.startMonth;
    if (mode !== 'setting' && mode !== 'next') {
      throw new CaseRefusal('任务头 startMonth 应为 setting（低保，按设置）或 next（特困，次月起）');
    }
    const today = todayOf(deps);
    const startMonth =
      mode === 'next' ? tekunStartMonth(today) : dibaoStartMonth(today, deps.config.dibao.startMonth);
    const e = await enrolRecipient(
      deps.db,
      { caseId: v.caseId, approvedAmount: v.approvedAmount, startMonth },
      { rounding: deps.config.amountRounding },
    );
    await auditedWrite(deps.db, null, async (tx) => {
      const c = await lockCase(tx, v.caseId);
      if (c.status === 'granted') return { result: null, audit: [] };
      await tx.case.update({
        where: { id: c.id },
        data: { status: 'granted', amount: v.approvedAmount, decidedAt: c.decidedAt ?? new Date() },
      });
      return {
        result: null,
        audit: {
          action: 'case.granted',
          caseId: c.id,
          summary: { recipientId: e.recipientId, startMonth: e.startMonth, approvedAmount: v.approvedAmount },
        },
      };
    });
    return { startMonth: e.startMonth, recipientId: e.recipientId };
  },
});
