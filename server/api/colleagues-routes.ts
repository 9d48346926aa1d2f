/**
 * Colleagues of the signed-in user: the active accounts of one role in the caller's own street
 * (street staff) or district (district staff). The 入户调查 form picks its investigators here, so
 * the names it sends are the account names the completion checks (57号 §16: two staff visit, the
 * second signs with their own account). Only id, display name and role leave; nothing of another
 * jurisdiction.
 */
import { ROLES } from '../auth/roles';
import { defineRoute } from './route';
import { RoleSchema } from './schemas';
import { z } from './zod';

export const Colleague = z
  .object({ id: z.uuid(), displayName: z.string(), role: RoleSchema })
  .openapi('Colleague');

const colleagues = defineRoute({
  method: 'get',
  path: '/api/colleagues',
  summary: '本街道（街道人员）或本区县（区县人员）某一角色的在岗同事，供选择入户调查人员等',
  tag: '管理',
  roles: ROLES,
  access: { kind: 'scoped' },
  query: z.strictObject({ role: RoleSchema }),
  response: { description: '同事（按姓名排序）', schema: z.array(Colleague) },
  handler: async ({ ctx, query, scope }) =>
    ctx.db.user.findMany({
      where: {
        role: query.role,
        active: true,
        ...('streetCode' in scope ? { streetCode: scope.streetCode } : { districtCode: scope.districtCode }),
      },
      select: { id: true, displayName: true, role: true },
      orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
    }),
});

export const colleagueRoutes = [colleagues];
