/**
 * 试算 (trial calculation) used by clerks at the window, by `npm run calc` and by the tests:
 * one household, one month → eligibility and amounts for 低保 or 特困. The input schema gives a
 * zh-CN message per field; `calculate` itself is pure (standards and settings are passed in).
 */
import { z } from 'zod';
import { classifiedAddOn } from './add-ons';
import { isIsoMonth, lastDayOfMonth } from './dates';
import { assessDibao } from './dibao';
import { ageInMonth, parseIdNumber } from './id-number';
import { householdIncome } from './income';
import { hasAtMostTwoDecimals } from './money';
import type { DomainSettings } from './settings';
import { lookupStandard, StandardNotFoundError, type StandardRow } from './standards';
import { assessSelfCare, assessTekun, isAbleSupporter, tekunMonthlyAmounts, type CareTier } from './tekun';

/** A zod `error` option: one message when the field is missing, another when it has the wrong type. */
const says = (missing: string, wrong: string) => ({
  error: (iss: { input?: unknown }) => (iss.input === undefined ? missing : wrong),
});
const flag = (label: string) => z.boolean(says(`请填写${label}`, `${label}应为 true 或 false`));
/** Far future: the schema checks the number's form; the month check below bounds the birth date. */
const NO_LIMIT = new Date(Date.UTC(9999, 11, 31));

const selfCareSchema = z.object(
  {
    eating: flag('能否自主吃饭'),
    dressing: flag('能否自主穿衣'),
    bed: flag('能否自主上下床'),
    toilet: flag('能否自主如厕'),
    walking: flag('能否室内自主行走'),
    bathing: flag('能否自主洗澡'),
  },
  says('请填写生活自理能力评估', '生活自理能力评估应为对象'),
);

const memberSchema = z.object(
  {
    name: z.string(says('请填写姓名', '姓名应为文字')).trim().min(1, '请填写姓名').max(50, '姓名过长'),
    idNumber: z.string(says('请填写身份证号', '身份证号应为文字')).superRefine((v, ctx) => {
      const r = parseIdNumber(v, NO_LIMIT);
      if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason });
    }),
    relation: z.enum(['applicant', 'spouse', 'child', 'parent', 'other'], {
      error: '家庭关系应为 applicant（申请人）、spouse、child、parent 或 other',
    }),
    monthlyIncome: z
      .number(says('请填写月收入', '月收入应为数字'))
      .min(0, '月收入不能为负数')
      .max(10_000_000, '月收入过大')
      .refine(hasAtMostTwoDecimals, '月收入最多保留两位小数'),
    disabilityGrade: z
      .number(says('请填写残疾等级（无残疾填 null）', '残疾等级应为 1–4 或 null'))
      .int('残疾等级应为 1–4 的整数')
      .min(1, '残疾等级应为 1–4')
      .max(4, '残疾等级应为 1–4')
      .nullable(),
    seriousIllness: flag('是否患重大疾病'),
    student: flag('是否在校学生'),
    preschool: flag('是否学龄前儿童'),
    selfCare: selfCareSchema.optional(),
  },
  says('请填写家庭成员', '家庭成员应为对象'),
);

export const calculationInputSchema = z
  .object(
    {
      type: z.enum(['dibao', 'tekun'], { error: '救助类别应为 dibao（低保）或 tekun（特困）' }),
      area: z.enum(['urban', 'rural'], { error: '地区应为 urban（城市）或 rural（农村）' }),
      month: z
        .string(says('请填写试算月份', '试算月份应为 YYYY-MM'))
        .refine(isIsoMonth, '试算月份应为 YYYY-MM，例如 2026-03'),
      members: z
        .array(memberSchema, says('请填写家庭成员', '家庭成员应为列表'))
        .min(1, '家庭成员至少 1 人')
        .max(30, '家庭成员最多 30 人'),
    },
    says('请求内容不能为空', '请求内容应为 JSON 对象'),
  )
  .superRefine((input, ctx) => {
    const applicants = input.members.filter((m) => m.relation === 'applicant').length;
    if (applicants !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['members'],
        message: `应有且仅有 1 名申请人（现有 ${applicants} 名）`,
      });
    }
    const seen = new Set<string>();
    input.members.forEach((m, i) => {
      const id = m.idNumber.trim().toUpperCase();
      if (seen.has(id))
        ctx.addIssue({ code: 'custom', path: ['members', i, 'idNumber'], message: '身份证号重复' });
      seen.add(id);
      const parsed = parseIdNumber(id, NO_LIMIT);
      if (parsed.ok && isIsoMonth(input.month) && parsed.birthDate > lastDayOfMonth(input.month)) {
        ctx.addIssue({ code: 'custom', path: ['members', i, 'idNumber'], message: '出生日期晚于试算月份' });
      }
      if (input.type === 'tekun' && m.relation === 'applicant' && !m.selfCare) {
        ctx.addIssue({
          code: 'custom',
          path: ['members', i, 'selfCare'],
          message: '特困试算须填写申请人的生活自理能力评估（六项）',
        });
      }
    });
  });

