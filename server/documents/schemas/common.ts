/** Building blocks of the template data schemas (zod, zh-CN messages). */
import { z } from 'zod';

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const isoMonth = z.string().regex(/^\d{4}-\d{2}$/, '月份格式应为 YYYY-MM');
export const text = (max = 200) => z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 个字`);
export const longText = text(2000);
export const amount = z.coerce.number().min(0, '金额不能为负').max(1_000_000, '金额过大');
export const personName = text(30);
/** 身份证号 as stored (validated on entry, GB 11643); templates mask it where lists show it. */
export const idNumber = z.string().regex(/^\d{17}[\dX]$/, '身份证号应为 18 位');
export const caseType = z.enum(['dibao', 'tekun', 'linshi']);
export const relation = z.enum(['applicant', 'spouse', 'child', 'parent', 'other']);

/** 发文机关: a district (6-digit code) or a street (9-digit code). */
export const issuer = z.object({
  code: z.string().regex(/^\d{6}(\d{3})?$/, '发文机关代码应为 6 位（区县）或 9 位（街道）'),
  name: text(40),
});

/** Fields every document has. `documentNumber` is filled in by the archive when it is numbered. */
export const base = z.object({
  issuer,
  documentNumber: z.string().max(40).nullish(),
  /** 成文日期 */
  date: isoDate,
  caseNo: z.string().max(40).nullish(),
});

export const recipient = z.object({
  name: personName,
  address: text(120).optional(),
});

/** 经办人 / 负责人 opinion with name and date (审核审批表, opinion chain). */
export const opinion = z.object({
  opinion: longText,
  name: personName,
  date: isoDate,
});

/** 救济途径 (行政复议法 §20: 60 days; 行政诉讼法 §46: 6 months). */
export const remedies = z.object({
  reviewBody: text(60),
  court: text(60),
});

export const contact = z.object({
  office: text(60),
  phone: z.string().regex(/^[\d\-() ]{5,20}$/, '电话号码格式错误'),
});

export const member = z.object({
  name: personName,
  relation,
  idNumber,
});
