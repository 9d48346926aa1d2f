/**
 * The register of recipients (纳入保障 households and persons), each household's payment history
 * (what was paid for which month and why, and the 增发/减发/停发 decisions), and the re-checks due
 * (动态管理, 条例 §26). Street roles see their street, district roles their district.
 */
import type { AppContext } from '../app';
import { CASE_READERS, type Role } from '../auth/roles';
import { chinaMonth } from '../disbursement/months';
import { householdPayments, listRechecksDue, listRecipients } from '../disbursement/views';
import { Money, Month } from './disbursement-routes';
import { defineRoute } from './route';
import { IdParams, Iso, PageQuery, pageOf } from './schemas';
import { z } from './zod';

export const RECHECK_READERS: readonly Role[] = [
  'street_clerk',
  'street_investigator',
  'street_reviewer',
  'district_official',
  'district_section_head',
  'district_head',
];

const Category = z.enum(['monthly', 'half_yearly', 'yearly']);

const Recipient = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    caseNo: z.string(),
    householdId: z.uuid(),
    streetCode: z.string(),
    type: z.enum(['dibao', 'tekun', 'linshi']),
    applicantName: z.string(),
    applicantIdNumber: z.string().openapi({ description: '已遮蔽' }),
    status: z.enum(['active', 'tapering', 'stopped']),
    statusLabel: z.string(),
    startMonth: Month,
    taperFromMonth: Month.nullable(),
    endMonth: Month.nullable(),
    monthlyAmount: Money.openapi({ description: '所选月份应发金额（按该月标准与核定情况）' }),
    recheckCategory: Category,
    recheckCategoryLabel: z.string(),
    nextRecheckMonth: Month,
  })
  .openapi('Recipient');

const recipients = defineRoute({
  method: 'get',
  path: '/api/recipients',
  summary: '保障对象名册（本辖区），含所选月份应发金额与下次复核月份',
  tag: '发放',
  roles: CASE_READERS,
  access: { kind: 'scoped' },
  query: z.strictObject({
    month: Month.optional(),
    status: z.enum(['active', 'tapering', 'stopped']).optional(),
    ...PageQuery,
  }),
  response: { description: '保障对象', schema: pageOf(Recipient) },
  handler: async ({ ctx, scope, query }) =>
    listRecipients(
      ctx.db,
      scope,
      { ...query, month: query.month ?? chinaMonth() },
      ctx.config.amountRounding,
    ),
});

const householdResource = {
  kind: 'resource' as const,
  name: '家庭',
  load: (ctx: AppContext, p: { id: string }) =>
    ctx.db.household.findUnique({ where: { id: p.id }, select: { districtCode: true, streetCode: true } }),
};

const payments = defineRoute({
  method: 'get',
  path: '/api/households/:id/payments',
  summary: '家庭的发放记录：每月发放、补发、渐退期发放的金额与理由，以及增发/减发/停发决定',
  tag: '发放',
  roles: CASE_READERS,
  access: householdResource,
  params: IdParams,
  response: {
    description: '发放记录',
    schema: z
      .object({
        householdId: z.uuid(),
        totalPaid: Money.openapi({ description: '已发放批次的合计' }),
        items: z.array(
          z.object({
            forMonth: Month,
            paidInMonth: Month,
            kind: z.enum(['regular', 'back_pay', 'taper']),
            kindLabel: z.string(),
            amount: Money,
            standard: Money,
            reason: z.string(),
            runId: z.uuid(),
            runStatus: z.string(),
            runStatusLabel: z.string(),
            paidAt: Iso.nullable(),
          }),
        ),
        changes: z.array(
          z.object({
            id: z.uuid(),
            kind: z.enum(['increase', 'decrease', 'stop', 'taper']),
            kindLabel: z.string(),
            fromMonth: Month,
            previousAmount: Money,
            newAmount: Money,
            reasons: z.array(z.string()),
            decidedOn: z.string(),
            documentId: z.uuid().nullable(),
            applied: z.boolean(),
          }),
        ),
      })
      .openapi('HouseholdPayments'),
  },
  handler: async ({ ctx, params }) => householdPayments(ctx.db, params.id),
});

const rechecks = defineRoute({
  method: 'get',
  path: '/api/rechecks',
  summary: '到期（含逾期）待复核的保障对象（条例第二十六条），及已开启的复核',
  tag: '发放',
  roles: RECHECK_READERS,
  access: { kind: 'scoped' },
  query: z.strictObject({ month: Month.optional(), ...PageQuery }),
  response: {
    description: '待复核对象',
    schema: pageOf(
      z.object({
        recipientId: z.uuid(),
        caseNo: z.string(),
        householdId: z.uuid(),
        streetCode: z.string(),
        recheckCategory: Category,
        recheckCategoryLabel: z.string(),
        nextRecheckMonth: Month,
        lastRecheckMonth: Month.nullable(),
        overdue: z.boolean(),
        openRecheck: z.object({ id: z.uuid(), dueMonth: Month, started: z.boolean() }).nullable(),
      }),
    ).extend({ month: Month }),
  },
  handler: async ({ ctx, scope, query }) =>
    listRechecksDue(ctx.db, scope, { ...query, month: query.month ?? chinaMonth() }),
});

export const recipientRoutes = [recipients, payments, rechecks];
