/** Administration of users, roles and jurisdictions inside the administrator's own district. */
import { hashPassword } from '../auth/password';
import { temporaryPassword } from '../auth/password-policy';
import { ADMINS, ROLES, isStreetRole, type Role, type Scope } from '../auth/roles';
import { endUserSessions } from '../auth/session';
import type { AppContext } from '../app';
import { Problem } from './problem';
import { defineRoute } from './route';
import {
  IdParams,
  Iso,
  PageQuery,
  RoleSchema,
  Text,
  UserViewSchema,
  Username,
  pageOf,
  userView,
} from './schemas';
import { z } from './zod';

const StreetCode = z.string().regex(/^\d{9}$/, '街道代码应为 9 位数字');

export const AdminUserSchema = UserViewSchema.extend({
  active: z.boolean(),
  locked: z.boolean(),
  lockedUntil: Iso.nullable(),
  failedLogins: z.number().int(),
  createdAt: Iso,
}).openapi('AdminUser');

type UserRow = Parameters<typeof userView>[0] & {
  active: boolean;
  lockedUntil: Date | null;
  failedLogins: number;
  createdAt: Date;
};

function adminUserView(u: UserRow): z.infer<typeof AdminUserSchema> {
  const locked = Boolean(u.lockedUntil && u.lockedUntil > new Date());
  return {
    ...userView(u),
    active: u.active,
    locked,
    lockedUntil: locked ? u.lockedUntil!.toISOString() : null,
    failedLogins: u.failedLogins,
    createdAt: u.createdAt.toISOString(),
  };
}

const userResource = {
  kind: 'resource' as const,
  name: '用户',
  load: (ctx: AppContext, p: { id: string }) =>
    ctx.db.user.findUnique({ where: { id: p.id }, select: { districtCode: true, streetCode: true } }),
};

/** A street role needs a street of the administrator's district; a district role has none. */
async function checkPlacement(
  ctx: AppContext,
  scope: Scope,
  role: Role,
  streetCode: string | null | undefined,
) {
  if (!isStreetRole(role)) {
    if (streetCode)
      throw new Problem(400, '请求参数有误', '区县角色不属于某个街道', [
        { field: 'streetCode', message: '区县角色不应填写街道' },
      ]);
    return null;
  }
  if (!streetCode)
    throw new Problem(400, '请求参数有误', '街道角色必须指定街道', [
      { field: 'streetCode', message: '必填' },
    ]);
  const street = await ctx.db.street.findFirst({ where: { code: streetCode, ...scope } });
  if (!street) {
    throw new Problem(400, '请求参数有误', '街道不存在或不在您的辖区内', [
      { field: 'streetCode', message: '街道不存在或不在您的辖区内' },
    ]);
  }
  return streetCode;
}

