/**
 * 确认通知书 (57号 §20): the amount decided (`approvedAmount`), the first month paid — the month the
 * 审核确认 form gave, else DIBAO_START_MONTH (条例: from the month of approval, or the next) — and
 * the standard valid in that month (the standards table; 特困: 基本生活标准, 43号).
 */
import { addMonths, monthOf } from '../../domain/dates';
import { lookupStandard } from '../../domain/standards';
import { num, stepOf, str, type TemplateBuilder } from './sources';

export const grantNotice: TemplateBuilder = ({ facts, vars, settings, date }) => {
  const decision = stepOf(facts, 'decision');
  const decidedOn = decision?.on ?? date;
  const startMonth =
    str(decision?.startMonth) ??
    (settings.startMonthRule === 'next' ? addMonths(monthOf(decidedOn), 1) : monthOf(decidedOn));
  const out: Record<string, unknown> = { startMonth };
  const amount = num(vars.approvedAmount) ?? num(decision?.amount);
  if (amount !== undefined) out.monthlyAmount = amount;
  try {
    const row = lookupStandard(facts.standards, facts.area, startMonth);
    const standard = facts.caseType === 'tekun' ? row.tekunBasic : row.dibao;
    if (standard !== null) out.standard = standard;
  } catch {
    // No standard for that month: the schema names the missing field in the task's failure.
  }
  return out;
};
