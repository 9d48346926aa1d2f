/**
 * 低保 money rules (DOMAIN.md "Money (Chongqing)"; 条例, 57号):
 *   eligible  ⇔ per-capita monthly income < 低保标准 and property within the configured limits;
 *   低保金    = (低保标准 − 人均月收入) × 人数 (补差), rounded to the yuan as configured;
 *   低保边缘  ⇔ not eligible and per-capita income < 1.5 × 低保标准.
 * Comparisons use the exact household total (never a rounded per-capita figure).
 */
import { addMonths, monthOf, type IsoDate, type IsoMonth } from './dates';
import type { HouseholdIncome } from './income';
import { fractionToYuan, roundToYuan, toFen } from './money';
import type { PropertyLimits, Rounding } from './settings';

/** 低保边缘: below 1.5 × the standard (民政部 低收入人口认定; DOMAIN.md). */
export const EDGE_FACTOR_TENTHS = 15;

export interface DibaoAssessment {
  eligible: boolean;
  /** 人均月收入, yuan rounded to the 分 (display only). */
  perCapitaIncome: number;
  /** 补差 for the whole household, whole yuan; 0 when not eligible. */
  baseAmount: number;
  /** 低保边缘家庭. */
  edge: boolean;
  /** Why not eligible (zh-CN), empty when eligible. */
  reasons: string[];
}

export interface PropertyFacts {
  /** Household financial assets (deposits, securities, cash value of insurance…), yuan. */
  financialAssets: number;
  /** Motor vehicles, not counting mobility vehicles for the disabled. */
  motorVehicles: number;
  houses: number;
}

/** Reasons the property exceeds the limits (empty when within). */
export function propertyProblems(
  facts: PropertyFacts,
  limits: PropertyLimits,
  standard: number,
  size: number,
): string[] {
  const problems: string[] = [];
  // Per-capita assets ≤ months × standard  ⇔  assets ≤ months × standard × size (exact in 分).
  const maxFen = Math.round(limits.maxFinancialAssetsMonths * toFen(standard)) * size;
  if (toFen(facts.financialAssets) > maxFen) {
    problems.push(`家庭人均金融资产超过 ${limits.maxFinancialAssetsMonths} 个月低保标准`);
  }
  if (facts.motorVehicles > limits.maxMotorVehicles) {
    problems.push(`拥有机动车辆 ${facts.motorVehicles} 辆，超过规定（${limits.maxMotorVehicles} 辆）`);
  }
  if (facts.houses > limits.maxHouses) {
    problems.push(`拥有住房 ${facts.houses} 套，超过规定（${limits.maxHouses} 套）`);
  }
  return problems;
}

export function assessDibao(
  income: HouseholdIncome,
  standard: number,
  rounding: Rounding,
  property?: { facts: PropertyFacts; limits: PropertyLimits },
): DibaoAssessment {
  const standardFen = toFen(standard);
  const lineFen = standardFen * income.size;
  const perCapitaIncome = fractionToYuan(income.totalFen, income.size);
  const reasons: string[] = [];
  const incomeBelow = income.totalFen < lineFen;
  if (!incomeBelow) reasons.push(`家庭人均月收入 ${perCapitaIncome} 元不低于低保标准 ${standard} 元`);
  if (property) reasons.push(...propertyProblems(property.facts, property.limits, standard, income.size));
  const eligible = reasons.length === 0;
  const edge = !eligible && income.totalFen * 10 < lineFen * EDGE_FACTOR_TENTHS;
  return {
    eligible,
    perCapitaIncome,
    baseAmount: eligible ? roundToYuan(lineFen - income.totalFen, rounding) : 0,
    edge,
    reasons,
  };
}

/**
 * 单人保 (57号 §8): a severely disabled (一、二级) or seriously ill member of a 低保边缘 household may
 * apply alone.
 */
export function individualApplicationAllowed(
  household: Pick<DibaoAssessment, 'edge'>,
  member: { disabilityGrade: number | null; seriousIllness: boolean },
): boolean {
  const severe = member.disabilityGrade !== null && member.disabilityGrade <= 2;
  return household.edge && (severe || member.seriousIllness);
}

/**
 * First paid month after a grant on `decidedOn`: 条例 "from the month of approval" (same) or the
 * national "from the next month" (next) — DIBAO_START_MONTH.
 */
export function dibaoStartMonth(decidedOn: IsoDate, mode: 'same' | 'next'): IsoMonth {
  const month = monthOf(decidedOn);
  return mode === 'same' ? month : addMonths(month, 1);
}
