/**
 * The 新建申请 form's state and its rules. Validation is the server's own: `ApplicationInput`
 * (server/api/cases/schemas.ts) and the 身份证号 check (server/domain/id-number.ts) run here
 * unchanged, so the clerk sees the same zh-CN messages before submitting that the API would send.
 */
import { ApplicationInput } from '../../../../server/api/cases/schemas';
import { requiredMaterials, type MaterialKind } from '../../../../server/api/cases/materials-catalogue';
import { ageOn, parseIdNumber } from '../../../../server/domain/id-number';
import type { LinshiEventKind } from '../../../../server/domain/linshi';
import type { ApplicationRequest, CalculationRequest, CaseType, MemberRequest, SelfCare } from '../../api';
import { today } from '../../format';

export type Relation = MemberRequest['relation'];

export interface MemberRow {
  key: number;
  name: string;
  idNumber: string;
  /** Empty until the clerk chooses: a guessed default (配偶 for a child) is worse than none. */
  relation: Relation | '';
  disabilityGrade: number | null;
  seriousIllness: boolean;
  student: boolean;
  preschool: boolean;
  ableBodiedJobless: boolean;
  staffRelative: boolean;
  monthlyIncome: number | null;
}

export interface ApplicationForm {
  type: CaseType;
  linshiKind: '' | 'emergency' | 'expense';
  /** 临时救助: 申请救助金额 (yuan, the assessed need for the event). */
  requestedAmount: number | null;
  /** 临时救助: 困难事由 — kind (LINSHI_EVENT_KINDS) and the day it happened (同一事由查重). */
  event: { kind: '' | LinshiEventKind; date: string };
  reason: string;
  household: {
    area: 'urban' | 'rural';
    address: string;
    phone: string;
    bankName: string;
    bankAccount: string;
    accountHolder: string;
  };
  members: MemberRow[];
  entrusted: boolean;
  agent: {
    agentName: string;
    agentKind: 'community_committee' | 'person';
    agentIdNumber: string;
    documentNo: string;
    signedOn: string;
  };
  received: MaterialKind[];
  /** 生活自理能力 of the 特困 applicant (six activities; true = can do it unaided), for the trial calculation. */
  selfCare: SelfCare;
}

let nextKey = 1;

export function emptyMember(relation: Relation | '' = ''): MemberRow {
  return {
    key: nextKey++,
    name: '',
    idNumber: '',
    relation,
    disabilityGrade: null,
    seriousIllness: false,
    student: false,
    preschool: false,
    ableBodiedJobless: false,
    staffRelative: false,
    monthlyIncome: null,
  };
}

export function emptyForm(): ApplicationForm {
  return {
    type: 'dibao',
    linshiKind: '',
    requestedAmount: null,
    event: { kind: '', date: '' },
    reason: '',
    household: { area: 'urban', address: '', phone: '', bankName: '', bankAccount: '', accountHolder: '' },
    members: [emptyMember('applicant')],
    entrusted: false,
    agent: {
      agentName: '',
      agentKind: 'community_committee',
      agentIdNumber: '',
      documentNo: '',
      signedOn: '',
    },
    received: [],
    selfCare: { eating: true, dressing: true, bed: true, toilet: true, walking: true, bathing: true },
  };
}

const opt = (s: string) => (s.trim() ? s.trim() : undefined);

export function toRequest(f: ApplicationForm): ApplicationRequest {
  return {
    type: f.type,
    ...(f.type === 'linshi' && f.linshiKind ? { linshiKind: f.linshiKind } : {}),
    ...(f.type === 'linshi' && f.requestedAmount !== null ? { requestedAmount: f.requestedAmount } : {}),
    ...(f.type === 'linshi' && (f.event.kind || f.event.date)
      ? { event: { kind: f.event.kind as LinshiEventKind, date: f.event.date } }
      : {}),
    reason: f.reason,
    household: {
      area: f.household.area,
      address: f.household.address,
      phone: opt(f.household.phone),
      bankName: opt(f.household.bankName),
      bankAccount: opt(f.household.bankAccount),
      accountHolder: opt(f.household.accountHolder),
    },
    members: f.members.map((m) => ({
      name: m.name,
      idNumber: m.idNumber,
      relation: m.relation as Relation,
      disabilityGrade: m.disabilityGrade,
      seriousIllness: m.seriousIllness,
      student: m.student,
      preschool: m.preschool,
      ableBodiedJobless: m.ableBodiedJobless,
      staffRelative: m.staffRelative,
      monthlyIncome: m.monthlyIncome ?? 0,
    })),
    ...(f.entrusted
      ? {
          entrusted: {
            agentName: f.agent.agentName,
            agentKind: f.agent.agentKind,
            agentIdNumber: opt(f.agent.agentIdNumber),
            authorization: { documentNo: f.agent.documentNo, signedOn: f.agent.signedOn },
          },
        }
      : {}),
    receivedMaterials: f.received.filter((k) => materialsFor(f).includes(k)),
  };
}

