/**
 * 分类重点救助: per-person monthly add-ons for 低保 recipients (161号 二(一): 残疾人员、重病人员、
 * 70 岁以上老年人、学龄前儿童和在校学生; Chongqing amounts, DOMAIN.md "Money").
 *
 * The amounts are not cumulative: a person gets at most ONE of the five categories 一至二级重残,
 * 重大疾病, 70 岁以上, 学龄前儿童, 在校学生 — except that a disabled person may also get the 40 of
 * 残疾人员. Read as: the largest applicable non-disability category, plus 40 if disabled (any grade).
 * This function is the only place that rule lives.
 */

/** 元/人·月. */
export const ADD_ON_AMOUNTS = {
  disabled: 40,
  severeDisability: 60,
  seriousIllness: 60,
  aged70: 60,
  preschool: 100,
  student: 100,
} as const;

const LABELS: Record<keyof typeof ADD_ON_AMOUNTS, string> = {
  disabled: '残疾人员',
  severeDisability: '一至二级重残',
  seriousIllness: '重大疾病',
  aged70: '70岁以上老年人',
  preschool: '学龄前儿童',
  student: '在校学生',
};

/** 学龄前: under the primary-school entry age of 6 (义务教育法 §11). */
export const SCHOOL_AGE = 6;

export interface AddOnPerson {
  /** 残疾等级 1–4, null when not disabled. */
  disabilityGrade: number | null;
  seriousIllness: boolean;
  student: boolean;
  preschool: boolean;
  /** Age reached in the month (see ageInMonth). */
  age: number;
}

export interface AddOn {
  amount: number;
  /** e.g. "在校学生 100 + 残疾人员 40". */
  reason: string;
}

export function classifiedAddOn(p: AddOnPerson): AddOn | null {
  const disabled = p.disabilityGrade !== null;
  const categories: (keyof typeof ADD_ON_AMOUNTS)[] = [];
  if (p.student) categories.push('student');
  // A young child not at school counts as 学龄前 even when the flag was not set.
  if (p.preschool || (p.age < SCHOOL_AGE && !p.student)) categories.push('preschool');
  if (disabled && p.disabilityGrade! <= 2) categories.push('severeDisability');
  if (p.seriousIllness) categories.push('seriousIllness');
  if (p.age >= 70) categories.push('aged70');

  // Highest amount wins; on a tie the first listed above (a stable, readable reason).
  let best: keyof typeof ADD_ON_AMOUNTS | undefined;
  for (const c of categories) if (!best || ADD_ON_AMOUNTS[c] > ADD_ON_AMOUNTS[best]) best = c;

  const parts: (keyof typeof ADD_ON_AMOUNTS)[] = [
    ...(best ? [best] : []),
    ...(disabled ? ['disabled' as const] : []),
  ];
  if (parts.length === 0) return null;
  return {
    amount: parts.reduce((s, c) => s + ADD_ON_AMOUNTS[c], 0),
    reason: parts.map((c) => `${LABELS[c]} ${ADD_ON_AMOUNTS[c]}`).join(' + '),
  };
}
