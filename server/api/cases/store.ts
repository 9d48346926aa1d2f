/**
 * Case persistence for the routes: registering an application (household, members, checklist,
 * number) with the duplicate-application check, and scoped search. Every query takes the
 * caller's `Scope`, so nothing here can read outside a jurisdiction by accident.
 */
import type { Tx } from '../../auth/audit';
import { maskIdNumber } from '../../auth/mask';
import type { Scope } from '../../auth/roles';
import { Problem } from '../problem';
import type { WriteResult } from '../route';
import { requiredMaterials } from './materials-catalogue';
import { CASE_STATUS_LABELS, CASE_TYPE_LABELS, OPEN_STATUSES, type ApplicationInput } from './schemas';

const TYPE_PREFIX = { dibao: 'DB', tekun: 'TK', linshi: 'LS' } as const;

/** DB-500112-2026-000123: one counter per type, district and year. */
async function nextCaseNo(tx: Tx, type: ApplicationInput['type'], districtCode: string): Promise<string> {
  const year = new Date().getFullYear();
  const [row] = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO case_number_counter (type, district_code, year, last)
    VALUES (${type}::case_type, ${districtCode}, ${year}, 1)
    ON CONFLICT (type, district_code, year) DO UPDATE SET last = case_number_counter.last + 1
    RETURNING last`;
  return `${TYPE_PREFIX[type]}-${districtCode}-${year}-${String(row!.last).padStart(6, '0')}`;
}

export interface Registered {
  id: string;
  caseNo: string;
  householdId: string;
  reusedHousehold: boolean;
  materials: string[];
  staffRelative: boolean;
}

/**
 * Registers an application in the clerk's street. Refuses a second open application of the same
 * type for any of the members, wherever it was filed (DOMAIN.md: same event at 户籍地 and 居住地 →
 * reject the second); advisory locks on the members' 身份证号 make the check race-free.
 */
export async function registerApplication(
  tx: Tx,
  a: ApplicationInput,
  where: { districtCode: string; streetCode: string; userId: string },
): Promise<Registered> {
  const ids = a.members.map((m) => m.idNumber).sort();
  for (const id of ids)
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`case:${a.type}:${id}`}, 0))`;
  const open = await tx.case.findFirst({
    where: {
      type: a.type,
      status: { in: [...OPEN_STATUSES] },
      household: { members: { some: { idNumber: { in: ids } } } },
    },
    select: { caseNo: true, streetCode: true },
  });
  if (open) {
    const here = open.streetCode === where.streetCode;
    throw new Problem(
      409,
      '已有未办结的同类申请',
      here
        ? `该家庭已有未办结的${CASE_TYPE_LABELS[a.type]}申请（${open.caseNo}），不能重复申请`
        : `该家庭成员在其他街道已有未办结的${CASE_TYPE_LABELS[a.type]}申请，不能重复申请`,
    );
  }

  const applicant = a.members.find((m) => m.relation === 'applicant')!;
  // 一户一档: an applicant who applied here before keeps the same household file.
  const previous = await tx.member.findFirst({
    where: {
      idNumber: applicant.idNumber,
      relation: 'applicant',
      household: { streetCode: where.streetCode },
    },
    orderBy: { createdAt: 'desc' },
    select: { householdId: true },
  });
  const householdData = {
    area: a.household.area,
    address: a.household.address,
    phone: a.household.phone ?? null,
    bankName: a.household.bankName ?? null,
    bankAccount: a.household.bankAccount ?? null,
    accountHolder: a.household.accountHolder ?? null,
  };
  const household = previous
    ? await tx.household.update({ where: { id: previous.householdId }, data: householdData })
    : await tx.household.create({
        data: { ...householdData, districtCode: where.districtCode, streetCode: where.streetCode },
      });
  if (previous)
    await tx.member.deleteMany({ where: { householdId: household.id, idNumber: { notIn: ids } } });
  for (const m of a.members) {
    const data = {
      name: m.name,
      relation: m.relation,
      disabilityGrade: m.disabilityGrade ?? null,
      seriousIllness: m.seriousIllness ?? false,
      student: m.student ?? false,
      preschool: m.preschool ?? false,
      ableBodiedJobless: m.ableBodiedJobless ?? false,
      monthlyIncome: m.monthlyIncome ?? 0,
      staffRelative: m.staffRelative ?? false,
    };
    await tx.member.upsert({
      where: { householdId_idNumber: { householdId: household.id, idNumber: m.idNumber } },
      create: { ...data, householdId: household.id, idNumber: m.idNumber },
      update: data,
    });
  }

  const staffRelative = a.members.some((m) => m.staffRelative);
  const caseNo = await nextCaseNo(tx, a.type, where.districtCode);
  const created = await tx.case.create({
    data: {
      caseNo,
      type: a.type,
      status: 'applied',
      currentStep: '待受理',
      householdId: household.id,
      districtCode: where.districtCode,
      streetCode: where.streetCode,
      createdById: where.userId,
      data: {
        reason: a.reason,
        linshiKind: a.linshiKind ?? null,
        // 临时救助: read by the CaseWorkflow (start variable `requestedAmount`) and by
        // check-duplicate-application (`event`), see workflows/README.md "Where the data lives".
        ...(a.type === 'linshi'
          ? { requestedAmount: a.requestedAmount ?? null, event: a.event ?? null }
          : {}),
        entrusted: a.entrusted
          ? {
              agentName: a.entrusted.agentName,
              agentKind: a.entrusted.agentKind,
              agentIdNumber: a.entrusted.agentIdNumber ?? null,
              documentNo: a.entrusted.authorization.documentNo,
              signedOn: a.entrusted.authorization.signedOn,
            }
          : null,
        // 57号 §11: applications by close relatives of staff are registered separately.
        staffRelative,
      },
    },
  });
  const kinds = requiredMaterials(a.type, { linshiKind: a.linshiKind, entrusted: Boolean(a.entrusted) });
  const received = new Set(a.receivedMaterials ?? []);
  const now = new Date();
  await tx.caseMaterial.createMany({
    data: kinds.map((kind) => ({
      caseId: created.id,
      kind,
      received: received.has(kind),
      receivedAt: received.has(kind) ? now : null,
      receivedById: received.has(kind) ? where.userId : null,
    })),
  });
  return {
    id: created.id,
    caseNo,
    householdId: household.id,
    reusedHousehold: Boolean(previous),
    materials: kinds,
    staffRelative,
  };
}

