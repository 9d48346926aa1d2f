/** Data of the notices to applicants and of the 委托书 (受理, 补正, 核查委托, 确认, 不予确认, 不予受理). */
import { z } from 'zod';
import {
  amount,
  base,
  caseType,
  contact,
  isoDate,
  isoMonth,
  member,
  recipient,
  remedies,
  text,
} from './common';

/** 受理通知书 (57号 §10, 条例 §17) */
export const acceptanceNotice = base.extend({
  recipient,
  caseType,
  appliedOn: isoDate,
  acceptedOn: isoDate,
  /** Whole-case deadline in working days (Chongqing 25, DIBAO_DEADLINE_WORKING_DAYS). */
  deadlineWorkingDays: z.number().int().min(1).max(180),
  contact,
});

/** 补正材料一次性告知书: everything missing, listed at once (57号 §10). */
export const supplementNotice = base.extend({
  recipient,
  caseType,
  appliedOn: isoDate,
  missing: z
    .array(z.object({ item: text(80), note: text(200).optional() }))
    .min(1, '至少列出一项需补正的材料'),
  contact,
});

/** 家庭经济状况核查认定委托书 (街道 → 区县核查认定中心, 57号 §15–17). */
export const verificationMandate = base.extend({
  agency: text(60),
  caseType,
  applicant: z.object({ name: text(30), address: text(120) }),
  members: z.array(member).min(1),
  authorizationSignedOn: isoDate,
  items: z.array(text(60)).min(1),
  /** The centre starts 核对 within 3 working days of the request (57号 §17). */
  replyWorkingDays: z.number().int().min(1).max(30),
  contact,
});

/** 确认通知书 (57号 §20; start month: DIBAO_START_MONTH). */
export const grantNotice = base.extend({
  recipient,
  caseType,
  appliedOn: isoDate,
  householdSize: z.number().int().min(1).max(30),
  monthlyAmount: amount,
  startMonth: isoMonth,
  standard: amount,
  bankAccount: z
    .string()
    .regex(/^[\d ]{8,32}$/, '银行账号格式错误')
    .optional(),
  contact,
});

/** 不予确认通知书: reasons and remedies, sent through the 街道 within 3 working days (57号 §21). */
export const refusalNotice = base.extend({
  recipient,
  caseType,
  appliedOn: isoDate,
  reasons: z.array(text(300)).min(1, '必须写明不予确认的理由'),
  basis: text(200),
  remedies,
  contact,
});

/**
 * 不予受理通知书 (临时救助): the same hardship event was already applied for by the household at its
 * 户籍地 or 居住地, so this second application is not accepted (DOMAIN.md 临时救助; the
 * check-duplicate-application worker names the earlier case in `duplicateOf`). Reasons and
 * remedies are written out, as for every adverse decision (行政复议法 §20, 行政诉讼法 §46).
 */
export const nonAcceptanceNotice = base.extend({
  recipient,
  caseType: z.literal('linshi', { error: '不予受理通知书只用于临时救助申请' }),
  appliedOn: isoDate,
  /** The hardship event of this application (case.data.event). */
  event: z.object({ kind: text(20), date: isoDate }),
  /** The earlier application for the same event: its 案件编号, and when and where it was made. */
  duplicateOf: text(40),
  earlier: z.object({ appliedOn: isoDate, office: text(60) }).optional(),
  /** Further reasons, when there are any besides the duplicate. */
  reasons: z.array(text(300)).default([]),
  basis: text(200).default(
    '民政部 财政部《关于进一步加强和改进临时救助工作的意见》（民发〔2018〕23号）和本区县临时救助实施办法关于同一事由不重复申请、不重复救助的规定',
  ),
  remedies,
  contact,
});
