/** Request and response schemas of the case routes (one application = household + members). */
import { chinaDate } from '../../domain/dates';
import { parseIdNumber } from '../../domain/id-number';
import { LINSHI_EVENT_KINDS } from '../../domain/linshi';
import { Iso, PersonName, QueryBool, PageQuery, Text } from '../schemas';

export { PersonName, Text };
import { z } from '../zod';
import { MATERIAL_KINDS } from './materials-catalogue';

export const CASE_TYPE_LABELS = {
  dibao: '最低生活保障',
  tekun: '特困人员救助供养',
  linshi: '临时救助',
} as const;
export const CASE_STATUS_LABELS = {
  draft: '草稿',
  applied: '已申请',
  in_progress: '办理中',
  granted: '已确认',
  refused: '不予确认',
  withdrawn: '已撤回',
  cancelled: '已终止',
} as const;
export const RELATION_LABELS = {
  applicant: '申请人',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  other: '其他',
} as const;
export const OPEN_STATUSES = ['draft', 'applied', 'in_progress'] as const;

export const CaseType = z.enum(['dibao', 'tekun', 'linshi']).openapi('CaseType');
export const CaseStatus = z
  .enum(['draft', 'applied', 'in_progress', 'granted', 'refused', 'withdrawn', 'cancelled'])
  .openapi('CaseStatus');
const Relation = z.enum(['applicant', 'spouse', 'child', 'parent', 'other']);

/** 身份证号 validated by GB 11643 (server/domain/id-number.ts); stored upper-case. */
export const IdNumber = z
  .string()
  .trim()
  .max(18, '身份证号应为 18 位')
  .transform((v, c) => {
    const r = parseIdNumber(v);
    if (!r.ok) {
      c.addIssue({ code: 'custom', message: r.reason });
      return z.NEVER;
    }
    return r.idNumber;
  })
  .openapi({ type: 'string', example: '500112199001011234', description: '18 位公民身份号码（GB 11643）' });

const Phone = z.string().regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, '电话号码格式不正确');
const Yuan = z.number().min(0).max(1_000_000).multipleOf(0.01, '金额最多两位小数');
const IsoDate = z.iso.date('应为日期（YYYY-MM-DD）');

/** The hardship event of a 临时救助 application; the duplicate rule matches kind and date. */
export const LinshiEvent = z
  .strictObject({
    kind: z.enum(LINSHI_EVENT_KINDS, { error: `困难事由类别应为：${LINSHI_EVENT_KINDS.join('、')}` }),
    date: IsoDate,
  })
  .openapi('LinshiEvent', { description: '困难事由（类别、发生日期），用于同一事由查重' });

export const MemberInput = z.strictObject({
  name: PersonName,
  idNumber: IdNumber,
  relation: Relation,
  disabilityGrade: z.number().int().min(1).max(4).nullable().optional(),
  seriousIllness: z.boolean().optional(),
  student: z.boolean().optional(),
  preschool: z.boolean().optional(),
  ableBodiedJobless: z.boolean().optional(),
  monthlyIncome: Yuan.optional(),
  /** Close relative of staff: 单独登记备案 (57号 §11). */
  staffRelative: z.boolean().optional(),
});

export const ApplicationInput = z
  .strictObject({
    type: CaseType,
    /** 临时救助: 急难型 or 支出型 (民发〔2018〕23号). */
    linshiKind: z.enum(['emergency', 'expense']).optional(),
    /** 临时救助: the assessed need for this event, yuan (compute-amount's `requestedAmount`). */
    requestedAmount: Yuan.refine((v) => v > 0, '申请救助金额应大于 0').optional(),
    /** 临时救助: the hardship event `{ kind, date }` (check-duplicate-application). */
    event: LinshiEvent.optional(),
    reason: Text(500),
    household: z.strictObject({
      area: z.enum(['urban', 'rural']).default('urban'),
      address: Text(200),
      phone: Phone.optional(),
      bankName: Text(60).optional(),
      bankAccount: z
        .string()
        .regex(/^\d{12,30}$/, '银行账号应为 12–30 位数字')
        .optional(),
      accountHolder: PersonName.optional(),
    }),
    members: z.array(MemberInput).min(1).max(20),
    /** 委托申请: the agent and the 委托手续 record. */
    entrusted: z
      .strictObject({
        agentName: Text(60),
        agentKind: z.enum(['community_committee', 'person']),
        agentIdNumber: IdNumber.optional(),
        authorization: z.strictObject({ documentNo: Text(60), signedOn: IsoDate }),
      })
      .optional(),
    /** Materials handed over at the window with the application. */
    receivedMaterials: z.array(z.enum(MATERIAL_KINDS)).max(MATERIAL_KINDS.length).optional(),
  })
  .superRefine((a, c) => {
    const applicants = a.members.filter((m) => m.relation === 'applicant').length;
    // One household names one applicant (57号 §7).
    if (applicants !== 1)
      c.addIssue({ code: 'custom', path: ['members'], message: '家庭成员中必须有且只有一名申请人' });
    if (a.members.filter((m) => m.relation === 'spouse').length > 1) {
      c.addIssue({ code: 'custom', path: ['members'], message: '配偶最多一名' });
    }
    const seen = new Set<string>();
    a.members.forEach((m, i) => {
      if (seen.has(m.idNumber))
        c.addIssue({ code: 'custom', path: ['members', i, 'idNumber'], message: '身份证号重复' });
      seen.add(m.idNumber);
      if (m.student && m.preschool) {
        c.addIssue({
          code: 'custom',
          path: ['members', i, 'preschool'],
          message: '不能同时是学龄前儿童和在校学生',
        });
      }
    });
    if (a.entrusted?.agentKind === 'person' && !a.entrusted.agentIdNumber) {
      c.addIssue({
        code: 'custom',
        path: ['entrusted', 'agentIdNumber'],
        message: '个人受托人须提供身份证号',
      });
    }
    if (a.entrusted && a.entrusted.authorization.signedOn > new Date().toISOString().slice(0, 10)) {
      c.addIssue({
        code: 'custom',
        path: ['entrusted', 'authorization', 'signedOn'],
        message: '委托日期不能晚于今天',
      });
    }
    if (a.receivedMaterials?.includes('entrustment') && !a.entrusted) {
      c.addIssue({ code: 'custom', path: ['receivedMaterials'], message: '非委托申请没有委托手续' });
    }
  })
  // Checked even while other fields are still wrong, so the clerk sees every missing 临时救助 item
  // at once (zod skips refinements of an object with issues unless `when` says otherwise).
  .superRefine(linshiFields, { when: (p) => typeof p.value === 'object' && p.value !== null })
  .openapi('Application');

