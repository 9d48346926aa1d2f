/**
 * A household's amount terms as the domain rules assess them (server/domain/calculation.ts): the
 * household and its members as they are in the tables now, one month, the standards table. Used
 * at enrolment and when a re-check proposes 增发 / 减发.
 */
import type { Tx } from '../auth/audit';
import { calculate, parseCalculationInput, type CalculationResult } from '../domain/calculation';
import { householdIncome } from '../domain/income';
import type { Rounding } from '../domain/settings';
import type { StandardRow } from '../domain/standards';
import type { CareTier } from '../domain/tekun';
import type { Terms } from './dues-sql';
import type { IsoMonth } from './months';
import { RunRefusal } from './runs';

const TIER: Record<CareTier, 'self' | 'half' | 'full'> = { 全自理: 'self', 半护理: 'half', 全护理: 'full' };

export interface AssessedHousehold {
  /** Adjustment 0: the formula alone. */
  terms: Terms;
  calculation: CalculationResult;
}

export interface HouseholdToAssess {
  householdId: string;
  type: 'dibao' | 'tekun';
  month: IsoMonth;
  /** 特困: the applicant's six-activity self-care assessment (case data `selfCare`). */
  selfCare?: unknown;
}

/** `standards`: the table as `loadStandards` (server/db/standards-repository.ts) reads it. */
export async function assessHousehold(
  tx: Tx,
  h: HouseholdToAssess,
  standards: readonly StandardRow[],
  rounding: Rounding,
): Promise<AssessedHousehold> {
  const household = await tx.household.findUnique({
    where: { id: h.householdId },
    include: { members: { orderBy: { createdAt: 'asc' } } },
  });
  if (!household) throw new RunRefusal('家庭不存在', 404);
  const parsed = parseCalculationInput({
    type: h.type,
    area: household.area,
    month: h.month,
    members: household.members.map((m) => ({
      name: m.name,
      idNumber: m.idNumber,
      relation: m.relation,
      monthlyIncome: Number(m.monthlyIncome),
      disabilityGrade: m.disabilityGrade,
      seriousIllness: m.seriousIllness,
      student: m.student,
      preschool: m.preschool,
      ...(h.type === 'tekun' && m.relation === 'applicant' && h.selfCare ? { selfCare: h.selfCare } : {}),
    })),
  });
  if (!parsed.ok) {
    throw new RunRefusal(
      `家庭资料不完整，无法核算：${parsed.errors.map((e) => `${e.field} ${e.message}`).join('；')}`,
      400,
    );
  }
  const calculation = calculate(parsed.input, standards, { amountRounding: rounding });
  const members = parsed.input.members;
  return {
    calculation,
    terms: {
      householdSize: members.length,
      incomeFen: householdIncome(members.map((m) => m.monthlyIncome)).totalFen,
      addOnFen: calculation.addOns.reduce((s, a) => s + a.amount, 0) * 100,
      careTier: calculation.careTier ? TIER[calculation.careTier] : null,
      adjustmentFen: 0,
    },
  };
}
