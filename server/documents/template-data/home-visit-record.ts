/**
 * 入户调查表 (57号 §15–16): the 入户调查 form of the step (date, the two investigators, living
 * conditions, assessed income, the investigators' opinion), the members with what the case file
 * records of them, and the 邻里访问 when it is done by then.
 */
import { num, obj, step, stepOf, str, yuan, type CaseFacts, type TemplateBuilder } from './sources';

function health(m: CaseFacts['members'][number]): string {
  const parts = [m.disabilityGrade ? `残疾${m.disabilityGrade}级` : '', m.seriousIllness ? '患重病' : ''];
  return parts.filter(Boolean).join('、') || '未登记重病、残疾';
}

function occupation(m: CaseFacts['members'][number]): string {
  if (m.student) return '在校学生';
  if (m.preschool) return '学龄前儿童';
  if (m.ableBodiedJobless) return '有劳动能力，未就业';
  return m.monthlyIncome > 0 ? '有收入' : '无收入';
}

export const homeVisitRecord: TemplateBuilder = ({ facts, vars }) => {
  const visit = stepOf(facts, 'home-visit') ?? step(facts, `${facts.caseType}-district-home-visit`);
  const fromVars = obj(vars.homeVisit);
  const out: Record<string, unknown> = {
    members: facts.members.map((m) => ({
      name: m.name,
      relation: m.relation,
      idNumber: m.idNumber,
      health: health(m),
      occupation: occupation(m),
      monthlyIncome: m.monthlyIncome,
    })),
  };
  const visitedOn = str(visit?.visitDate) ?? str(fromVars.visitedOn);
  if (visitedOn) out.visitedOn = visitedOn;
  // The names as entered; the API checked them against the street's investigators (57号 §16).
  if (Array.isArray(visit?.investigators)) out.investigators = visit.investigators;
  const living = str(visit?.livingConditions) ?? str(fromVars.findings);
  if (living) out.living = living;
  const income = num(visit?.assessedMonthlyIncome);
  const perCapita = income !== undefined ? income / Math.max(1, facts.householdSize) : undefined;
  const conclusion =
    str(visit?.opinion) ??
    (income !== undefined
      ? `经入户调查，核实家庭月收入${yuan(income)}元，家庭人均月收入${yuan(Math.round(perCapita! * 100) / 100)}元。`
      : undefined);
  if (conclusion) out.conclusion = conclusion;
  if (income !== undefined) out.assessedMonthlyIncome = income;
  const neighbour = stepOf(facts, 'neighbour-visit');
  if (neighbour && str(neighbour.summary)) {
    const who = Array.isArray(neighbour.interviewees) ? neighbour.interviewees.join('、') : '';
    out.neighbours = who ? `走访${who}：${String(neighbour.summary)}` : String(neighbour.summary);
  }
  return out;
};