export type CalculationInput = z.infer<typeof calculationInputSchema>;

export interface FieldError {
  field: string;
  message: string;
}

export interface CalculationResult {
  eligible: boolean;
  /** 低保标准 (dibao) or 特困人员基本生活标准 (tekun) of the month and area. */
  standard: number;
  /** dibao: household per-capita monthly income; tekun: the applicant's own monthly income. */
  perCapitaIncome: number;
  /** dibao: 补差 for the household; tekun: the basic living amount. 0 when not eligible. */
  baseAmount: number;
  /** 分类重点救助 per person (dibao only). */
  addOns: { idNumber: string; reason: string; amount: number }[];
  /** tekun: the tier from the six-activity assessment; dibao: null. */
  careTier: CareTier | null;
  /** tekun: 照料护理 amount when eligible; otherwise 0. */
  careAmount: number;
  total: number;
  /** 低保边缘 (dibao); always false for tekun. */
  edge: boolean;
}

/** Input rejected (400 / exit code 2), with one zh-CN message per field. */
export class CalculationInputError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}：${e.message}`).join('；'));
    this.name = 'CalculationInputError';
  }
}

/** Validates raw JSON; the errors name each field as a dotted path, e.g. `members.0.idNumber`. */
export function parseCalculationInput(
  raw: unknown,
): { ok: true; input: CalculationInput } | { ok: false; errors: FieldError[] } {
  const r = calculationInputSchema.safeParse(raw);
  if (r.success) return { ok: true, input: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((i) => ({ field: i.path.join('.') || '(请求体)', message: i.message })),
  };
}

export function calculate(
  input: CalculationInput,
  standards: readonly StandardRow[],
  settings: Pick<DomainSettings, 'amountRounding'>,
): CalculationResult {
  const members = input.members.map((m) => {
    const id = m.idNumber.trim().toUpperCase();
    const parsed = parseIdNumber(id, NO_LIMIT);
    if (!parsed.ok) throw new CalculationInputError([{ field: 'members', message: parsed.reason }]);
    return { ...m, idNumber: id, age: ageInMonth(parsed.birthDate, input.month) };
  });
  try {
    const row = lookupStandard(standards, input.area, input.month);
    return input.type === 'dibao' ? dibao(members, row, settings) : tekun(members, row);
  } catch (err) {
    if (err instanceof StandardNotFoundError) {
      throw new CalculationInputError([
        { field: input.type === 'tekun' ? 'area' : 'month', message: err.message },
      ]);
    }
    throw err;
  }
}

type Member = CalculationInput['members'][number] & { age: number };

function dibao(members: Member[], row: StandardRow, s: Pick<DomainSettings, 'amountRounding'>) {
  const a = assessDibao(householdIncome(members.map((m) => m.monthlyIncome)), row.dibao, s.amountRounding);
  const addOns = a.eligible
    ? members.flatMap((m) => {
        const add = classifiedAddOn(m);
        return add ? [{ idNumber: m.idNumber, reason: add.reason, amount: add.amount }] : [];
      })
    : [];
  return {
    eligible: a.eligible,
    standard: row.dibao,
    perCapitaIncome: a.perCapitaIncome,
    baseAmount: a.baseAmount,
    addOns,
    careTier: null,
    careAmount: 0,
    total: a.baseAmount + addOns.reduce((sum, x) => sum + x.amount, 0),
    edge: a.edge,
  } satisfies CalculationResult;
}

function tekun(members: Member[], row: StandardRow): CalculationResult {
  const applicant = members.find((m) => m.relation === 'applicant')!;
  const { tier } = assessSelfCare(applicant.selfCare!);
  const amounts = tekunMonthlyAmounts(row, tier);
  const able = members.filter((m) => m !== applicant && isAbleSupporter(m)).length;
  const { eligible } = assessTekun(applicant, row.dibao, { able });
  const baseAmount = eligible ? amounts.basic : 0;
  const careAmount = eligible ? amounts.care : 0;
  return {
    eligible,
    standard: row.tekunBasic!,
    perCapitaIncome: applicant.monthlyIncome,
    baseAmount,
    addOns: [],
    careTier: tier,
    careAmount,
    total: baseAmount + careAmount,
    edge: false,
  };
}