const listUsers = defineRoute({
  method: 'get',
  path: '/api/admin/users',
  summary: '用户列表（本区县）',
  tag: '管理',
  roles: ADMINS,
  access: { kind: 'scoped' },
  query: z.strictObject({
    role: RoleSchema.optional(),
    streetCode: StreetCode.optional(),
    q: z.string().trim().max(64).optional(),
    ...PageQuery,
  }),
  response: { description: '用户', schema: pageOf(AdminUserSchema) },
  handler: async ({ ctx, scope, query }) => {
    const where = {
      AND: [
        scope,
        query.role ? { role: query.role } : {},
        query.streetCode ? { streetCode: query.streetCode } : {},
        query.q ? { OR: [{ username: { contains: query.q } }, { displayName: { contains: query.q } }] } : {},
      ],
    };
    const [rows, total] = await Promise.all([
      ctx.db.user.findMany({
        where,
        orderBy: [{ streetCode: 'asc' }, { username: 'asc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      ctx.db.user.count({ where }),
    ]);
    return { items: rows.map(adminUserView), total, page: query.page, pageSize: query.pageSize };
  },
});

const WithTemporaryPassword = z.object({
  user: AdminUserSchema,
  temporaryPassword: z.string().openapi({ description: '一次性临时密码，仅显示这一次；用户首次登录须修改' }),
});

const createUser = defineRoute({
  method: 'post',
  path: '/api/admin/users',
  summary: '新建用户（本区县；生成临时密码）',
  tag: '管理',
  roles: ADMINS,
  access: { kind: 'scoped' },
  body: z.strictObject({
    username: Username,
    displayName: Text(50),
    role: RoleSchema,
    streetCode: StreetCode.nullable().optional(),
  }),
  response: { status: 201, description: '已创建', schema: WithTemporaryPassword },
  problems: { 409: '用户名已存在' },
  handler: async ({ ctx, actor, scope, body, write }) => {
    const streetCode = await checkPlacement(ctx, scope, body.role, body.streetCode);
    if (await ctx.db.user.findUnique({ where: { username: body.username } })) {
      throw new Problem(409, '用户名已存在', `用户名 ${body.username} 已被使用`, [
        { field: 'username', message: '已被使用' },
      ]);
    }
    const plain = temporaryPassword();
    const passwordHash = await hashPassword(plain);
    return write(async (tx) => {
      const u = await tx.user.create({
        data: {
          ...body,
          streetCode,
          districtCode: actor.districtCode,
          passwordHash,
          mustChangePassword: true,
        },
      });
      return {
        result: { user: adminUserView(u), temporaryPassword: plain },
        audit: {
          action: 'admin.user-created',
          summary: { userId: u.id, username: u.username, role: u.role, streetCode },
        },
      };
    });
  },
});

const updateUser = defineRoute({
  method: 'patch',
  path: '/api/admin/users/:id',
  summary: '修改用户的姓名、角色、街道或启用状态',
  tag: '管理',
  roles: ADMINS,
  access: userResource,
  params: IdParams,
  body: z
    .strictObject({
      displayName: Text(50).optional(),
      role: RoleSchema.optional(),
      streetCode: StreetCode.nullable().optional(),
      active: z.boolean().optional(),
    })
    .refine((b) => Object.keys(b).length > 0, '至少修改一项'),
  response: { description: '已修改', schema: AdminUserSchema },
  problems: { 409: '不能修改自己的角色或停用自己' },
  handler: async ({ ctx, actor, scope, params, body, write }) => {
    const before = await ctx.db.user.findUniqueOrThrow({ where: { id: params.id } });
    if (before.id === actor.id && ((body.role && body.role !== before.role) || body.active === false)) {
      throw new Problem(409, '不能修改自己的角色或停用自己', '请由另一位管理员操作，以免失去管理权限');
    }
    const role = body.role ?? before.role;
    const wantStreet =
      body.streetCode !== undefined ? body.streetCode : isStreetRole(role) ? before.streetCode : null;
    const streetCode = await checkPlacement(ctx, scope, role, wantStreet);
    return write(async (tx) => {
      const u = await tx.user.update({
        where: { id: params.id },
        data: { displayName: body.displayName, role, streetCode, active: body.active },
      });
      const ended = u.active ? 0 : await endUserSessions(tx, u.id);
      const pick = (x: UserRow) => ({
        role: x.role,
        streetCode: x.streetCode,
        active: x.active,
        displayName: x.displayName,
      });
      return {
        result: adminUserView(u),
        audit: {
          action: 'admin.user-updated',
          summary: { userId: u.id, before: pick(before), after: pick(u), endedSessions: ended },
        },
      };
    });
  },
});

const unlockUser = defineRoute({
  method: 'post',
  path: '/api/admin/users/:id/unlock',
  summary: '解锁因登录失败被锁定的账户',
  tag: '管理',
  roles: ADMINS,
  access: userResource,
  params: IdParams,
  response: { description: '已解锁', schema: AdminUserSchema },
  handler: async ({ params, write }) =>
    write(async (tx) => {
      const u = await tx.user.update({
        where: { id: params.id },
        data: { failedLogins: 0, lockedUntil: null },
      });
      return {
        result: adminUserView(u),
        audit: { action: 'admin.user-unlocked', summary: { userId: u.id } },
      };
    }),
});

const resetPassword = defineRoute({
  method: 'post',
  path: '/api/admin/users/:id/reset-password',
  summary: '重置密码：生成临时密码，结束该用户所有会话，首次登录须修改',
  tag: '管理',
  roles: ADMINS,
  access: userResource,
  params: IdParams,
  response: { description: '已重置', schema: WithTemporaryPassword },
  handler: async ({ params, write }) => {
    const plain = temporaryPassword();
    const passwordHash = await hashPassword(plain);
    return write(async (tx) => {
      const u = await tx.user.update({
        where: { id: params.id },
        data: { passwordHash, mustChangePassword: true, failedLogins: 0, lockedUntil: null },
      });
      const endedSessions = await endUserSessions(tx, u.id);
      return {
        result: { user: adminUserView(u), temporaryPassword: plain },
        audit: { action: 'admin.password-reset', summary: { userId: u.id, endedSessions } },
      };
    });
  },
});

const jurisdictions = defineRoute({
  method: 'get',
  path: '/api/jurisdictions',
  summary: '本人辖区：区县及可见的街道',
  tag: '管理',
  roles: ROLES,
  access: { kind: 'scoped' },
  response: {
    description: '辖区',
    schema: z.object({
      district: z.object({ code: z.string(), name: z.string(), shortName: z.string() }),
      streets: z.array(z.object({ code: z.string(), name: z.string() })),
    }),
  },
  handler: async ({ ctx, actor, scope }) => {
    const district = await ctx.db.district.findUniqueOrThrow({ where: { code: actor.districtCode } });
    const streets = await ctx.db.street.findMany({
      where: 'streetCode' in scope ? { code: scope.streetCode } : { districtCode: scope.districtCode },
      orderBy: { code: 'asc' },
    });
    return {
      district: { code: district.code, name: district.name, shortName: district.shortName },
      streets: streets.map((s) => ({ code: s.code, name: s.name })),
    };
  },
});

export const adminRoutes = [listUsers, createUser, updateUser, unlockUser, resetPassword, jurisdictions];