/** Registers an application and describes it for the audit trail (masked, counts only). */
export async function registerWithEvent(
  tx: Tx,
  a: ApplicationInput,
  where: { districtCode: string; streetCode: string; userId: string },
): Promise<WriteResult<Registered>> {
  const r = await registerApplication(tx, a, where);
  const applicant = a.members.find((m) => m.relation === 'applicant')!;
  return {
    result: r,
    audit: {
      action: 'case.registered',
      caseId: r.id,
      summary: {
        caseNo: r.caseNo,
        type: a.type,
        members: a.members.length,
        applicant: maskIdNumber(applicant.idNumber),
        entrusted: Boolean(a.entrusted),
        staffRelative: r.staffRelative,
        reusedHousehold: r.reusedHousehold,
        materialsReceived: a.receivedMaterials?.length ?? 0,
        materialsRequired: r.materials.length,
      },
    },
  };
}

export interface CaseFilterValues {
  type?: 'dibao' | 'tekun' | 'linshi' | undefined;
  status?: keyof typeof CASE_STATUS_LABELS | undefined;
  streetCode?: string | undefined;
  applicantName?: string | undefined;
  idNumber?: string | undefined;
  overdue?: boolean | undefined;
}

/** The scoped row filter for case lists, counts and exports. */
export function caseWhere(scope: Scope, f: CaseFilterValues) {
  return {
    AND: [
      scope,
      f.type ? { type: f.type } : {},
      f.status ? { status: f.status } : {},
      f.streetCode ? { streetCode: f.streetCode } : {},
      f.overdue !== undefined ? { overdue: f.overdue } : {},
      f.applicantName
        ? {
            household: {
              members: { some: { relation: 'applicant' as const, name: { contains: f.applicantName } } },
            },
          }
        : {},
      f.idNumber ? { household: { members: { some: { idNumber: f.idNumber } } } } : {},
    ],
  };
}

export const listInclude = {
  street: { select: { name: true } },
  household: { select: { members: { select: { name: true, idNumber: true, relation: true } } } },
} as const;

type ListRow = {
  id: string;
  caseNo: string;
  type: keyof typeof CASE_TYPE_LABELS;
  status: keyof typeof CASE_STATUS_LABELS;
  currentStep: string | null;
  streetCode: string;
  overdue: boolean;
  amount: { toString(): string } | null;
  appliedAt: Date;
  data: unknown;
  street: { name: string };
  household: { members: { name: string; idNumber: string; relation: string }[] };
};

export function caseData(c: { data: unknown }): Record<string, unknown> {
  return c.data && typeof c.data === 'object' && !Array.isArray(c.data)
    ? (c.data as Record<string, unknown>)
    : {};
}

/** A list row with the applicant's 身份证号 masked. */
export function listItem(c: ListRow) {
  const applicant = c.household.members.find((m) => m.relation === 'applicant');
  return {
    id: c.id,
    caseNo: c.caseNo,
    type: c.type,
    typeLabel: CASE_TYPE_LABELS[c.type],
    status: c.status,
    statusLabel: CASE_STATUS_LABELS[c.status],
    currentStep: c.currentStep,
    streetCode: c.streetCode,
    streetName: c.street.name,
    applicantName: applicant?.name ?? '',
    applicantIdNumber: applicant ? maskIdNumber(applicant.idNumber) : '',
    householdSize: c.household.members.length,
    overdue: c.overdue,
    staffRelative: caseData(c).staffRelative === true,
    amount: c.amount ? c.amount.toString() : null,
    appliedAt: c.appliedAt.toISOString(),
  };
}
