/**
 * 临时救助 (161号 二(八); 民发〔2018〕23号; 2026 民政部 财政部《关于进一步健全完善临时救助制度的意见》):
 * 分类分档 bands set by each 区县, the street office's approval limit, the 一事一议 trigger for
 * 重大生活困难, the 急难型 先行救助 cap, the 支出型 income test and the duplicate-application rule.
 */
import type { IsoDate } from './dates';
import { fractionToYuan, roundToYuan, toFen } from './money';

/** 急难型 (sudden hardship) or 支出型 (expenses beyond what the family can bear). */
export type LinshiKind = 'urgent' | 'expense';
export const LINSHI_KIND_LABEL: Record<LinshiKind, string> = { urgent: '急难型', expense: '支出型' };

/**
 * Kinds of hardship event a 临时救助 application names (民发〔2018〕23号: 急难型 — 火灾、交通事故等意外
 * 事件，重大疾病等；支出型 — 教育、医疗等生活必需支出突然增加). The duplicate rule compares them
 * verbatim, so applications pick one of these instead of typing free text.
 */
export const LINSHI_EVENT_KINDS = [
  '火灾',
  '交通事故',
  '重大疾病',
  '意外伤害',
  '自然灾害',
  '家庭成员死亡',
  '医疗支出',
  '教育支出',
  '其他突发事件',
] as const;
export type LinshiEventKind = (typeof LINSHI_EVENT_KINDS)[number];

/** One 档 of a district's band table: amounts up to `ceiling` yuan per case. */
export interface LinshiBand {
  kind: LinshiKind;
  level: number;
  name: string;
  ceiling: number;
}

/** A district's 临时救助 settings (table `linshi_district_policy` + `linshi_band`). */
export interface LinshiPolicy {
  districtCode: string;
  /** Amounts up to this are approved by the 街道; above by the 区县. */
  streetApprovalLimit: number;
  bands: LinshiBand[];
}

export type LinshiDecisionLevel = 'street' | 'district' | 'panel';

export interface LinshiAssessment {
  /** The lowest band whose ceiling covers the amount; null above every ceiling. */
  band: LinshiBand | null;
  /** Highest ceiling of the kind: above it the case goes to 一事一议. */
  ceiling: number;
  /** 重大生活困难: the need exceeds the band table → 一事一议 by the district panel. */
  escalate: boolean;
  decisionLevel: LinshiDecisionLevel;
}

/** Problems of a band table (empty when usable): levels and ceilings must rise together. */
export function validateBands(bands: readonly LinshiBand[]): string[] {
  const problems: string[] = [];
  for (const kind of ['urgent', 'expense'] as const) {
    const own = bands.filter((b) => b.kind === kind).sort((a, b) => a.level - b.level);
    if (own.length === 0) problems.push(`${LINSHI_KIND_LABEL[kind]}临时救助没有分档标准`);
    own.forEach((b, i) => {
      if (!(b.ceiling > 0)) problems.push(`${LINSHI_KIND_LABEL[kind]}第 ${b.level} 档上限必须大于 0`);
      const prev = own[i - 1];
      if (prev && (prev.level === b.level || prev.ceiling >= b.ceiling)) {
        problems.push(`${LINSHI_KIND_LABEL[kind]}第 ${b.level} 档与上一档的档次或上限不递增`);
      }
    });
  }
  return problems;
}

/**
 * Places a proposed amount in the district's band table and says who decides it:
 * up to the street limit the 街道, above it the 区县, above the highest ceiling 一事一议 (161号:
 * 对重大生活困难家庭，采取"一事一议"方式，适当提高临时救助标准).
 */
