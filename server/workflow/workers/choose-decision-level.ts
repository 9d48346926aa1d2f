/**
 * Job worker `choose-decision-level` (dibao 审核确认; linshi 先行救助审批 and 审批).
 *
 * Consumes: dibao: the setting DIBAO_DECISION_DELEGATED; linshi: `amount` (or `approvedAmount`),
 *   `assistanceKind`, `escalate`, and the district's street approval limit.
 * Produces: `decisionLevel`: `"street"` | `"district"` — the models' decider group follows it.
 * Rules: 低保: the 区县, or the 街道 where 审核确认 is delegated (57号 §2 第二款, §20);
 *   临时救助: up to the street's approval limit the 街道, above it the 区县; a case decided by
 *   一事一议 (`escalate`) is approved by the 区县 after the panel (161号 二(八)).
 * Retry safety: no side effect; the same variables and settings give the same level.
 */
import { z } from 'zod';
import { loadLinshiPolicy } from '../../db/standards-repository';
import { defineJob } from '../../disbursement/jobs';
import { dibaoDecisionLevel, tekunDecisionLevel } from '../../domain/decision';
import { assessLinshi } from '../../domain/linshi';
import { asRefusal, CaseId, CaseRefusal, loadCase, type CaseDeps } from '../case-jobs';

export default defineJob({
  type: 'choose-decision-level',
  input: z
    .object({
      caseId: CaseId,
      amount: z.coerce.number().nullish(),
      approvedAmount: z.coerce.number().nullish(),
      assistanceKind: z.enum(['urgent', 'expense']).nullish(),
      escalate: z.boolean().nullish(),
    })
    .passthrough(),
  output: z.object({ decisionLevel: z.enum(['street', 'district']) }),
  async handle(deps: CaseDeps, v) {
    const c = await loadCase(deps.db, v.caseId);
    if (c.type === 'dibao') return { decisionLevel: dibaoDecisionLevel(deps.config.dibao.decisionDelegated) };
    if (c.type === 'tekun') return { decisionLevel: tekunDecisionLevel() };
    if (v.escalate === true) return { decisionLevel: 'district' as const };
    const amount = v.amount ?? v.approvedAmount;
    if (amount == null || !(amount > 0))
      throw new CaseRefusal('缺少待审批的救助金额（amount），无法确定审批层级');
    const policy = await loadLinshiPolicy(deps.db, c.districtCode);
    if (!policy) throw new CaseRefusal(`区县 ${c.districtCode} 尚未设置临时救助分档标准和审批权限`);
    const a = asRefusal(() => assessLinshi(policy, v.assistanceKind ?? 'expense', amount));
    return { decisionLevel: a.decisionLevel === 'street' ? ('street' as const) : ('district' as const) };
  },
});
