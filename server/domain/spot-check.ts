/**
 * 43号: the 区县民政局 spot-checks at least 30 % of the 特困 files its streets submit. Each case is
 * decided once, when it reaches the district, by a pure function of stored facts so that a retried
 * job picks the same answer:
 *  - a keyed hash of (seed, case key) gives every case the same chance of `rate` — streets cannot
 *    predict which case is checked without the seed;
 *  - a running floor guarantees the share never drops below the rate: when the cases selected so far
 *    would fall under ⌈rate × n⌉ for the n-th case, this one is selected regardless.
 * The caller stores `sequence` (1-based position of the case in the district's yearly series) and
 * `selectedBefore` with the decision, so recomputing gives the same result.
 */
import { createHmac } from 'node:crypto';

export interface SpotCheckInput {
  /** Secret per deployment (or per district), kept out of the streets' reach. */
  seed: string;
  /** Stable case key, e.g. the case id. */
  caseKey: string;
  /** At least 0.3 (TEKUN_SPOT_CHECK_RATE). */
  rate: number;
  /** This case's 1-based position among the district's 特困 files of the period. */
  sequence: number;
  /** How many of the earlier `sequence − 1` files were selected. */
  selectedBefore: number;
}

export interface SpotCheckDecision {
  selected: boolean;
  /** 'random' by the keyed draw, 'quota' to keep the share at or above the rate. */
  reason: 'random' | 'quota' | null;
  draw: number;
}

/** A uniform number in [0, 1) from HMAC-SHA256(seed, key): deterministic, unpredictable without the seed. */
export function keyedDraw(seed: string, key: string): number {
  const digest = createHmac('sha256', seed).update(key).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

export function selectForSpotCheck(i: SpotCheckInput): SpotCheckDecision {
  if (!(i.rate >= 0.3 && i.rate <= 1)) throw new RangeError('抽查比例应在 30%–100% 之间（43号）');
  if (!Number.isInteger(i.sequence) || i.sequence < 1) throw new RangeError('序号应为正整数');
  if (!Number.isInteger(i.selectedBefore) || i.selectedBefore < 0 || i.selectedBefore >= i.sequence) {
    throw new RangeError('已抽查数应在 0 与序号 − 1 之间');
  }
  const draw = keyedDraw(i.seed, i.caseKey);
  if (draw < i.rate) return { selected: true, reason: 'random', draw };
  // Integer arithmetic for ⌈rate × n⌉ avoids 0.3 × 10 = 3.0000000000000004.
  const quota = Math.ceil((Math.round(i.rate * 1_000_000) * i.sequence) / 1_000_000);
  if (i.selectedBefore < quota) return { selected: true, reason: 'quota', draw };
  return { selected: false, reason: null, draw };
}
