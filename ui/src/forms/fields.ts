/**
 * Building blocks of the step forms: the zod field types (the API's own zod instance, so messages
 * are the same zh-CN ones the server sends) and the descriptor a form field is drawn from.
 * Pure (no Vue): the API can import the step schemas and validate completions with them.
 */
import { PersonName, Text } from '../../../server/api/cases/schemas';
import type { Role } from '../../../server/auth/roles';
import { z } from '../../../server/api/zod';

export { PersonName, Text, z };

/** 元, two decimals at most. */
export const Yuan = z
  .number({ error: (i) => (i.input === undefined || i.input === null ? '必填' : '应为金额') })
  .min(0, '金额不能为负数')
  .max(1_000_000, '金额过大')
  .refine((v) => Math.round(v * 100) === v * 100, '金额最多两位小数');

export const IsoDate = z.iso.date('应为日期（YYYY-MM-DD）');
export const IsoMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '应为月份（YYYY-MM）');

/** A date that has happened (a visit, a meeting): not after today in China. */
export const PastDate = IsoDate.refine(
  (d) => d <= new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date()),
  '日期不能晚于今天',
);

/** A checkbox that must be ticked (a signature, a confirmation). */
export const Confirmed = (message: string) => z.literal(true, { error: message });

/** Names of people (investigators, attendees), distinct. */
export const Names = (min: number, max: number, what: string) =>
  z
    .array(PersonName)
    .min(min, `${what}至少 ${min} 人`)
    .max(max, `${what}最多 ${max} 人`)
    .refine((a) => new Set(a).size === a.length, `${what}不能重复`);

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'date'
  | 'month'
  | 'money'
  | 'int'
  | 'radio'
  | 'bool'
  | 'confirm'
  | 'checkboxes'
  | 'names'
  /** Display names picked from the active accounts of `role` in the user's street. */
  | 'people'
  | 'opinions'
  | 'selfCare';

export interface Field {
  name: string;
  label: string;
  kind: FieldKind;
  options?: readonly { value: string | boolean; label: string }[];
  /** Shown only when this returns true (e.g. reasons only when refusing). */
  showIf?: (values: Record<string, unknown>) => boolean;
  help?: string;
  required?: boolean;
  max?: number;
  /** `people`: whose accounts are offered (GET /api/colleagues?role=…). */
  role?: Role;
}

export interface StepForm {
  /** zeebe:formDefinition externalReference of the user task (workflows/*.bpmn). */
  key: string;
  title: string;
  /** The regulation the step implements, shown under the title. */
  basis: string;
  fields: Field[];
  schema: z.ZodType<Record<string, unknown>>;
  /** Values a fresh form starts with. */
  initial: () => Record<string, unknown>;
}

/**
 * What is sent: fields hidden by `showIf` are dropped, and an empty text or number is "not given"
 * (so a required field says 必填 and an optional one is simply absent).
 */
export function visibleValues(form: StepForm, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of form.fields) {
    if (f.showIf && !f.showIf(values)) continue;
    let v = values[f.name];
    if (typeof v === 'string') v = v.trim();
    // Name lists: rows left empty are not people.
    if ((f.kind === 'names' || f.kind === 'people') && Array.isArray(v))
      v = (v as string[]).map((x) => x.trim()).filter(Boolean);
    if (v !== '' && v !== null && v !== undefined) out[f.name] = v;
  }
  return out;
}

/**
 * The start of a `people` list: the signed-in user first when they are one of the people offered
 * (the 入户调查 is completed by one of its two investigators, 57号 §16), else the list unchanged.
 */
export function withSelfFirst(
  names: readonly string[],
  me: string | null,
  offered: readonly string[],
): string[] {
  const picked = names.map((n) => n.trim()).filter(Boolean);
  if (!me || !offered.includes(me) || picked.includes(me)) return picked;
  return [me, ...picked];
}

/** Field path → first zh-CN message. */
export function validateStep(form: StepForm, values: Record<string, unknown>): Record<string, string> {
  const r = form.schema.safeParse(visibleValues(form, values));
  const errors: Record<string, string> = {};
  if (!r.success)
    for (const i of r.error.issues) errors[i.path.map(String).join('.') || '(根)'] ??= i.message;
  return errors;
}

/** The refinement every "reasons required when …" rule uses. */
export function requireWhen<T extends Record<string, unknown>>(
  cond: (v: T) => boolean,
  field: keyof T & string,
  message: string,
) {
  return (v: T, ctx: z.RefinementCtx) => {
    const x = v[field];
    if (cond(v) && (x === undefined || x === null || x === '' || (Array.isArray(x) && x.length === 0))) {
      ctx.addIssue({ code: 'custom', path: [field], message });
    }
  };
}
