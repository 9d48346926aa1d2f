/**
 * 不予受理通知书 (临时救助): the hardship event recorded with the application (`case.data.event`)
 * and the earlier application for it that check-duplicate-application found — its 案件编号
 * (`duplicateOf`) and, from the worker's finding (`case.data.duplicateCheck.earlier`), the day and
 * the office it was made to (同一事由在户籍地和居住地只受理一次).
 */
import { obj, str, type TemplateBuilder } from './sources';

export const nonAcceptanceNotice: TemplateBuilder = ({ facts, vars }) => {
  const out: Record<string, unknown> = {};
  const event = obj(facts.caseData.event);
  const kind = str(event.kind);
  const date = str(event.date);
  if (kind && date) out.event = { kind, date };
  const earlier = obj(obj(facts.caseData.duplicateCheck).earlier);
  const duplicateOf = str(vars.duplicateOf) ?? str(earlier.caseNo);
  if (duplicateOf) out.duplicateOf = duplicateOf;
  const appliedOn = str(earlier.appliedOn);
  const office = str(earlier.office);
  // Only the earlier case the variable names (a later check may have found another).
  if (appliedOn && office && (!earlier.caseNo || earlier.caseNo === duplicateOf))
    out.earlier = { appliedOn, office };
  return out;
};
