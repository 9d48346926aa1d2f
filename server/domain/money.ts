/**
 * Money in integer 分 (cents) so sums and comparisons are exact; yuan only at the edges.
 * DOMAIN.md "Money": 低保金 is rounded to the yuan as the district does (AMOUNT_ROUNDING).
 */
import type { Rounding } from './settings';

export type Fen = number;

/** Yuan (at most two decimals) → 分. */
export function toFen(yuan: number): Fen {
  const fen = Math.round(yuan * 100);
  if (!Number.isFinite(yuan) || Math.abs(fen - yuan * 100) > 1e-6) {
    throw new RangeError(`金额最多保留两位小数：${yuan}`);
  }
  return fen;
}

export const toYuan = (fen: Fen): number => fen / 100;

/** True when a yuan amount has at most two decimals (for input validation). */
export function hasAtMostTwoDecimals(yuan: number): boolean {
  return Number.isFinite(yuan) && Math.abs(Math.round(yuan * 100) - yuan * 100) <= 1e-6;
}

/**
 * Rounds a non-negative amount, given as the exact fraction numerator/denominator of 分, to whole
 * yuan: half-up (四舍五入), up (进位, never below the need) or down (舍去).
 */
export function roundToYuan(numeratorFen: number, mode: Rounding, denominator = 1): number {
  if (numeratorFen < 0 || denominator <= 0) throw new RangeError('只对非负金额取整');
  const unit = 100 * denominator;
  const whole = Math.floor(numeratorFen / unit);
  const rest = numeratorFen - whole * unit;
  if (rest === 0) return whole;
  switch (mode) {
    case 'down':
      return whole;
    case 'up':
      return whole + 1;
    case 'half-up':
      return rest * 2 >= unit ? whole + 1 : whole;
  }
}

/** An exact fraction of 分 rounded half-up to the nearest 分, as yuan (for display, e.g. 人均收入). */
export function fractionToYuan(numeratorFen: number, denominator: number): number {
  return Math.floor((numeratorFen * 2 + denominator) / (denominator * 2)) / 100;
}
