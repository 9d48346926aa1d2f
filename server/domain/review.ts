/**
 * 动态管理 (条例 §26): how often a 低保 household is re-checked, and the 渐退期 after a member finds
 * work. Changes found at a re-check lead to 增发/减发/停发 decisions with written reasons; before a
 * cut or termination the recipient must be heard (社会救助法 §48) — that is the workflow's part.
 */
import { addMonths, type IsoMonth } from './dates';

export type RecheckCycle = 'monthly' | 'half-yearly' | 'yearly';
export const CYCLE_MONTHS: Record<RecheckCycle, number> = { monthly: 1, 'half-yearly': 6, yearly: 12 };

export interface RecheckFacts {
  area: 'urban' | 'rural';
  /** A member able to work who has no job (Member.ableBodiedJobless). */
  ableBodiedJobless: boolean;
  /** A member with a serious illness or a disability. */
  seriousIllnessOrDisability: boolean;
  /** Income sources unlikely to change (pensions, long-term support). */
  incomeStable: boolean;
}

/**
 * 条例 §26: monthly for urban households with an able-bodied jobless member; yearly for households
 * with serious illness or disability and stable income; half-yearly for other stable households.
 * A household that fits none of these (income not stable) is checked monthly too.
 */
export function recheckCycle(f: RecheckFacts): RecheckCycle {
  if (f.area === 'urban' && f.ableBodiedJobless) return 'monthly';
  if (f.incomeStable && f.seriousIllnessOrDisability) return 'yearly';
  if (f.incomeStable) return 'half-yearly';
  return 'monthly';
}

export function nextRecheckMonth(lastChecked: IsoMonth, cycle: RecheckCycle): IsoMonth {
  return addMonths(lastChecked, CYCLE_MONTHS[cycle]);
}

/** 渐退期: at most 6 months of continued payment after employment lifts the household out. */
export const MAX_GRADUAL_EXIT_MONTHS = 6;

/** The last month still paid when a member found work in `employedMonth` and `months` are granted. */
export function gradualExitLastMonth(employedMonth: IsoMonth, months: number): IsoMonth {
  if (!Number.isInteger(months) || months < 0 || months > MAX_GRADUAL_EXIT_MONTHS) {
    throw new RangeError(`渐退期应为 0–${MAX_GRADUAL_EXIT_MONTHS} 个月`);
  }
  return addMonths(employedMonth, months);
}