export type ApplicationInput = z.infer<typeof ApplicationInput>;

/**
 * 临时救助 only: 急难型/支出型, the requested amount and the hardship event (for the duplicate rule).
 * Runs on unvalidated input too (see `when` above), so it only tests presence and the date's order.
 */
function linshiFields(
  a: { type: string; linshiKind?: string; requestedAmount?: number; event?: { date: string } },
  c: z.RefinementCtx,
) {
  if (a.type === 'linshi' && !a.linshiKind)
    c.addIssue({ code: 'custom', path: ['linshiKind'], message: '临时救助须注明急难型或支出型' });
  if (a.type !== 'linshi' && a.linshiKind)
    c.addIssue({ code: 'custom', path: ['linshiKind'], message: '仅临时救助填写' });
  if (a.type === 'linshi' && a.requestedAmount === undefined)
    c.addIssue({ code: 'custom', path: ['requestedAmount'], message: '临时救助须填写申请救助金额' });
  if (a.type !== 'linshi' && a.requestedAmount !== undefined)
    c.addIssue({ code: 'custom', path: ['requestedAmount'], message: '仅临时救助填写' });
  // 同一事由在户籍地和居住地重复申请的，不予受理: the event is what the duplicate check matches.
  if (a.type === 'linshi' && !a.event)
    c.addIssue({ code: 'custom', path: ['event'], message: '临时救助须填写困难事由类别和发生日期' });
  if (a.type !== 'linshi' && a.event)
    c.addIssue({ code: 'custom', path: ['event'], message: '仅临时救助填写' });
  if (typeof a.event?.date === 'string' && a.event.date > chinaDate(new Date()))
    c.addIssue({ code: 'custom', path: ['event', 'date'], message: '事由发生日期不能晚于今天' });
}

export const CaseFilters = {
  type: CaseType.optional(),
  status: CaseStatus.optional(),
  streetCode: z
    .string()
    .regex(/^\d{9}$/, '街道代码应为 9 位数字')
    .optional(),
  applicantName: PersonName.optional(),
  idNumber: IdNumber.optional(),
  overdue: QueryBool.optional(),
};
export const CaseSearchQuery = z.strictObject({ ...CaseFilters, ...PageQuery });

export const CaseListItem = z
  .object({
    id: z.uuid(),
    caseNo: z.string(),
    type: CaseType,
    typeLabel: z.string(),
    status: CaseStatus,
    statusLabel: z.string(),
    currentStep: z.string().nullable(),
    streetCode: z.string(),
    streetName: z.string(),
    applicantName: z.string(),
    applicantIdNumber: z.string().openapi({ description: '已遮蔽' }),
    householdSize: z.number().int(),
    overdue: z.boolean(),
    staffRelative: z.boolean(),
    amount: z.string().nullable(),
    appliedAt: Iso,
  })
  .openapi('CaseListItem');

export const TimelineEntry = z.object({
  seq: z.string(),
  at: Iso,
  action: z.string(),
  actionLabel: z.string(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()),
});

export const CaseDetail = CaseListItem.extend({
  districtCode: z.string(),
  acceptedAt: Iso.nullable(),
  decidedAt: Iso.nullable(),
  application: z.object({
    reason: z.string().nullable(),
    linshiKind: z.enum(['emergency', 'expense']).nullable(),
    requestedAmount: z.number().nullable(),
    event: z.object({ kind: z.string(), date: z.string() }).nullable(),
    entrusted: z
      .object({
        agentName: z.string(),
        agentKind: z.string(),
        agentIdNumber: z.string().nullable(),
        documentNo: z.string(),
        signedOn: z.string(),
      })
      .nullable(),
  }),
  household: z.object({
    id: z.uuid(),
    area: z.enum(['urban', 'rural']),
    address: z.string(),
    phone: z.string().nullable(),
    bankName: z.string().nullable(),
    bankAccount: z.string().nullable(),
    accountHolder: z.string().nullable(),
    members: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        idNumber: z.string(),
        relation: Relation,
        relationLabel: z.string(),
        disabilityGrade: z.number().int().nullable(),
        seriousIllness: z.boolean(),
        student: z.boolean(),
        preschool: z.boolean(),
        ableBodiedJobless: z.boolean(),
        monthlyIncome: z.string(),
        staffRelative: z.boolean(),
      }),
    ),
  }),
  materials: z.object({ required: z.number().int(), received: z.number().int(), complete: z.boolean() }),
  workflow: z.object({ connected: z.boolean(), processInstanceKey: z.string().nullable(), note: z.string() }),
  steps: z.array(
    z.object({
      name: z.string(),
      state: z.enum(['active', 'done']),
      source: z.enum(['case-data', 'engine']),
    }),
  ),
  timeline: z.array(TimelineEntry),
}).openapi('CaseDetail');
