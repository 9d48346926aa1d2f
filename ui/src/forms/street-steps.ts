/**
 * Forms of the street office's steps (受理, 调查, 评议, 初审, 送达). Keys are the
 * zeebe:formDefinition references of workflows/*.bpmn; variables the models branch on keep the
 * models' names (materialsComplete, initialOpinion, deadlineExtended, streetOpinion, approved, …).
 */
import { MATERIAL_KINDS, MATERIALS } from '../../../server/api/cases/materials-catalogue';
import { Confirmed, Names, PastDate, PersonName, Text, Yuan, requireWhen, z, type StepForm } from './fields';

const MATERIAL_OPTIONS = MATERIAL_KINDS.map((k) => ({ value: k, label: MATERIALS[k] }));
const opinion = Text(1000).optional();
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());

export const accept: StepForm = {
  key: 'accept',
  title: '受理审查',
  basis: '材料齐全的予以受理并出具受理通知书；不齐全的一次性告知需补正的全部材料（57号 §10，条例 §17）。',
  fields: [
    {
      name: 'materialsComplete',
      label: '材料是否齐全',
      kind: 'radio',
      options: [
        { value: true, label: '齐全，予以受理' },
        { value: false, label: '不齐全，一次性告知补正' },
      ],
    },
    {
      name: 'missingMaterials',
      label: '需补正的全部材料',
      kind: 'checkboxes',
      options: MATERIAL_OPTIONS,
      showIf: (v) => v.materialsComplete === false,
      help: '一次列出全部缺少的材料，不得分次告知。',
    },
    { name: 'opinion', label: '受理意见', kind: 'textarea' },
  ],
  schema: z
    .strictObject({
      materialsComplete: z.boolean({ error: '请选择材料是否齐全' }),
      missingMaterials: z.array(z.enum(MATERIAL_KINDS)).optional(),
      opinion,
    })
    .superRefine(
      requireWhen((v) => v.materialsComplete === false, 'missingMaterials', '请勾选需补正的全部材料'),
    ),
  initial: () => ({ materialsComplete: true, missingMaterials: [], opinion: '' }),
};

const visitFields = (cosign: boolean): StepForm['fields'] => [
  { name: 'visitDate', label: '入户日期', kind: 'date' },
  {
    name: 'investigators',
    label: '入户调查人员',
    // The street's visit: the first two are investigator accounts (completion.ts checks them).
    ...(cosign
      ? { kind: 'people' as const, role: 'street_investigator' as const }
      : { kind: 'names' as const }),
    help: cosign
      ? '从本街道调查员中选择，至少两名（57号 §16）；本人在前两名之中，第二名调查员须以本人账号复核签字。'
      : '至少两名工作人员。',
  },
  {
    name: 'livingConditions',
    label: '家庭生活状况',
    kind: 'textarea',
    help: '住房、家庭财产、就业、健康、就学等实际情况。',
  },
  { name: 'assessedMonthlyIncome', label: '核实家庭月收入（元）', kind: 'money' },
  { name: 'familySigned', label: '申请人（家庭成员）已在入户调查表上签字', kind: 'confirm' },
  { name: 'opinion', label: '调查意见', kind: 'textarea' },
];

const visitSchema = z.strictObject({
  visitDate: PastDate,
  investigators: Names(2, 6, '入户调查人员'),
  livingConditions: Text(2000),
  assessedMonthlyIncome: Yuan,
  familySigned: Confirmed('调查表须由申请人或家庭成员签字'),
  opinion,
});

export const homeVisit: StepForm = {
  key: 'home-visit',
  title: '入户调查',
  basis: '受理后 3 个工作日内启动；至少两名工作人员入户，调查表由调查人员和申请人签字（57号 §15、§16）。',
  fields: visitFields(true),
  schema: visitSchema,
  // The picker puts the signed-in investigator first (StepFormFields.vue).
  initial: () => ({
    visitDate: today(),
    investigators: [],
    assessedMonthlyIncome: null,
    familySigned: false,
  }),
};

export const homeVisitCosign: StepForm = {
  key: 'home-visit-cosign',
  title: '第二调查员复核签字',
  basis: '另一名调查员以本人账号确认入户调查记录（57号 §16）。',
  fields: [
    { name: 'confirmed', label: '本人参加了此次入户调查，调查记录属实', kind: 'confirm' },
    { name: 'opinion', label: '补充意见', kind: 'textarea' },
  ],
  schema: z.strictObject({ confirmed: Confirmed('请确认调查记录属实后签字'), opinion }),
  initial: () => ({ confirmed: false, opinion: '' }),
};

export const neighbourVisit: StepForm = {
  key: 'neighbour-visit',
  title: '邻里访问',
  basis: '走访邻居、村（居）委会，了解家庭实际生活情况（57号 §15）。',
  fields: [
    { name: 'visitDate', label: '走访日期', kind: 'date' },
    { name: 'interviewees', label: '被访问人', kind: 'names' },
    { name: 'summary', label: '访问情况', kind: 'textarea' },
  ],
  schema: z.strictObject({
    visitDate: PastDate,
    interviewees: Names(1, 10, '被访问人'),
    summary: Text(2000),
  }),
  initial: () => ({ visitDate: today(), interviewees: [''], summary: '' }),
};

export const districtHomeVisit: StepForm = {
  key: 'district-home-visit',
  title: '区县入户核查',
  basis: '工作人员近亲属的申请单独登记备案，由区县民政部门自行入户调查（57号 §11）。',
  fields: visitFields(false),
  schema: visitSchema,
  initial: () => ({ ...homeVisit.initial(), investigators: ['', ''] }),
};