/** Field path (e.g. `members.0.idNumber`) → zh-CN message, from the server's schema. */
export function validate(f: ApplicationForm): Record<string, string> {
  const r = ApplicationInput.safeParse(toRequest(f));
  const errors: Record<string, string> = {};
  if (r.success) return errors;
  for (const issue of r.error.issues) {
    const key = issue.path.map(String).join('.') || '(根)';
    // The schema's enum message lists the codes (applicant、spouse…); the clerk needs words.
    errors[key] ??= key.endsWith('.relation') ? '请选择与申请人关系' : issue.message;
  }
  return errors;
}

/** The checklist the server will store for this application (materials-catalogue.ts). */
export function materialsFor(f: ApplicationForm): MaterialKind[] {
  return requiredMaterials(f.type, {
    linshiKind: f.type === 'linshi' && f.linshiKind ? f.linshiKind : undefined,
    entrusted: f.entrusted,
  });
}

export interface MemberFacts {
  /** Message while the number is wrong (after 18 characters, or after leaving the field). */
  idError: string | null;
  age: number | null;
  sex: '男' | '女' | null;
  birthDate: string | null;
  /** 分类 that apply to the person (labels only; amounts come from the calculation). */
  categories: string[];
}

/**
 * What the 身份证号 and flags say about a member: age and sex from the number (GB 11643), and the
 * groups DOMAIN.md names (学龄前, 70岁以上, 重残, 特困 age condition).
 */
export function memberFacts(m: MemberRow, type: CaseType, complete = false): MemberFacts {
  const id = m.idNumber.trim();
  const none: MemberFacts = { idError: null, age: null, sex: null, birthDate: null, categories: [] };
  if (!id) return none;
  if (id.length < 18 && !complete) return none;
  const parsed = parseIdNumber(id);
  if (!parsed.ok) return { ...none, idError: parsed.reason };
  const age = ageOn(parsed.birthDate, today());
  const categories: string[] = [];
  if (m.student) categories.push('在校学生');
  else if (m.preschool || age < 6) categories.push('学龄前儿童');
  if (age >= 70) categories.push('70岁以上');
  if (m.disabilityGrade !== null) categories.push(m.disabilityGrade <= 2 ? '一至二级重残' : '残疾人员');
  if (m.seriousIllness) categories.push('重大疾病');
  // 43号 §2: 特困 covers persons aged 60+ or under 16 (or severely disabled).
  if (type === 'tekun' && m.relation === 'applicant' && (age >= 60 || age < 16))
    categories.push('特困年龄条件');
  if (age < 18) categories.push('未成年');
  return {
    idError: null,
    age,
    sex: parsed.sex === 'male' ? '男' : '女',
    birthDate: parsed.birthDate,
    categories,
  };
}

/** The trial calculation's input, or why it cannot run yet. */
export function calculationInput(
  f: ApplicationForm,
  month: string,
): { ok: true; input: CalculationRequest } | { ok: false; reason: string } {
  if (f.type === 'linshi')
    return { ok: false, reason: '临时救助按区县分类分档标准核定，由审批流程计算，不做试算' };
  if (f.members.filter((m) => m.relation === 'applicant').length !== 1) {
    return { ok: false, reason: '家庭成员中须有且只有一名申请人' };
  }
  for (const [i, m] of f.members.entries()) {
    if (!m.name.trim()) return { ok: false, reason: `请填写第 ${i + 1} 位成员的姓名` };
    if (!m.relation) return { ok: false, reason: `请选择第 ${i + 1} 位成员与申请人的关系` };
    if (!parseIdNumber(m.idNumber.trim()).ok)
      return { ok: false, reason: `第 ${i + 1} 位成员的身份证号尚未填写正确` };
  }
  return {
    ok: true,
    input: {
      type: f.type,
      area: f.household.area,
      month,
      members: f.members.map((m) => ({
        name: m.name.trim(),
        idNumber: m.idNumber.trim().toUpperCase(),
        relation: m.relation as Relation,
        monthlyIncome: m.monthlyIncome ?? 0,
        disabilityGrade: m.disabilityGrade,
        seriousIllness: m.seriousIllness,
        student: m.student,
        preschool: m.preschool,
        ...(f.type === 'tekun' && m.relation === 'applicant' ? { selfCare: { ...f.selfCare } } : {}),
      })),
    },
  };
}

/** 家庭月收入合计 and 人均月收入 as entered (the assessed figures come from the calculation). */
export function incomeSummary(f: ApplicationForm): { total: number; perCapita: number } {
  const total = f.members.reduce((s, m) => s + (m.monthlyIncome ?? 0), 0);
  return { total, perCapita: f.members.length ? total / f.members.length : 0 };
}
