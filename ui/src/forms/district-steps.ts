/**
 * Forms of the district's steps and of 临时救助 / 特困 specifics: 信息核对, 审核确认, 超期督办,
 * 先行救助, 生活自理能力评估, 一事一议 meeting and its three sign-offs.
 */
import {
  Confirmed,
  IsoMonth,
  Names,
  PastDate,
  PersonName,
  Text,
  Yuan,
  requireWhen,
  z,
  type StepForm,
} from './fields';

const opinion = Text(1000).optional();
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
const agreeOptions = (yes: string, no: string) => [
  { value: true, label: yes },
  { value: false, label: no },
];

export const verification: StepForm = {
  key: 'verification',
  title: '家庭经济状况信息核对',
  basis: '区县核查认定中心 3 个工作日内启动核对，出具核对报告（57号 §17）。',
  fields: [
    { name: 'reportNo', label: '核对报告编号', kind: 'text' },
    {
      name: 'consistent',
      label: '核对结果',
      kind: 'radio',
      options: agreeOptions('与申报一致', '与申报不一致'),
    },
    { name: 'assessedMonthlyIncome', label: '核对认定家庭月收入（元）', kind: 'money' },
    {
      name: 'findings',
      label: '核对情况',
      kind: 'textarea',
      help: '收入、存款、有价证券、车辆、房产、工商登记等。',
    },
  ],
  schema: z.strictObject({
    reportNo: Text(60),
    consistent: z.boolean({ error: '请选择核对结果' }),
    assessedMonthlyIncome: Yuan,
    findings: Text(2000),
  }),
  initial: () => ({ reportNo: '', consistent: undefined, assessedMonthlyIncome: null, findings: '' }),
};

export const decision: StepForm = {
  key: 'decision',
  title: '审核确认',
  basis: '收到材料后 10 个工作日内作出确认或不予确认的决定；不予确认的书面说明理由（57号 §20、§21）。',
  fields: [
    {
      name: 'decision',
      label: '审核确认结论',
      kind: 'radio',
      options: [
        { value: 'grant', label: '确认' },
        { value: 'refuse', label: '不予确认' },
      ],
    },
    { name: 'amount', label: '确认保障金额（元/月）', kind: 'money', showIf: (v) => v.decision === 'grant' },
    {
      name: 'startMonth',
      label: '起始月份',
      kind: 'month',
      showIf: (v) => v.decision === 'grant',
      help: '重庆条例：自批准当月起发放（设置项 DIBAO_START_MONTH）。',
    },
    {
      name: 'reasons',
      label: '理由',
      kind: 'textarea',
      showIf: (v) => v.decision === 'refuse',
      help: '将写入不予确认通知书。',
    },
    { name: 'opinion', label: '审核意见', kind: 'textarea', showIf: (v) => v.decision === 'grant' },
  ],
  schema: z
    .strictObject({
      decision: z.enum(['grant', 'refuse'], { error: '请选择审核确认结论' }),
      amount: Yuan.optional(),
      startMonth: IsoMonth.optional(),
      reasons: Text(1000).optional(),
      opinion,
    })
    .superRefine(requireWhen((v) => v.decision === 'grant', 'amount', '请填写确认保障金额'))
    .superRefine(requireWhen((v) => v.decision === 'grant', 'startMonth', '请选择起始月份'))
    // 57号 §21: a refusal states its reasons.
    .superRefine(requireWhen((v) => v.decision === 'refuse', 'reasons', '不予确认须写明理由')),
  initial: () => ({
    decision: undefined,
    amount: null,
    startMonth: today().slice(0, 7),
    reasons: '',
    opinion: '',
  }),
};

export const overdueSupervision: StepForm = {
  key: 'overdue-supervision',
  title: '超期督办',
  basis: '案件超过办结期限，区县民政部门督办。',
  fields: [
    { name: 'cause', label: '超期原因', kind: 'textarea' },
    { name: 'measures', label: '督办措施', kind: 'textarea' },
  ],
  schema: z.strictObject({ cause: Text(1000), measures: Text(1000) }),
  initial: () => ({ cause: '', measures: '' }),
};

const SELF_CARE = [
  ['eating', '进食'],
  ['dressing', '穿衣'],
  ['bed', '上下床'],
  ['toilet', '如厕'],
  ['walking', '室内行走'],
  ['bathing', '洗澡'],
] as const;

export const selfCareAssessment: StepForm = {
  key: 'self-care-assessment',
  title: '生活自理能力评估',
  basis: '评估六项，能自主完成的打勾：全部能完成为具备，1–3 项不能为部分丧失，4 项以上为完全丧失（43号）。',
  fields: [
    {
      name: 'selfCare',
      label: '能自主完成的项目',
      kind: 'selfCare',
      options: SELF_CARE.map(([value, label]) => ({ value, label })),
    },
    { name: 'assessor', label: '评估人', kind: 'text' },
  ],
  schema: z.strictObject({
    selfCare: z.strictObject(
      Object.fromEntries(SELF_CARE.map(([k]) => [k, z.boolean()])) as Record<
        (typeof SELF_CARE)[number][0],
        z.ZodBoolean
      >,
    ),
    assessor: PersonName,
  }),
  initial: () => ({ selfCare: Object.fromEntries(SELF_CARE.map(([k]) => [k, true])), assessor: '' }),
};