export function assessLinshi(policy: LinshiPolicy, kind: LinshiKind, amount: number): LinshiAssessment {
  if (!(amount > 0)) throw new RangeError('救助金额必须大于 0');
  const own = policy.bands.filter((b) => b.kind === kind).sort((a, b) => a.level - b.level);
  if (own.length === 0) {
    throw new RangeError(`区县 ${policy.districtCode} 未设置${LINSHI_KIND_LABEL[kind]}临时救助分档标准`);
  }
  const ceiling = own[own.length - 1]!.ceiling;
  const band = own.find((b) => toFen(amount) <= toFen(b.ceiling)) ?? null;
  const escalate = band === null;
  const decisionLevel: LinshiDecisionLevel = escalate
    ? 'panel'
    : toFen(amount) <= toFen(policy.streetApprovalLimit)
      ? 'street'
      : 'district';
  return { band, ceiling, escalate, decisionLevel };
}

/**
 * 急难型 先行救助 (小额快救): paid first, capped at `capMonths` months of the local 低保标准 for the
 * household (2026 意见: at most one month). Any need beyond it continues in the normal procedure.
 */
export function urgentAdvance(
  requested: number,
  dibaoStandard: number,
  capMonths: number,
): { amount: number; cap: number; remaining: number } {
  if (!(requested > 0)) throw new RangeError('申请金额必须大于 0');
  const capFen = Math.floor(toFen(dibaoStandard) * capMonths);
  const cap = roundToYuan(capFen, 'down');
  const amountFen = Math.min(toFen(requested), cap * 100);
  return { amount: amountFen / 100, cap, remaining: (toFen(requested) - amountFen) / 100 };
}

/**
 * 支出型 income test (161号 二(八)): the household's per-capita disposable income must be below the
 * local previous-year per-capita disposable income (annual figures, yuan).
 */
export function expenseIncomeTest(
  householdAnnualDisposableIncome: number,
  size: number,
  referenceAnnualPerCapita: number,
): { passes: boolean; perCapita: number } {
  if (!(size >= 1)) throw new RangeError('家庭人数至少 1 人');
  const totalFen = toFen(householdAnnualDisposableIncome);
  return {
    passes: totalFen < toFen(referenceAnnualPerCapita) * size,
    perCapita: fractionToYuan(totalFen, size),
  };
}

/** What identifies a 临时救助 application for the duplicate rule. */
export interface LinshiApplicationRef {
  caseId: string;
  /** 身份证号 of the household members named in the application. */
  memberIdNumbers: string[];
  /** The hardship event: kind (火灾, 交通事故, 重大疾病…) and the date it happened. */
  eventKind: string;
  eventDate: IsoDate;
  streetCode: string;
  appliedAt: string;
  status: 'open' | 'granted' | 'refused' | 'withdrawn';
}

/**
 * 同一事由 applied for at two places (户籍地 and 居住地): the second is rejected (黔江 practice).
 * Returns the earlier application for the same event and person, or null. Withdrawn applications
 * do not block a new one.
 */
export function findDuplicateApplication(
  candidate: Pick<
    LinshiApplicationRef,
    'caseId' | 'memberIdNumbers' | 'eventKind' | 'eventDate' | 'appliedAt'
  >,
  existing: readonly LinshiApplicationRef[],
): LinshiApplicationRef | null {
  const people = new Set(candidate.memberIdNumbers.map((id) => id.toUpperCase()));
  const earlier = existing
    .filter(
      (e) =>
        e.caseId !== candidate.caseId &&
        e.status !== 'withdrawn' &&
        e.eventKind === candidate.eventKind &&
        e.eventDate === candidate.eventDate &&
        isEarlier(e, candidate) &&
        e.memberIdNumbers.some((id) => people.has(id.toUpperCase())),
    )
    .sort((a, b) => (isEarlier(a, b) ? -1 : 1));
  return earlier[0] ?? null;
}

/** A strict order (application time, then case id) so two simultaneous applications never both lose. */
function isEarlier(a: { appliedAt: string; caseId: string }, b: { appliedAt: string; caseId: string }) {
  return a.appliedAt < b.appliedAt || (a.appliedAt === b.appliedAt && a.caseId < b.caseId);
}
