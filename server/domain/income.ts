/**
 * Household income as the 低保 rules count it (DOMAIN.md "Money"; 57号 §7 for who belongs to the
 * household): the assessed income of the month before application, farm income as the last 12
 * months ÷ 12, and certain money not counted at all.
 */
import { toFen, type Fen } from './money';

/** Kinds of income. `excluded: true` kinds are never counted. */
export const INCOME_KINDS = {
  wage: { label: '工资性收入', excluded: false },
  business: { label: '经营净收入', excluded: false },
  farm: { label: '农业生产经营收入（近 12 个月）', excluded: false },
  property: { label: '财产净收入', excluded: false },
  pension: { label: '养老金、离退休金', excluded: false },
  support: { label: '赡养费、抚养费、扶养费', excluded: false },
  otherTransfer: { label: '其他转移性收入', excluded: false },
  // Not counted (DOMAIN.md "Money": 优抚金, 奖学金, 见义勇为奖励, social-assistance money, …).
  youfu: { label: '优待抚恤金（优抚金）', excluded: true },
  scholarship: { label: '奖学金', excluded: true },
  braveryAward: { label: '见义勇为等奖励', excluded: true },
  socialAssistance: { label: '政府发放的社会救助款物', excluded: true },
  otherExcluded: { label: '其他依规不计入的收入（须注明依据）', excluded: true },
} as const;

export type IncomeKind = keyof typeof INCOME_KINDS;

export interface IncomeItem {
  kind: IncomeKind;
  /** Yuan: the month's amount, or for `farm` the total of the last 12 months. */
  amount: number;
}

/**
 * A member's counted monthly income in 分: excluded kinds dropped, farm income spread over 12
 * months (rounded half-up to the 分, the precision the file stores).
 */
export function countedMonthlyIncome(items: readonly IncomeItem[]): Fen {
  let monthly = 0;
  let farmYear = 0;
  for (const item of items) {
    const spec = INCOME_KINDS[item.kind];
    if (!spec) throw new RangeError(`未知的收入类别：${String(item.kind)}`);
    if (spec.excluded) continue;
    const fen = toFen(item.amount);
    if (fen < 0) throw new RangeError(`${spec.label}不能为负数`);
    if (item.kind === 'farm') farmYear += fen;
    else monthly += fen;
  }
  return monthly + Math.floor((farmYear * 2 + 12) / 24);
}

/** Household total of members' counted monthly incomes (分) and its size. */
export interface HouseholdIncome {
  totalFen: Fen;
  size: number;
}

export function householdIncome(memberMonthlyIncomes: readonly number[]): HouseholdIncome {
  if (memberMonthlyIncomes.length === 0) throw new RangeError('家庭成员至少 1 人');
  return {
    totalFen: memberMonthlyIncomes.reduce((s, y) => s + toFen(y), 0),
    size: memberMonthlyIncomes.length,
  };
}
