/** Data of the records and forms (入户调查表, 群众评议记录, 公示, 审核审批表, 会议纪要). */
import { z } from 'zod';
import {
  amount,
  base,
  caseType,
  isoDate,
  longText,
  opinion,
  personName,
  relation,
  idNumber,
  text,
} from './common';

/**
 * 入户调查表: at least two investigators (57号 §16), signed by them and by the family. The
 * 入户调查 form records 住房、财产、就业、健康、就学 in one `living` text, the assessed income
 * apart; `housing` / `property` / `neighbours` are printed when given separately.
 */
export const homeVisitRecord = base.extend({
  caseType,
  visitedOn: isoDate,
  address: text(120),
  investigators: z.array(personName).min(2, '入户调查至少需要两名工作人员（57号 §16）'),
  members: z
    .array(
      z.object({
        name: personName,
        relation,
        idNumber,
        health: text(40),
        occupation: text(40),
        monthlyIncome: amount,
      }),
    )
    .min(1),
  housing: longText.optional(),
  property: longText.optional(),
  living: longText,
  assessedMonthlyIncome: amount.optional(),
  neighbours: longText.optional(),
  conclusion: longText,
});

/**
 * 群众评议记录 (条例 §18). The 群众评议 step's form gives the date, the number of participants, the
 * result and the record; the named participants, opinions and votes are printed when given.
 */
export const communityAssessmentRecord = base
  .extend({
    caseType,
    heldOn: isoDate,
    place: text(80).optional(),
    host: personName.optional(),
    recorder: personName,
    applicant: z.object({ name: personName, householdSize: z.number().int().min(1).max(30) }),
    participants: z
      .array(z.object({ name: personName, role: text(30) }))
      .min(3, '评议人员不少于 3 人')
      .optional(),
    participantCount: z.number().int().min(3, '评议人员不少于 3 人').max(500).optional(),
    summary: longText,
    opinions: z
      .array(z.object({ name: personName, opinion: text(300) }))
      .min(1)
      .optional(),
    votes: z
      .object({
        agree: z.number().int().min(0),
        disagree: z.number().int().min(0),
        abstain: z.number().int().min(0),
      })
      .optional(),
    conclusion: longText,
  })
  .refine((d) => d.participants !== undefined || d.participantCount !== undefined, {
    message: '须写明评议人员或参加人数',
    path: ['participantCount'],
  });

/**
 * 公示: name, household size and amount only — no other personal data (57号 §24). `.strict()`
 * refuses any further field, so an 身份证号 or address can never reach a public notice.
 */
export const publicNotice = base.extend({
  caseType,
  community: text(60),
  from: isoDate,
  to: isoDate,
  entries: z
    .array(z.object({ name: personName, householdSize: z.number().int().min(1).max(30), amount }).strict())
    .min(1),
  contact: z.object({ office: text(60), phone: z.string().regex(/^[\d\-() ]{5,20}$/) }),
});

/**
 * 审核审批表: the street's 初审 opinion, then the district's — the 审核确认 decider's opinion
 * (`decisionOpinion`, the 低保 / 特困 models) or the chain 经办人 → 科室负责人 → 负责人 where a
 * district keeps one.
 */
export const reviewApprovalForm = base
  .extend({
    caseType,
    applicant: z.object({ name: personName, idNumber, address: text(120) }),
    members: z.array(z.object({ name: personName, relation, idNumber, monthlyIncome: amount })).min(1),
    householdSize: z.number().int().min(1).max(30),
    perCapitaIncome: amount,
    standard: amount,
    proposedAmount: amount,
    streetOpinion: opinion,
    decisionOpinion: opinion.optional(),
    clerkOpinion: opinion.optional(),
    sectionHeadOpinion: opinion.optional(),
    headOpinion: opinion.optional(),
  })
  .refine((d) => d.decisionOpinion || d.clerkOpinion, {
    message: '缺少区县审核确认意见',
    path: ['decisionOpinion'],
  });

/** 会议纪要 (一事一议): chair, attendees, opinions, decided amount, reasons. */
export const meetingMinutes = base.extend({
  heldOn: isoDate,
  place: text(80).optional(),
  chair: z.object({ name: personName, title: text(40).optional() }),
  attendees: z.array(z.object({ name: personName, title: text(40).optional() })).min(2),
  recorder: personName.optional(),
  applicant: z.object({ name: personName, street: text(40), householdSize: z.number().int().min(1).max(30) }),
  situation: longText,
  opinions: z.array(z.object({ name: personName, opinion: text(300) })).min(1),
  decidedAmount: amount,
  reasons: z.array(text(300)).min(1),
});
