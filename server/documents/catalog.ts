/**
 * The documents of the procedure (DOMAIN.md "Documents"): one template each, its data schema, who
 * issues it, whether it carries a 发文字号, and its retention class (DOMAIN.md "Archive": 审批类 kept
 * ≥ 3 years after the household leaves assistance, 日常管理类 ≥ 5 years).
 */
import type { z } from 'zod';
import { rosterModel } from './roster';
import { decreaseDecision, disbursementRoster, increaseDecision, stopDecision } from './schemas/decisions';
import {
  acceptanceNotice,
  grantNotice,
  nonAcceptanceNotice,
  refusalNotice,
  supplementNotice,
  verificationMandate,
} from './schemas/notices';
import {
  communityAssessmentRecord,
  homeVisitRecord,
  meetingMinutes,
  publicNotice,
  reviewApprovalForm,
} from './schemas/records';

export type RetentionClass = 'approval' | 'routine';
export type IssuerLevel = 'street' | 'district';

export interface DocumentSpec {
  name: string;
  /** The document's title as printed and archived. */
  title: string;
  schema: z.ZodType;
  issuerLevel: IssuerLevel;
  numbered: boolean;
  retention: RetentionClass;
  /** Turns validated data into the template model (the roster paginates here). */
  model?: (data: never) => Record<string, unknown> & { pageCount?: number };
  /** Chromium's tagged PDF doubles the time and makes a 5,000-row roster 13× larger (PDF-NOTES.md). */
  tagged: boolean;
}

const spec = (s: Omit<DocumentSpec, 'tagged'> & { tagged?: boolean }): DocumentSpec => ({
  tagged: true,
  ...s,
});

export const DOCUMENTS: readonly DocumentSpec[] = [
  spec({
    name: 'acceptance-notice',
    title: '受理通知书',
    schema: acceptanceNotice,
    issuerLevel: 'street',
    numbered: true,
    retention: 'approval',
  }),
  spec({
    name: 'supplement-notice',
    title: '补正材料一次性告知书',
    schema: supplementNotice,
    issuerLevel: 'street',
    numbered: true,
    retention: 'approval',
  }),
  spec({
    // 受理 is the 街道's (57号 §10), so is declining to accept a second application for one event.
    name: 'non-acceptance-notice',
    title: '不予受理通知书',
    schema: nonAcceptanceNotice,
    issuerLevel: 'street',
    numbered: true,
    retention: 'approval',
  }),
  spec({
    name: 'verification-mandate',
    title: '家庭经济状况核查认定委托书',
    schema: verificationMandate,
    issuerLevel: 'street',
    numbered: true,
    retention: 'approval',
  }),
  spec({
    name: 'home-visit-record',
    title: '入户调查表',
    schema: homeVisitRecord,
    issuerLevel: 'street',
    numbered: false,
    retention: 'approval',
  }),
  spec({
    name: 'community-assessment-record',
    title: '群众评议记录',
    schema: communityAssessmentRecord,
    issuerLevel: 'street',
    numbered: false,
    retention: 'approval',
  }),
  spec({
    name: 'public-notice',
    title: '最低生活保障公示',
    schema: publicNotice,
    issuerLevel: 'street',
    numbered: false,
    retention: 'approval',
  }),
  spec({
    name: 'review-approval-form',
    title: '审核审批表',
    schema: reviewApprovalForm,
    issuerLevel: 'district',
    numbered: false,
    retention: 'approval',
  }),
  spec({
    name: 'meeting-minutes',
    title: '会议纪要',
    schema: meetingMinutes,
    issuerLevel: 'district',
    numbered: true,
    retention: 'approval',
  }),
  spec({
    name: 'grant-notice',
    title: '确认通知书',
    schema: grantNotice,
    issuerLevel: 'district',
    numbered: true,
    retention: 'approval',
  }),
  spec({
    name: 'refusal-notice',
    title: '不予确认通知书',
    schema: refusalNotice,
    issuerLevel: 'district',
    numbered: true,
    retention: 'approval',
  }),
  spec({
    name: 'increase-decision',
    title: '增发决定书',
    schema: increaseDecision,
    issuerLevel: 'district',
    numbered: true,
    retention: 'routine',
  }),
  spec({
    name: 'decrease-decision',
    title: '减发决定书',
    schema: decreaseDecision,
    issuerLevel: 'district',
    numbered: true,
    retention: 'routine',
  }),
  spec({
    name: 'stop-decision',
    title: '停发决定书',
    schema: stopDecision,
    issuerLevel: 'district',
    numbered: true,
    retention: 'routine',
  }),
  spec({
    name: 'disbursement-roster',
    title: '救助金发放花名册',
    schema: disbursementRoster,
    issuerLevel: 'district',
    numbered: false,
    retention: 'routine',
    model: rosterModel as DocumentSpec['model'],
    tagged: false,
  }),
];

/**
 * The `template` header values the case models use (workflows/README.md "Document templates") and
 * the template each names.
 */
export const MODEL_TEMPLATES: Readonly<Record<string, string>> = {
  'shouli-tongzhi': 'acceptance-notice',
  'buzheng-gaozhi': 'supplement-notice',
  'hecha-weituo': 'verification-mandate',
  'ruhu-diaocha': 'home-visit-record',
  'pingyi-jilu': 'community-assessment-record',
  gongshi: 'public-notice',
  'shenhe-shenpi': 'review-approval-form',
  'queren-tongzhi': 'grant-notice',
  'buyu-queren': 'refusal-notice',
  'huiyi-jiyao': 'meeting-minutes',
  'buyu-shouli': 'non-acceptance-notice',
};

export function documentSpec(name: string): DocumentSpec {
  const s = DOCUMENTS.find((d) => d.name === (MODEL_TEMPLATES[name] ?? name));
  if (!s) throw new Error(`没有名为 ${name} 的公文模板（可用：${DOCUMENTS.map((d) => d.name).join('、')}）`);
  return s;
}

/** zod issues as one zh-CN line: "字段 recipient.name：不能为空；…". */
export function describeIssues(err: z.ZodError): string {
  return err.issues
    .slice(0, 8)
    .map((i) => `${i.path.length ? i.path.join('.') : '（根）'}：${i.message}`)
    .join('；');
}
