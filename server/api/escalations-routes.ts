/**
 * The district's escalation queue: open cases that need the district's own attention —
 * overdue cases (legal deadline passed, 57号 §20), cases flagged for 一事一议 by the district panel
 * (DOMAIN.md 临时救助), and applications of staff relatives, where the district does its own home
 * visit (57号 §11). Flags come from case data (the workflow sets them once connected).
 */
import { DISTRICT_DECIDERS } from '../auth/roles';
import { CaseListItem, OPEN_STATUSES } from './cases/schemas';
import { caseData, listInclude, listItem } from './cases/store';
import { defineRoute } from './route';
import { PageQuery, pageOf } from './schemas';
import { z } from './zod';

const REASONS = {
  overdue: '超过办理时限',
  one_matter: '一事一议（超出分档上限）',
  staff_relative: '工作人员近亲属申请，须区县入户核查（57号 §11）',
} as const;
type Reason = keyof typeof REASONS;

export const Escalation = CaseListItem.extend({
  reasons: z.array(
    z.object({ code: z.enum(['overdue', 'one_matter', 'staff_relative']), label: z.string() }),
  ),
}).openapi('Escalation');

const escalations = defineRoute({
  method: 'get',
  path: '/api/escalations',
  summary: '区县待办升级队列：超期案件、一事一议、工作人员近亲属申请',
  tag: '升级',
  roles: DISTRICT_DECIDERS,
  access: { kind: 'scoped' },
  query: z.strictObject({
    reason: z.enum(['overdue', 'one_matter', 'staff_relative']).optional(),
    ...PageQuery,
  }),
  response: { description: '升级队列', schema: pageOf(Escalation) },
  handler: async ({ ctx, scope, query }) => {
    const conditions = {
      overdue: { overdue: true },
      one_matter: { data: { path: ['escalation', 'kind'], equals: 'one_matter' } },
      staff_relative: { data: { path: ['staffRelative'], equals: true } },
    };
    const where = {
      AND: [
        scope,
        { status: { in: [...OPEN_STATUSES] } },
        query.reason ? conditions[query.reason] : { OR: Object.values(conditions) },
      ],
    };
    const [rows, total] = await Promise.all([
      ctx.db.case.findMany({
        where,
        include: listInclude,
        orderBy: [{ overdue: 'desc' }, { appliedAt: 'asc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      ctx.db.case.count({ where }),
    ]);
    const items = rows.map((c) => {
      const d = caseData(c);
      const esc = d.escalation as { kind?: unknown } | undefined;
      const codes: Reason[] = [];
      if (c.overdue) codes.push('overdue');
      if (esc?.kind === 'one_matter') codes.push('one_matter');
      if (d.staffRelative === true) codes.push('staff_relative');
      return { ...listItem(c), reasons: codes.map((code) => ({ code, label: REASONS[code] })) };
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  },
});

export const escalationRoutes = [escalations];
