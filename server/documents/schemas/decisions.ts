/** Data of the 增发 / 减发 / 停发 决定书 and of the 救助金发放花名册. */
import { z } from 'zod';
import {
  amount,
  base,
  caseType,
  contact,
  idNumber,
  isoDate,
  isoMonth,
  personName,
  recipient,
  remedies,
  text,
} from './common';

const change = base.extend({
  recipient,
  caseType,
  reviewedOn: isoDate,
  reasons: z.array(text(300)).min(1, '必须写明理由'),
  basis: text(200),
  currentAmount: amount,
  effectiveMonth: isoMonth,
  remedies,
  contact,
});

/** 增发决定书 (条例 §26 dynamic management). */
export const increaseDecision = change.extend({ newAmount: amount });

/** 减发决定书: the recipient was heard before the cut (社会救助法 §48). */
export const decreaseDecision = change.extend({ newAmount: amount, heardOn: isoDate });

/** 停发决定书: the recipient was heard before the termination (社会救助法 §48). */
export const stopDecision = change.extend({ heardOn: isoDate });

/** 救助金发放花名册: the monthly roster of one 街道 (条例 §22 社会化发放). */
export const disbursementRoster = base.extend({
  street: text(40),
  month: isoMonth,
  caseType,
  rows: z
    .array(
      z.object({
        name: personName,
        idNumber,
        householdSize: z.number().int().min(1).max(30),
        category: text(12),
        amount,
        bankAccount: z.string().regex(/^[\d ]{8,32}$/, '银行账号格式错误'),
      }),
    )
    .min(1, '花名册至少一行'),
  preparedBy: personName,
  reviewedBy: personName,
});
