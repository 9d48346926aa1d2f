/**
 * A district with streets and enrolled recipients in a test schema: households with members and
 * bank accounts, granted cases, recipients with terms — written straight to the tables, as the
 * enrolment would have written them.
 */
import { checkCharacter } from '../../../server/domain/id-number';
import type { Db } from '../../../server/db/client';
import type { ComputeSettings } from '../../../server/disbursement/compute';
import { monthStart, type IsoMonth } from '../../../server/disbursement/months';

export const DISTRICT = { code: '500112', name: '渝北区', shortName: '渝北' };
export const STREETS = [
  { code: '500112001', name: '双龙湖街道' },
  { code: '500112007', name: '龙溪街道' },
  { code: '500112008', name: '龙山街道' },
];
export const SETTINGS: ComputeSettings = { rounding: 'half-up', backPayMonths: 12 };

/** The district and its streets (the published standards are seeded by the migrations). */
export async function seedDistrict(db: Db, district = DISTRICT, streets = STREETS): Promise<void> {
  await db.district.create({ data: district });
  for (const s of streets) await db.street.create({ data: { ...s, districtCode: district.code } });
}

let serial = 0;
function idNumber(birth: string): string {
  serial++;
  const first17 = `500112${birth}${String(100 + (serial % 900)).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

export interface RecipientSpec {
  street?: string;
  type?: 'dibao' | 'tekun';
  area?: 'urban' | 'rural';
  size?: number;
  /** Household counted monthly income, yuan. */
  income?: number;
  /** 分类重点救助 of the household, yuan. */
  addOn?: number;
  careTier?: 'self' | 'half' | 'full' | null;
  adjustment?: number;
  startMonth: IsoMonth;
  endMonth?: IsoMonth | null;
  bankAccount?: string | null;
  ableBodiedJobless?: boolean;
  approvedAmount?: number;
}

export interface Enrolled {
  recipientId: string;
  householdId: string;
  caseId: string;
  name: string;
}

/** One household with its applicant (and further members), a granted case and a recipient. */
export async function enrolled(db: Db, r: RecipientSpec, district = DISTRICT.code): Promise<Enrolled> {
  const street = r.street ?? STREETS[0]!.code;
  const type = r.type ?? 'dibao';
  const size = r.size ?? (type === 'tekun' ? 1 : 3);
  serial++;
  const name = `测试户${serial}`;
  const household = await db.household.create({
    data: {
      districtCode: district,
      streetCode: street,
      area: r.area ?? 'urban',
      address: `${street} 测试路 ${serial} 号`,
      bankName: '重庆农村商业银行',
      bankAccount:
        r.bankAccount === undefined ? `62284800${String(serial).padStart(11, '0')}` : r.bankAccount,
      members: {
        create: Array.from({ length: size }, (_, i) => ({
          name: i === 0 ? name : `${name}家属${i}`,
          idNumber: idNumber(i === 0 ? '19700101' : '20100101'),
          relation: i === 0 ? ('applicant' as const) : ('child' as const),
          ableBodiedJobless: i === 0 && !!r.ableBodiedJobless,
          monthlyIncome: i === 0 ? (r.income ?? 0) : 0,
        })),
      },
    },
  });
  const c = await db.case.create({
    data: {
      caseNo: `${type === 'dibao' ? 'DB' : 'TK'}-${district}-2025-${String(serial).padStart(6, '0')}`,
      type,
      status: 'granted',
      householdId: household.id,
      districtCode: district,
      streetCode: street,
      amount: r.approvedAmount ?? 0,
    },
  });
  const recipient = await db.recipient.create({
    data: {
      caseId: c.id,
      householdId: household.id,
      districtCode: district,
      streetCode: street,
      type,
      area: r.area ?? 'urban',
      startMonth: monthStart(r.startMonth),
      endMonth: r.endMonth ? monthStart(r.endMonth) : null,
      status: r.endMonth ? 'stopped' : 'active',
      approvedAmount: r.approvedAmount ?? 0,
      recheckCategory: r.ableBodiedJobless ? 'monthly' : 'half_yearly',
      nextRecheckMonth: monthStart(r.startMonth),
      terms: {
        create: {
          fromMonth: monthStart(r.startMonth),
          householdSize: size,
          incomeFen: Math.round((r.income ?? 0) * 100),
          addOnFen: Math.round((r.addOn ?? 0) * 100),
          careTier: type === 'tekun' ? (r.careTier ?? 'full') : null,
          adjustmentFen: Math.round((r.adjustment ?? 0) * 100),
          reason: '纳入保障',
        },
      },
    },
  });
  return { recipientId: recipient.id, householdId: household.id, caseId: c.id, name };
}

/** Lines of a run as plain numbers, keyed by household. */
export async function linesOf(db: Db, runId: string) {
  const lines = await db.paymentLine.findMany({
    where: { runId },
    orderBy: [{ householdId: 'asc' }, { forMonth: 'asc' }],
  });
  return lines.map((l) => ({
    householdId: l.householdId,
    forMonth: l.forMonth.toISOString().slice(0, 7),
    paidInMonth: l.paidInMonth.toISOString().slice(0, 7),
    kind: l.kind,
    amount: Number(l.amount),
    reason: l.reason,
  }));
}

export interface MemberSpec {
  birth: string;
  relation?: 'applicant' | 'spouse' | 'child' | 'parent' | 'other';
  income?: number;
  student?: boolean;
  preschool?: boolean;
  disabilityGrade?: number | null;
  seriousIllness?: boolean;
  ableBodiedJobless?: boolean;
}

/** A household with these members and an open case of `type` (not enrolled). */
export async function applied(
  db: Db,
  type: 'dibao' | 'tekun',
  members: MemberSpec[],
  opts: { street?: string; data?: object } = {},
) {
  serial++;
  const street = opts.street ?? STREETS[0]!.code;
  const household = await db.household.create({
    data: {
      districtCode: DISTRICT.code,
      streetCode: street,
      address: `${street} 申请路 ${serial} 号`,
      bankAccount: `62170039${String(serial).padStart(11, '0')}`,
      members: {
        create: members.map((m, i) => ({
          name: `成员${serial}-${i}`,
          idNumber: idNumber(m.birth),
          relation: m.relation ?? (i === 0 ? 'applicant' : 'child'),
          monthlyIncome: m.income ?? 0,
          student: !!m.student,
          preschool: !!m.preschool,
          disabilityGrade: m.disabilityGrade ?? null,
          seriousIllness: !!m.seriousIllness,
          ableBodiedJobless: !!m.ableBodiedJobless,
        })),
      },
    },
  });
  const c = await db.case.create({
    data: {
      caseNo: `${type === 'dibao' ? 'DB' : 'TK'}-${DISTRICT.code}-2026-${String(serial).padStart(6, '0')}`,
      type,
      status: 'in_progress',
      householdId: household.id,
      districtCode: DISTRICT.code,
      streetCode: street,
      data: opts.data ?? {},
    },
  });
  return { householdId: household.id, caseId: c.id };
}
