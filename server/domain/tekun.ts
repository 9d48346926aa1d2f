/**
 * 特困人员 (民发〔2021〕43号《特困人员认定办法》): who qualifies, the six-activity self-care
 * assessment that sets the care tier, the monthly amounts and when support starts.
 */
import { addMonths, monthOf, type IsoDate, type IsoMonth } from './dates';
import { tekunAmounts, type StandardRow } from './standards';

/** The six activities of daily living assessed (43号 生活自理能力评估). */
export const SELF_CARE_ACTIVITIES = {
  eating: '自主吃饭',
  dressing: '自主穿衣',
  bed: '自主上下床',
  toilet: '自主如厕',
  walking: '室内自主行走',
  bathing: '自主洗澡',
} as const;

export type SelfCareActivity = keyof typeof SELF_CARE_ACTIVITIES;
/** true = can do it unaided. */
export type SelfCareAssessment = Record<SelfCareActivity, boolean>;

/** 生活自理能力 → 照料护理 tier. */
export type SelfCareCapacity = '具备' | '部分丧失' | '完全丧失';
export type CareTier = '全自理' | '半护理' | '全护理';

const TIER_KEY: Record<CareTier, 'self' | 'half' | 'full'> = {
  全自理: 'self',
  半护理: 'half',
  全护理: 'full',
};

/** All six able = 具备 (全自理); 1–3 unable = 部分丧失 (半护理); 4–6 unable = 完全丧失 (全护理). */
export function assessSelfCare(a: SelfCareAssessment): {
  unable: SelfCareActivity[];
  capacity: SelfCareCapacity;
  tier: CareTier;
} {
  const unable = (Object.keys(SELF_CARE_ACTIVITIES) as SelfCareActivity[]).filter((k) => {
    if (typeof a[k] !== 'boolean') throw new RangeError(`缺少生活自理能力评估项：${SELF_CARE_ACTIVITIES[k]}`);
    return !a[k];
  });
  if (unable.length === 0) return { unable, capacity: '具备', tier: '全自理' };
  if (unable.length <= 3) return { unable, capacity: '部分丧失', tier: '半护理' };
  return { unable, capacity: '完全丧失', tier: '全护理' };
}

/** 特困 monthly amounts for a tier: 基本生活标准 + 照料护理标准 of the month's standard row. */
export function tekunMonthlyAmounts(row: StandardRow, tier: CareTier): { basic: number; care: number } {
  const a = tekunAmounts(row);
  return { basic: a.basic, care: a.care[TIER_KEY[tier]] };
}

export interface TekunPerson {
  /** Age reached in the month (ageInMonth). */
  age: number;
  disabilityGrade: number | null;
  /** Own counted monthly income, yuan. */
  monthlyIncome: number;
  /** Property within the local 特困 property rules (checked by the investigation). */
  propertyWithinLimits?: boolean;
}

export interface TekunEligibility {
  eligible: boolean;
  reasons: string[];
}

/**
 * 43号: a person qualifies when all three hold —
 *  1. 无劳动能力: aged 60 or over, under 16, or severely disabled (一、二级);
 *  2. 无生活来源: own income below the local 低保标准 and property within the rules;
 *  3. no legal supporter (赡养、抚养、扶养义务人), or none able to support.
 */
export function assessTekun(
  p: TekunPerson,
  dibaoStandard: number,
  supporters: { able: number },
): TekunEligibility {
  const reasons: string[] = [];
  const severe = p.disabilityGrade !== null && p.disabilityGrade <= 2;
  if (!(p.age >= 60 || p.age < 16 || severe)) {
    reasons.push('不属于 60 周岁以上老年人、未满 16 周岁未成年人或重度残疾人（无劳动能力）');
  }
  if (!(p.monthlyIncome < dibaoStandard)) {
    reasons.push(`本人月收入 ${p.monthlyIncome} 元不低于低保标准 ${dibaoStandard} 元（有生活来源）`);
  }
  if (p.propertyWithinLimits === false) reasons.push('财产状况不符合特困人员财产规定');
  if (supporters.able > 0) reasons.push(`有 ${supporters.able} 名具备赡养、抚养或扶养能力的义务人`);
  return { eligible: reasons.length === 0, reasons };
}

/**
 * Whether a listed household member counts as a supporter able to support (trial estimate only;
 * the investigation decides): an adult of working age (18–59) who is neither severely disabled nor
 * seriously ill. 43号 lists who is deemed unable (特困人员, 60+ 低保对象, 重度残疾…).
 */
export function isAbleSupporter(m: { age: number; disabilityGrade: number | null; seriousIllness: boolean }) {
  const severe = m.disabilityGrade !== null && m.disabilityGrade <= 2;
  return m.age >= 18 && m.age < 60 && !severe && !m.seriousIllness;
}

/** Support starts the month after the confirmation (43号). */
export function tekunStartMonth(decidedOn: IsoDate): IsoMonth {
  return addMonths(monthOf(decidedOn), 1);
}