export const communityAssessment: StepForm = {
  key: 'community-assessment',
  title: '群众评议',
  basis: '由村（居）委会组织民主评议（重庆条例 §18；设置项 DIBAO_COMMUNITY_ASSESSMENT）。',
  fields: [
    { name: 'assessedOn', label: '评议日期', kind: 'date' },
    { name: 'participants', label: '参加人数', kind: 'int' },
    {
      name: 'result',
      label: '评议结果',
      kind: 'radio',
      options: [
        { value: 'agree', label: '多数同意' },
        { value: 'disagree', label: '多数不同意' },
      ],
    },
    { name: 'record', label: '评议记录', kind: 'textarea' },
  ],
  schema: z.strictObject({
    assessedOn: PastDate,
    participants: z.number({ error: '请填写参加人数' }).int('应为整数').min(3, '参加人数至少 3 人').max(500),
    result: z.enum(['agree', 'disagree'], { error: '请选择评议结果' }),
    record: Text(2000),
  }),
  initial: () => ({ assessedOn: today(), participants: null, result: undefined, record: '' }),
};

const EXTENSION_REASONS = [
  { value: 'objection', label: '公示有异议' },
  { value: 'separated', label: '人户分离' },
  { value: 'remote', label: '异地申请' },
  { value: 'hard-investigation', label: '调查难度较大' },
];

export const initialReview: StepForm = {
  key: 'initial-review',
  title: '初审',
  basis: '提出初审意见；符合条件的公示 7 天（57号 §19）。特殊情况可延长办理期限（重庆 40 个工作日）。',
  fields: [
    {
      name: 'initialOpinion',
      label: '初审意见',
      kind: 'radio',
      options: [
        { value: 'eligible', label: '符合条件，予以公示' },
        { value: 'ineligible', label: '不符合条件' },
        { value: 'recheck', label: '申请人对核对结果有异议，复查' },
      ],
    },
    {
      name: 'proposedAmount',
      label: '拟保障金额（元/月）',
      kind: 'money',
      showIf: (v) => v.initialOpinion === 'eligible',
    },
    { name: 'reasons', label: '理由', kind: 'textarea', showIf: (v) => v.initialOpinion !== 'eligible' },
    { name: 'deadlineExtended', label: '延长办理期限', kind: 'bool' },
    {
      name: 'extensionReason',
      label: '延长理由',
      kind: 'radio',
      options: EXTENSION_REASONS,
      showIf: (v) => v.deadlineExtended === true,
    },
  ],
  schema: z
    .strictObject({
      initialOpinion: z.enum(['eligible', 'ineligible', 'recheck'], { error: '请选择初审意见' }),
      proposedAmount: Yuan.optional(),
      reasons: Text(1000).optional(),
      deadlineExtended: z.boolean(),
      extensionReason: z.enum(['objection', 'separated', 'remote', 'hard-investigation']).optional(),
    })
    .superRefine(requireWhen((v) => v.initialOpinion === 'eligible', 'proposedAmount', '请填写拟保障金额'))
    .superRefine(requireWhen((v) => v.initialOpinion !== 'eligible', 'reasons', '请写明理由'))
    .superRefine(requireWhen((v) => v.deadlineExtended === true, 'extensionReason', '请选择延长理由')),
  initial: () => ({ initialOpinion: undefined, proposedAmount: null, reasons: '', deadlineExtended: false }),
};

export const verificationRecheck: StepForm = {
  key: 'verification-recheck',
  title: '核对异议复查',
  basis: '申请人对核对结果有异议并提供证据的，街道重新核实（57号 §18）。',
  fields: [
    { name: 'evidence', label: '申请人提供的证据', kind: 'textarea' },
    { name: 'findings', label: '复查结论', kind: 'textarea' },
    { name: 'assessedMonthlyIncome', label: '复查后家庭月收入（元）', kind: 'money' },
  ],
  schema: z.strictObject({ evidence: Text(2000), findings: Text(2000), assessedMonthlyIncome: Yuan }),
  initial: () => ({ evidence: '', findings: '', assessedMonthlyIncome: null }),
};

export const reinvestigation: StepForm = {
  key: 'reinvestigation',
  title: '异议复查（重新调查）',
  basis: '公示有异议的，重新调查核实后再次初审；仍符合的再公示 3 天（条例 §18）。',
  fields: [
    { name: 'objection', label: '异议内容', kind: 'textarea' },
    { name: 'findings', label: '调查核实情况', kind: 'textarea' },
    { name: 'objectionUpheld', label: '异议是否成立', kind: 'bool' },
  ],
  schema: z.strictObject({ objection: Text(2000), findings: Text(2000), objectionUpheld: z.boolean() }),
  initial: () => ({ objection: '', findings: '', objectionUpheld: false }),
};

export const refusalNotice: StepForm = {
  key: 'refusal-notice',
  title: '送达不予确认通知书',
  basis: '3 个工作日内通过街道书面告知申请人并说明理由（57号 §21）。',
  fields: [
    { name: 'deliveredOn', label: '送达日期', kind: 'date' },
    {
      name: 'method',
      label: '送达方式',
      kind: 'radio',
      options: [
        { value: 'direct', label: '直接送达' },
        { value: 'post', label: '邮寄送达' },
        { value: 'left', label: '留置送达' },
      ],
    },
    { name: 'recipient', label: '签收人', kind: 'text' },
  ],
  schema: z.strictObject({
    deliveredOn: PastDate,
    method: z.enum(['direct', 'post', 'left'], { error: '请选择送达方式' }),
    recipient: PersonName,
  }),
  initial: () => ({ deliveredOn: today(), method: 'direct', recipient: '' }),
};

export const STREET_STEPS = [
  accept,
  homeVisit,
  homeVisitCosign,
  neighbourVisit,
  districtHomeVisit,
  communityAssessment,
  initialReview,
  verificationRecheck,
  reinvestigation,
  refusalNotice,
];
