/**
 * Job worker `compute-amount` (dibao, tekun: 核算保障金额; linshi: 核算先行救助金额 and 核算救助金额与分档).
 *
 * Consumes: `caseId` (household and members from the database); tekun `selfCare` (the six-activity
 *   assessment, kept in the case file for the enrolment); linshi `assistanceKind`, `requestedAmount`.
 * Produces: dibao/tekun `amount` (monthly total, yuan) and `calculation` (server/domain/calculation.ts);
 *   linshi 急难型 先行救助 (element `compute-urgent-amount`): `amount` (capped at
 *   LINSHI_URGENT_CAP_MONTHS × 低保标准), `urgentCap`, `remainingNeed`; linshi normal procedure:
 *   `amount`, `bandLevel`, `bandCeiling`, `escalate` (above the district's highest ceiling: 一事一议,
 *   161号 二(八)) and, for 支出型, `incomeTestPassed`.
 * Retry safety: the result is recorded under the element instance (case.data.jobs) and returned
 *   again by a retry; the case file keeps the latest `calculation` / `linshiAssessment`.
 */
import { z } from 'zod';
import { auditedWrite, type Tx } from '../../auth/audit';
import { loadLinshiPolicy, loadStandards } from '../../db/standards-repository';
import { defineJob } from '../../disbursement/jobs';
import { assessHousehold } from '../../disbursement/household-terms';
import { monthOf } from '../../domain/dates';
import { assessLinshi, expenseIncomeTest, urgentAdvance, type LinshiKind } from '../../domain/linshi';
import { toFen } from '../../domain/money';
import { lookupStandard, StandardNotFoundError } from '../../domain/standards';
import {
  asRefusal,
  CaseId,
  CaseRefusal,
  dataOf,
  lockCase,
  recordInCase,
  recorded,
  todayOf,
  type CaseDeps,
  type CaseRow,
} from '../case-jobs';

const Output = z
  .object({
    amount: z.number(),
    calculation: z.record(z.string(), z.unknown()).optional(),
    urgentCap: z.number().optional(),
    remainingNeed: z.number().optional(),
    bandLevel: z.number().int().nullable().optional(),
    bandCeiling: z.number().optional(),
    escalate: z.boolean().optional(),
    incomeTestPassed: z.boolean().optional(),
  })
  .strict();
type Output = z.infer<typeof Output>;

const Input = z
  .object({
    caseId: CaseId,
    selfCare: z.record(z.string(), z.boolean()).nullish(),
    assistanceKind: z.enum(['urgent', 'expense']).nullish(),
    requestedAmount: z.coerce.number().positive('申请救助金额应大于 0').nullish(),
  })
  .passthrough();
type Input = z.infer<typeof Input>;

export default defineJob({
  type: 'compute-amount',
  input: Input,
  output: Output,
  async handle(deps: CaseDeps, v, job) {
    const standards = await loadStandards(deps.db);
    const month = monthOf(todayOf(deps));
    return auditedWrite<Output>(deps.db, null, async (tx) => {
      const c = await lockCase(tx, v.caseId);
      const earlier = recorded<Output>(c, job.elementInstanceKey);
      if (earlier) return { result: earlier, audit: [] };
      if (c.type === 'linshi') {
        const urgentStep = job.elementId
          ? job.elementId === 'compute-urgent-amount'
          : v.assistanceKind === 'urgent' && v.urgentCap == null;
        const out = urgentStep ? urgent(c, v, standards, month, deps) : await bands(tx, c, v);
        await recordInCase(tx, c.id, job.elementInstanceKey, out, { linshiAssessment: out });
        return { result: out, audit: [] };
      }
      const selfCare = v.selfCare ?? dataOf(c).selfCare;
      if (c.type === 'tekun' && !selfCare) throw new CaseRefusal('特困核算须先完成生活自理能力评估（六项）');
      const assessed = await assessHousehold(
        tx,
        { householdId: c.householdId, type: c.type, month, selfCare },
        standards,
        deps.config.amountRounding,
      );
      const out = { amount: assessed.calculation.total, calculation: { ...assessed.calculation, month } };
      await recordInCase(tx, c.id, job.elementInstanceKey, out, {
        calculation: out.calculation,
        ...(c.type === 'tekun' ? { selfCare } : {}),
      });
      return { result: out, audit: [] };
    });
  },
});

function need(v: Input): number {
  if (v.requestedAmount == null) throw new CaseRefusal('缺少申请救助金额（requestedAmount）');
  return v.requestedAmount;
}

/** 急难型 先行救助: at most LINSHI_URGENT_CAP_MONTHS months of the local 低保标准 (2026 意见). */
function urgent(
  c: CaseRow,
  v: Input,
  standards: Awaited<ReturnType<typeof loadStandards>>,
  month: string,
  deps: CaseDeps,
): Output {
  let standard: number;
  try {
    standard = lookupStandard(standards, c.household.area, month).dibao;
  } catch (err) {
    if (err instanceof StandardNotFoundError) throw new CaseRefusal(err.message);
    throw err;
  }
  const a = asRefusal(() => urgentAdvance(need(v), standard, deps.config.linshi.urgentCapMonths));
  return { amount: a.amount, urgentCap: a.cap, remainingNeed: a.remaining };
}

/** 分类分档 (161号 二(八)): the band, who decides, 一事一议 above the highest ceiling; 支出型 income test. */
async function bands(tx: Tx, c: CaseRow, v: Input): Promise<Output> {
  const policy = await loadLinshiPolicy(tx as never, c.districtCode);
  if (!policy) throw new CaseRefusal(`区县 ${c.districtCode} 尚未设置临时救助分档标准和审批权限`);
  const kind: LinshiKind = v.assistanceKind ?? 'expense';
  const amount = need(v);
  const a = asRefusal(() => assessLinshi(policy, kind, amount));
  const out: Output = {
    amount,
    bandLevel: a.band?.level ?? null,
    bandCeiling: a.band?.ceiling ?? a.ceiling,
    escalate: a.escalate,
  };
  if (kind === 'expense') {
    // 161号 二(八): per-capita disposable income below the local previous-year figure. The
    // household's assessed monthly incomes (核对) stand for its disposable income over the year.
    const monthlyFen = c.household.members.reduce((s, m) => s + toFen(Number(m.monthlyIncome)), 0);
    const reference = policy.incomeReference[c.household.area];
    out.incomeTestPassed = expenseIncomeTest(
      (monthlyFen * 12) / 100,
      c.household.members.length,
      reference,
    ).passes;
  }
  return out;
}
