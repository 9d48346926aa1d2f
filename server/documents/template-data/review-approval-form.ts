/**
 * 审核审批表 (57号 §19–20): the household and its incomes, the trial calculation of the amount
 * (`calculation` of compute-amount: per-capita income and the standard of the month), the
 * street's 初审 / 审核 opinion and the 审核确认 opinion, each with the name of who gave it and the
 * day (the step records the API keeps).
 */
import { num, obj, stepOf, str, yuan, type TemplateBuilder } from './sources';

export const reviewApprovalForm: TemplateBuilder = ({ facts, vars, date }) => {
  const calc = obj(vars.calculation);
  const out: Record<string, unknown> = {};
  const perCapita = num(calc.perCapitaIncome);
  if (perCapita !== undefined) out.perCapitaIncome = perCapita;
  const standard = num(calc.standard);
  if (standard !== undefined) out.standard = standard;
  const street = stepOf(facts, 'initial-review') ?? stepOf(facts, 'street-review');
  const proposed = num(vars.approvedAmount) ?? num(street?.proposedAmount) ?? num(vars.amount);
  if (proposed !== undefined) out.proposedAmount = proposed;
  if (street) {
    const text =
      str(vars.initialOpinionText) ??
      str(vars.streetOpinionText) ??
      (num(street.proposedAmount) !== undefined
        ? `符合条件，拟保障 ${yuan(num(street.proposedAmount)!)} 元/月`
        : str(street.reasons));
    if (text && street.by) out.streetOpinion = { opinion: text, name: street.by, date: street.on ?? date };
  }
  const decision = stepOf(facts, 'decision');
  if (decision?.by) {
    const granted = decision.decision === 'grant';
    const amount = num(decision.amount);
    const text = granted
      ? [`确认，保障金额 ${amount !== undefined ? yuan(amount) : ''} 元/月`, str(decision.opinion)]
          .filter(Boolean)
          .join('。')
      : `不予确认：${str(decision.reasons) ?? str(vars.decisionReasons) ?? ''}`;
    out.decisionOpinion = { opinion: text, name: decision.by, date: decision.on ?? date };
  }
  return out;
};
