/**
 * The data of a document from its case: case, household, members, street and district (Prisma),
 * then the template's builder (template-data/: step records, variables, materials, standards,
 * settings), then what the case collected for this document (case.data[template]) and the job's
 * variables, each later source overriding the earlier. The template's zod schema decides what is
 * used.
 */
import type { Db } from '../db/client';
import { loadStandards } from '../db/standards-repository';
import { rosterData } from '../disbursement/roster';
import { chinaDate } from '../domain/dates';
import type { DocumentSpec } from './catalog';
import { defaultRemedies, issuerOf, type Issuer } from './issuer';
import { templateData, type CaseFacts, type DocumentSettings } from './template-data';

export interface CaseContext {
  /** Null for street-level documents of no case (the monthly 花名册). */
  caseId: string | null;
  caseNo: string | null;
  districtCode: string;
  streetCode: string;
  householdId: string | null;
  base: Record<string, unknown>;
  district: Parameters<typeof issuerOf>[1];
  street: Parameters<typeof issuerOf>[2];
  caseData: Record<string, unknown>;
  /** What the template builders read (null for the 花名册). */
  facts: CaseFacts | null;
}

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : undefined);

/** Today in China (UTC+8), as YYYY-MM-DD: the default 成文日期. */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export async function loadCaseContext(db: Db, caseId: string): Promise<CaseContext> {
  const c = await db.case.findUnique({
    where: { id: caseId },
    include: {
      household: { include: { members: { orderBy: { createdAt: 'asc' } } } },
      district: true,
      street: true,
      materials: true,
    },
  });
  if (!c) throw new Error(`案件不存在：${caseId}`);
  const members = c.household.members;
  const applicant = members.find((m) => m.relation === 'applicant') ?? members[0];
  const base: Record<string, unknown> = {
    caseNo: c.caseNo,
    caseType: c.type,
    appliedOn: day(c.appliedAt),
    acceptedOn: day(c.acceptedAt),
    householdSize: members.length,
    monthlyAmount: c.amount === null ? undefined : Number(c.amount),
    bankAccount: c.household.bankAccount ?? undefined,
    address: c.household.address,
    members: members.map((m) => ({
      name: m.name,
      relation: m.relation,
      idNumber: m.idNumber,
      monthlyIncome: Number(m.monthlyIncome),
    })),
    remedies: defaultRemedies(c.district),
  };
  if (applicant) {
    base.recipient = { name: applicant.name, address: c.household.address };
    base.applicant = {
      name: applicant.name,
      idNumber: applicant.idNumber,
      address: c.household.address,
      householdSize: members.length,
      street: c.street.name,
    };
  }
  const data = (c.data ?? {}) as Record<string, unknown>;
  const facts: CaseFacts = {
    caseType: c.type,
    area: c.household.area,
    districtName: c.district.name,
    streetName: c.street.name,
    appliedOn: day(c.appliedAt),
    applicantName: applicant?.name,
    householdSize: members.length,
    address: c.household.address,
    reason: typeof data.reason === 'string' ? data.reason : undefined,
    members: members.map((m) => ({
      name: m.name,
      relation: m.relation,
      idNumber: m.idNumber,
      monthlyIncome: Number(m.monthlyIncome),
      disabilityGrade: m.disabilityGrade,
      seriousIllness: m.seriousIllness,
      student: m.student,
      preschool: m.preschool,
      ableBodiedJobless: m.ableBodiedJobless,
    })),
    materials: c.materials.map((m) => ({
      kind: m.kind,
      received: m.received,
      receivedOn: m.receivedAt ? chinaDate(m.receivedAt) : null,
    })),
    standards: await loadStandards(db),
    userNames: await stepUserNames(db, data),
    caseData: data,
  };
  return {
    caseId: c.id,
    caseNo: c.caseNo,
    districtCode: c.districtCode,
    streetCode: c.streetCode,
    householdId: c.householdId,
    base,
    district: c.district,
    street: c.street,
    caseData: data,
    facts,
  };
}

/** Display names of the users who completed the case's steps (case.data.steps[*].completedBy). */
async function stepUserNames(db: Db, data: Record<string, unknown>): Promise<Record<string, string>> {
  const steps = isPlainObject(data.steps) ? Object.values(data.steps) : [];
  const ids = [
    ...new Set(
      steps.flatMap((s) =>
        isPlainObject(s) && typeof s.completedBy === 'string' && /^[0-9a-f-]{36}$/i.test(s.completedBy)
          ? [s.completedBy]
          : [],
      ),
    ),
  ];
  if (!ids.length) return {};
  const users = await db.user.findMany({
    where: { id: { in: ids } },
    select: { id: true, displayName: true },
  });
  return Object.fromEntries(users.map((u) => [u.id, u.displayName]));
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects merge key by key (so variables can add to `applicant`); anything else replaces. */
function merge(...layers: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) {
      if (v === undefined) continue;
      out[k] = isPlainObject(v) && isPlainObject(out[k]) ? merge(out[k] as Record<string, unknown>, v) : v;
    }
  }
  return out;
}

export function documentData(
  spec: DocumentSpec,
  ctx: CaseContext,
  issuer: Issuer,
  variables: Record<string, unknown>,
  defaults: Record<string, unknown>,
): Record<string, unknown> {
  const forTemplate = isPlainObject(ctx.caseData[spec.name])
    ? (ctx.caseData[spec.name] as Record<string, unknown>)
    : {};
  const { caseId: _caseId, documentNumber: _n, issuer: _i, ...vars } = variables;
  const built = ctx.facts
    ? templateData(spec.name, {
        facts: ctx.facts,
        vars,
        settings: defaults as DocumentSettings,
        date: typeof vars.date === 'string' ? vars.date : todayInChina(),
      })
    : {};
  return merge(
    defaults,
    // The issuing office's 联系单位/联系电话 (set per district and street; demo data has them).
    issuer.contact ? { contact: issuer.contact } : {},
    ctx.base,
    built,
    forTemplate,
    vars,
    // Never taken from variables: who issues it and which number it gets are the archive's.
    { issuer: { code: issuer.code, name: issuer.name }, caseNo: ctx.caseNo },
  );
}

export function issuerFor(spec: DocumentSpec, ctx: CaseContext, override?: unknown): Issuer {
  const level = override === 'street' || override === 'district' ? override : spec.issuerLevel;
  return issuerOf(level, ctx.district, ctx.street);
}

/**
 * The context of a street's 救助金发放花名册 (条例 §22): the run's rows for the street
 * (server/disbursement/roster.ts), who prepared it (the user who started the run, or the monthly
 * timer) and the reviewer line left to the district's approval.
 */
export async function loadRosterContext(db: Db, runId: string, streetCode: string): Promise<CaseContext> {
  const run = await db.disbursementRun.findUnique({ where: { id: runId } });
  if (!run) throw new Error(`发放批次不存在：${runId}`);
  const [district, street] = await Promise.all([
    db.district.findUniqueOrThrow({ where: { code: run.districtCode } }),
    db.street.findUnique({ where: { code: streetCode } }),
  ]);
  if (!street) throw new Error(`街道不存在：${streetCode}`);
  const starter = run.startedById
    ? await db.user.findUnique({ where: { id: run.startedById }, select: { displayName: true } })
    : null;
  const roster = await rosterData(db, runId, streetCode);
  return {
    caseId: null,
    caseNo: null,
    districtCode: run.districtCode,
    streetCode,
    householdId: null,
    base: { ...roster, preparedBy: starter?.displayName ?? '按月定时发放', reviewedBy: '待区县审批' },
    district,
    street,
    caseData: {},
    facts: null,
  };
}
