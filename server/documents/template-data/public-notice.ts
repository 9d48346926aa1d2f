/**
 * 公示 (条例 §18: 7 days, 3 days for the 再公示 after an objection): one entry with the applicant's
 * name, household size and the proposed amount — nothing else (57号 §24). The period counts from
 * the day after the notice as the deadline worker counts it (server/domain/deadlines.ts), which
 * runs after this document, so `publicNoticeDue` is not set yet (or is the earlier period's).
 */
import { num, stepOf, type TemplateBuilder } from './sources';
import { addDays } from '../../domain/dates';

export const publicNotice: TemplateBuilder = ({ facts, vars, date }) => {
  const review = stepOf(facts, 'initial-review') ?? stepOf(facts, 'street-review');
  const amount = num(review?.proposedAmount) ?? num(vars.approvedAmount) ?? num(vars.amount);
  const days = facts.caseType === 'dibao' && vars.objectionRaised === true ? 3 : 7;
  const out: Record<string, unknown> = {
    community: facts.streetName,
    from: date,
    to: addDays(date, days),
  };
  if (facts.applicantName && amount !== undefined)
    out.entries = [{ name: facts.applicantName, householdSize: facts.householdSize, amount }];
  return out;
};
