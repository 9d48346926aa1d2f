/** Sign-in, the current session, sign-out and password change (resource: session). */
import { hashPassword, verifyPassword } from '../auth/password';
import { passwordProblems, PASSWORD_MAX } from '../auth/password-policy';
import { ROLES } from '../auth/roles';
import { clearedSessionCookie, endSession, endUserSessions, sessionCookie } from '../auth/session';
import { signIn } from '../auth/sign-in';
import { Problem } from './problem';
import { defineRoute } from './route';
import { Iso, UserViewSchema, Username, userView } from './schemas';
import { z } from './zod';

const SessionSchema = z
  .object({ user: UserViewSchema, csrfToken: z.string(), expiresAt: Iso.optional() })
  .openapi('Session');

const signInRoute = defineRoute({
  method: 'post',
  path: '/api/session',
  summary: '登录（用户名 + 密码）；返回 CSRF 令牌，会话放在 http-only Cookie 中',
  tag: '会话',
  roles: ROLES,
  access: { kind: 'public' },
  body: z.strictObject({ username: Username, password: z.string().min(1).max(PASSWORD_MAX) }),
  response: { description: '已登录', schema: SessionSchema },
  problems: {
    401: '用户名或密码错误',
    403: '账户已停用',
    423: '账户已锁定（带 Retry-After）',
    429: '该地址登录失败过多（带 Retry-After）',
  },
  handler: async ({ ctx, body, req, res, ip, markAudited }) => {
    const r = await signIn(ctx.db, ctx.config.auth, { ...body, ip });
    markAudited();
    if (!r.ok) {
      if (r.retryAfterSeconds) res.setHeader('Retry-After', String(r.retryAfterSeconds));
      const minutes = Math.ceil((r.retryAfterSeconds ?? 60) / 60);
      switch (r.reason) {
        case 'throttled':
          throw new Problem(429, '登录尝试过多', `该地址登录失败次数过多，请 ${minutes} 分钟后再试`);
        case 'locked':
          throw new Problem(
            423,
            '账户已锁定',
            `连续登录失败次数过多，账户已锁定，请 ${minutes} 分钟后再试或联系管理员解锁`,
          );
        case 'inactive':
          throw new Problem(403, '账户已停用', '该账户已停用，请联系管理员');
        default:
          throw new Problem(401, '登录失败', '用户名或密码错误');
      }
    }
    res.setHeader(
      'Set-Cookie',
      sessionCookie(r.token, {
        secure: req.secure,
        maxAgeSeconds: Math.floor((r.expiresAt.getTime() - Date.now()) / 1000),
      }),
    );
    return { user: userView(r.user), csrfToken: r.csrfToken, expiresAt: r.expiresAt.toISOString() };
  },
});

const currentRoute = defineRoute({
  method: 'get',
  path: '/api/session',
  summary: '当前登录用户与 CSRF 令牌',
  tag: '会话',
  roles: ROLES,
  access: { kind: 'self' },
  allowDuringPasswordChange: true,
  response: { description: '当前会话', schema: SessionSchema },
  handler: async ({ actor }) => ({ user: userView(actor), csrfToken: actor.csrfToken }),
});

const signOutRoute = defineRoute({
  method: 'delete',
  path: '/api/session',
  summary: '退出登录',
  tag: '会话',
  roles: ROLES,
  access: { kind: 'self' },
  allowDuringPasswordChange: true,
  response: { description: '已退出', schema: z.object({ signedOut: z.literal(true) }) },
  handler: async ({ actor, write, req, res }) => {
    await write(async (tx) => {
      await endSession(tx, actor.sessionId);
      return { result: null, audit: { action: 'session.sign-out' } };
    });
    res.setHeader('Set-Cookie', clearedSessionCookie(req.secure));
    return { signedOut: true as const };
  },
});

const changePasswordRoute = defineRoute({
  method: 'put',
  path: '/api/session/password',
  summary: '修改自己的密码（其他会话随之失效）',
  tag: '会话',
  roles: ROLES,
  access: { kind: 'self' },
  allowDuringPasswordChange: true,
  body: z.strictObject({
    currentPassword: z.string().min(1).max(PASSWORD_MAX),
    newPassword: z.string().min(1).max(PASSWORD_MAX),
  }),
  response: {
    description: '密码已修改',
    schema: z.object({ user: UserViewSchema, endedSessions: z.number() }),
  },
  handler: async ({ ctx, actor, body, write }) => {
    const user = await ctx.db.user.findUniqueOrThrow({ where: { id: actor.id } });
    if (!(await verifyPassword(user.passwordHash, body.currentPassword))) {
      throw new Problem(400, '请求参数有误', '当前密码不正确', [
        { field: 'currentPassword', message: '当前密码不正确' },
      ]);
    }
    const problems = passwordProblems(body.newPassword, actor.username);
    if (body.newPassword === body.currentPassword) problems.push('新密码不能与当前密码相同');
    if (problems.length) {
      throw new Problem(
        400,
        '请求参数有误',
        '新密码不符合要求',
        problems.map((message) => ({ field: 'newPassword', message })),
      );
    }
    const passwordHash = await hashPassword(body.newPassword);
    return write(async (tx) => {
      const updated = await tx.user.update({
        where: { id: actor.id },
        data: { passwordHash, mustChangePassword: false, passwordChangedAt: new Date() },
      });
      const endedSessions = await endUserSessions(tx, actor.id, actor.sessionId);
      return {
        result: { user: userView(updated), endedSessions },
        audit: { action: 'user.password-changed', summary: { userId: actor.id, endedSessions } },
      };
    });
  },
});

export const sessionRoutes = [signInRoute, currentRoute, signOutRoute, changePasswordRoute];
