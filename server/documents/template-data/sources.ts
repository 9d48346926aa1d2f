/**
 * What a template's builder reads: the case as loaded (case-data.ts), the job's process variables
 * (workflows/README.md), the step records the API keeps in `case.data.steps[<elementId>]`
 * (server/api/tasks/task-routes.ts), who completed each step, the materials checklist, the
 * standards table and the document settings of server/config.ts.
 */
import { chinaDate } from '../../domain/dates';
import type { StandardRow } from '../../domain/standards';

export interface DocumentSettings {
  /** 57号 §17: the 核查认定中心 starts 核对 within 3 working days. */
  replyWorkingDays?: number;
  deadlineWorkingDays?: number;
  /** DOCUMENT_VERIFICATION_AGENCY, `{district}` replaced by the district's name. */
  verificationAgency?: string;
  /** DOCUMENT_VERIFICATION_ITEMS. */
  verificationItems?: string[];
  /** DIBAO_START_MONTH. */
  startMonthRule?: 'same' | 'next';
}

export interface Material {
  kind: string;
  received: boolean;
  receivedOn: string | null;
}

export interface CaseFacts {
  caseType: 'dibao' | 'tekun' | 'linshi';
  area: 'urban' | 'rural';
  districtName: string;
  streetName: string;
  appliedOn: string | undefined;
  applicantName: string | undefined;
  householdSize: number;
  address: string;
  reason: string | undefined;
  members: {
    name: string;
    relation: string;
    idNumber: string;
    monthlyIncome: number;
    disabilityGrade: number | null;
    seriousIllness: boolean;
    student: boolean;
    preschool: boolean;
    ableBodiedJobless: boolean;
  }[];
  materials: Material[];
  standards: readonly StandardRow[];
  /** users.id → display name, for the `completedBy` of step records. */
  userNames: Record<string, string>;
  caseData: Record<string, unknown>;
}

export interface BuilderInput {
  facts: CaseFacts;
  vars: Record<string, unknown>;
  settings: DocumentSettings;
  /** 成文日期. */
  date: string;
}

export type TemplateBuilder = (input: BuilderInput) => Record<string, unknown>;

export const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : undefined;
export const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** A step's record as the API stored it, with who completed it and the day (China). */
export function step(
  facts: CaseFacts,
  elementId: string,
): (Record<string, unknown> & { by?: string; on?: string }) | undefined {
  const r = obj(obj(facts.caseData.steps)[elementId]);
  if (Object.keys(r).length === 0) return undefined;
  const by = typeof r.completedBy === 'string' ? facts.userNames[r.completedBy] : undefined;
  const at = typeof r.completedAt === 'string' ? new Date(r.completedAt) : undefined;
  return {
    ...r,
    ...(by ? { by } : {}),
    ...(at && !Number.isNaN(at.getTime()) ? { on: chinaDate(at) } : {}),
  };
}

/** The record of the first of `forms` (without process prefix) completed in this case's process. */
export function stepOf(facts: CaseFacts, form: string) {
  return step(facts, `${facts.caseType}-${form}`);
}

/** A date-time variable (e.g. `publicNoticeDue`) as the China date it ends on. */
export function dayOf(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : chinaDate(d);
}

export const yuan = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
