/**
 * Job worker `pay-assistance` (linshi: 发放先行救助金, 发放救助金).
 *
 * Consumes: `caseId`, `approvedAmount` (yuan, the amount just approved).
 * Produces: one 临时救助 payment order to the household's bank account (社会化发放) in the case file
 *   (`case.data.payments[]`: id, amount, paid on, element), the case marked granted with the total
 *   paid, one audit event; variable `paymentId`.
 * Retry safety: the payment is recorded under the element instance; a second run returns the same
 *   `paymentId` and pays nothing more.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { auditedWrite } from '../../auth/audit';
import { defineJob } from '../../disbursement/jobs';
import { hasAtMostTwoDecimals, toFen } from '../../domain/money';
import {
  CaseId,
  CaseRefusal,
  dataOf,
  lockCase,
  recordInCase,
  recorded,
  todayOf,
  type CaseDeps,
} from '../case-jobs';

const Output = z.object({ paymentId: z.uuid() });
type Output = z.infer<typeof Output>;
interface Payment {
  id: string;
  amount: number;
  paidOn: string;
  element: string | null;
}

export default defineJob({
  type: 'pay-assistance',
  input: z
    .object({
      caseId: CaseId,
      approvedAmount: z.coerce
        .number({ error: '缺少批准金额（approvedAmount）' })
        .positive('批准金额应大于 0')
        .refine(hasAtMostTwoDecimals, '批准金额最多两位小数'),
    })
    .passthrough(),
  output: Output,
  async handle(deps: CaseDeps, v, job) {
    const today = todayOf(deps);
    return auditedWrite<Output>(deps.db, null, async (tx) => {
      const c = await lockCase(tx, v.caseId);
      const earlier = recorded<Output>(c, job.elementInstanceKey);
      if (earlier) return { result: earlier, audit: [] };
      if (c.type !== 'linshi') throw new CaseRefusal('一次性发放只适用于临时救助');
      if (!c.household.bankAccount)
        throw new CaseRefusal('该家庭未登记银行账号，无法社会化发放，请先补录账号');
      const payment: Payment = {
        id: randomUUID(),
        amount: v.approvedAmount,
        paidOn: today,
        element: job.elementId ?? null,
      };
      const payments = [...((dataOf(c).payments as Payment[] | undefined) ?? []), payment];
      const totalFen = payments.reduce((s, p) => s + toFen(p.amount), 0);
      const result = { paymentId: payment.id };
      await recordInCase(
        tx,
        c.id,
        job.elementInstanceKey,
        result,
        { payments },
        {
          status: 'granted',
          amount: totalFen / 100,
          decidedAt: c.decidedAt ?? new Date(),
        },
      );
      return {
        result,
        audit: {
          action: 'case.assistance-paid',
          caseId: c.id,
          summary: { paymentId: payment.id, amount: v.approvedAmount, paidOn: today },
        },
      };
    });
  },
});
