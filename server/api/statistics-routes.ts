/** Dashboard statistics, always within the caller's jurisdiction. */
import { CASE_READERS } from '../auth/roles';
import { CASE_STATUS_LABELS, CASE_TYPE_LABELS, OPEN_STATUSES } from './cases/schemas';
import { defineRoute } from './route';
import { z } from './zod';

const Count = z.number().int();

export const Statistics = z
  .object({
    total: Count,
    byType: z.array(z.object({ type: z.string(), label: z.string(), count: Count })),
    byStatus: z.array(z.object({ status: z.string(), label: z.string(), count: Count })),
    byStep: z.array(z.object({ step: z.string(), count: Count })),
    overdueByStreet: z.array(z.object({ streetCode: z.string(), streetName: z.string(), count: Count })),
    amountsByMonth: z.array(z.object({ month: z.string(), cases: Count, total: z.string() })),
  })
  .openapi('Statistics');

const statistics = defineRoute({
  method: 'get',
  path: '/api/statistics',
  summary: '统计：按类型、状态、步骤计数，各街道超期数，按月确认金额',
  tag: '统计',
  roles: CASE_READERS,
  access: { kind: 'scoped' },
  query: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
  response: {
    description: '统计',
    schema: Statistics,
  },
  handler: async ({ ctx, scope, query }) => {
    const year = query.year ?? new Date().getFullYear();
    const [byType, byStatus, byStep, overdue, streets] = await Promise.all([
      ctx.db.case.groupBy({ by: ['type'], where: scope, _count: { _all: true }, orderBy: { type: 'asc' } }),
      ctx.db.case.groupBy({
        by: ['status'],
        where: scope,
        _count: { _all: true },
        orderBy: { status: 'asc' },
      }),
      ctx.db.case.groupBy({
        by: ['currentStep'],
        where: { AND: [scope, { status: { in: [...OPEN_STATUSES] } }] },
        _count: { _all: true },
        orderBy: { currentStep: 'asc' },
      }),
      ctx.db.case.groupBy({
        by: ['streetCode'],
        where: { AND: [scope, { overdue: true, status: { in: [...OPEN_STATUSES] } }] },
        _count: { _all: true },
        orderBy: { streetCode: 'asc' },
      }),
      ctx.db.street.findMany({ where: 'streetCode' in scope ? { code: scope.streetCode } : scope }),
    ]);
    const street = 'streetCode' in scope ? scope.streetCode : null;
    const district = 'districtCode' in scope ? scope.districtCode : null;
    // Months in China Standard Time; both filters are bound parameters, one of them is set.
    const months = await ctx.db.$queryRaw<{ month: string; cases: number; total: string }[]>`
      SELECT to_char(decided_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
             count(*)::int AS cases, coalesce(sum(amount), 0)::text AS total
      FROM "case"
      WHERE status = 'granted' AND decided_at IS NOT NULL AND amount IS NOT NULL
        AND (${street}::text IS NULL OR street_code = ${street})
        AND (${district}::text IS NULL OR district_code = ${district})
        AND extract(year FROM decided_at AT TIME ZONE 'Asia/Shanghai') = ${year}
      GROUP BY 1 ORDER BY 1`;
    const names = new Map(streets.map((s) => [s.code, s.name]));
    return {
      total: byType.reduce((n, r) => n + r._count._all, 0),
      byType: byType.map((r) => ({ type: r.type, label: CASE_TYPE_LABELS[r.type], count: r._count._all })),
      byStatus: byStatus.map((r) => ({
        status: r.status,
        label: CASE_STATUS_LABELS[r.status],
        count: r._count._all,
      })),
      byStep: byStep.map((r) => ({ step: r.currentStep ?? '（无）', count: r._count._all })),
      overdueByStreet: overdue.map((r) => ({
        streetCode: r.streetCode,
        streetName: names.get(r.streetCode) ?? r.streetCode,
        count: r._count._all,
      })),
      amountsByMonth: months,
    };
  },
});

export const statisticsRoutes = [statistics];