export const urgentApproval: StepForm = {
  key: 'urgent-approval',
  title: '先行救助审批',
  basis:
    '急难型临时救助先行救助：不经核对和公示，3 日内审批发放，金额不超过一个月低保标准（民发〔2018〕23号）。',
  fields: [
    { name: 'approved', label: '审批意见', kind: 'radio', options: agreeOptions('同意先行救助', '不同意') },
    { name: 'amount', label: '救助金额（元）', kind: 'money', showIf: (v) => v.approved === true },
    { name: 'reasons', label: '理由', kind: 'textarea' },
  ],
  schema: z
    .strictObject({
      approved: z.boolean({ error: '请选择审批意见' }),
      amount: Yuan.optional(),
      reasons: Text(1000),
    })
    .superRefine(requireWhen((v) => v.approved === true, 'amount', '请填写救助金额')),
  initial: () => ({ approved: undefined, amount: null, reasons: '' }),
};

export const urgentSupplement: StepForm = {
  key: 'urgent-supplement',
  title: '补齐申请材料',
  basis: '先行救助后补齐申请材料；仍需救助的转入一般程序（民发〔2018〕23号）。',
  fields: [
    { name: 'materialsCompleted', label: '申请材料已补齐', kind: 'confirm' },
    { name: 'furtherAssistanceNeeded', label: '仍需进一步救助（转入一般程序）', kind: 'bool' },
    { name: 'opinion', label: '说明', kind: 'textarea' },
  ],
  schema: z.strictObject({
    materialsCompleted: Confirmed('请在补齐材料后办理'),
    furtherAssistanceNeeded: z.boolean(),
    opinion,
  }),
  initial: () => ({ materialsCompleted: false, furtherAssistanceNeeded: false, opinion: '' }),
};

export const streetReview: StepForm = {
  key: 'street-review',
  title: '街道审核',
  basis: '支出型临时救助：街道提出审核意见并公示（民发〔2018〕23号）。',
  fields: [
    {
      name: 'streetOpinion',
      label: '审核意见',
      kind: 'radio',
      options: [
        { value: 'eligible', label: '符合条件' },
        { value: 'ineligible', label: '不符合条件' },
      ],
    },
    {
      name: 'proposedAmount',
      label: '拟救助金额（元）',
      kind: 'money',
      showIf: (v) => v.streetOpinion === 'eligible',
    },
    { name: 'reasons', label: '理由', kind: 'textarea' },
  ],
  schema: z
    .strictObject({
      streetOpinion: z.enum(['eligible', 'ineligible'], { error: '请选择审核意见' }),
      proposedAmount: Yuan.optional(),
      reasons: Text(1000),
    })
    .superRefine(requireWhen((v) => v.streetOpinion === 'eligible', 'proposedAmount', '请填写拟救助金额')),
  initial: () => ({ streetOpinion: undefined, proposedAmount: null, reasons: '' }),
};

export const meeting: StepForm = {
  key: 'meeting',
  title: '一事一议评审会议',
  basis: '区县评审会集体研究：记录会议日期、主持人、参会人员和每位成员的意见，确定救助金额及理由（161号）。',
  fields: [
    { name: 'meetingDate', label: '会议日期', kind: 'date' },
    { name: 'chair', label: '主持人', kind: 'text' },
    { name: 'attendees', label: '参会人员', kind: 'names' },
    { name: 'opinions', label: '成员意见', kind: 'opinions', help: '每位参会人员一条意见。' },
    { name: 'decidedAmount', label: '议定救助金额（元）', kind: 'money' },
    { name: 'reasons', label: '议定理由', kind: 'textarea' },
  ],
  schema: z
    .strictObject({
      meetingDate: PastDate,
      chair: PersonName,
      attendees: Names(3, 30, '参会人员'),
      opinions: z.array(z.strictObject({ member: PersonName, opinion: Text(500) })).min(1, '请记录成员意见'),
      decidedAmount: Yuan,
      reasons: Text(2000),
    })
    .superRefine((v, ctx) => {
      const present = new Set(v.attendees);
      v.opinions.forEach((o, i) => {
        if (!present.has(o.member)) {
          ctx.addIssue({
            code: 'custom',
            path: ['opinions', i, 'member'],
            message: '发表意见的须是参会人员',
          });
        }
      });
      const missing = v.attendees.filter((a) => !v.opinions.some((o) => o.member === a));
      if (missing.length)
        ctx.addIssue({ code: 'custom', path: ['opinions'], message: `缺少 ${missing.join('、')} 的意见` });
    }),
  initial: () => ({
    meetingDate: today(),
    chair: '',
    attendees: ['', '', ''],
    opinions: [],
    decidedAmount: null,
    reasons: '',
  }),
};

/** 经办人 → 科室负责人 → 负责人, each by its own account; a refusal sends the case back to the panel. */
function signoff(key: string, title: string, variable: string): StepForm {
  return {
    key,
    title,
    basis: '一事一议决定依次由经办人、科室负责人、负责人以本人账号签署；不同意的退回评审会（161号）。',
    fields: [
      {
        name: variable,
        label: '签署意见',
        kind: 'radio',
        options: agreeOptions('同意', '不同意，退回评审会'),
      },
      { name: 'opinion', label: '意见', kind: 'textarea' },
    ],
    schema: z
      .strictObject({ [variable]: z.boolean({ error: '请选择签署意见' }), opinion })
      .superRefine(requireWhen((v) => v[variable] === false, 'opinion', '不同意时须写明意见')),
    initial: () => ({ [variable]: undefined, opinion: '' }),
  };
}

export const DISTRICT_STEPS = [
  verification,
  decision,
  overdueSupervision,
  selfCareAssessment,
  urgentApproval,
  urgentSupplement,
  streetReview,
  meeting,
  signoff('signoff-clerk', '经办人签署', 'clerkApproved'),
  signoff('signoff-section', '科室负责人审核', 'sectionApproved'),
  signoff('signoff-head', '负责人审批', 'headApproved'),
];
