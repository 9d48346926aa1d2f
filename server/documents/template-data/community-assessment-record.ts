/**
 * 群众评议记录 (条例 §18): the 群众评议 step's form (date, number of participants, result, record)
 * and who recorded it.
 */
import { num, stepOf, str, type TemplateBuilder } from './sources';

export const communityAssessmentRecord: TemplateBuilder = ({ facts }) => {
  const r = stepOf(facts, 'community-assessment');
  const out: Record<string, unknown> = {
    applicant: { name: facts.applicantName, householdSize: facts.householdSize },
  };
  if (!r) return out;
  if (str(r.assessedOn)) out.heldOn = r.assessedOn;
  const count = num(r.participants);
  if (count !== undefined) out.participantCount = count;
  if (str(r.record)) out.summary = r.record;
  if (r.by) out.recorder = r.by;
  if (r.result === 'agree') out.conclusion = '多数评议人员同意，进入公示程序。';
  if (r.result === 'disagree') out.conclusion = '多数评议人员不同意。';
  return out;
};
