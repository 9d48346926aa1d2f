/**
 * THE guard: every API route passes through here, in this order:
 * session (401) → role (403) → forced password change (403) → CSRF on writes (403) →
 * path params (400) → jurisdiction of the resource and, for a user task, its candidate group
 * (404) → query and body (400) → handler →
 * response parsed by its schema (only declared fields leave) → every successful write audited.
 * Bad input is refused before anything reads the database beyond the session, or the engine.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { ZodType } from 'zod';
import type { AppContext } from '../app';
import { auditedWrite } from '../auth/audit';
import { covers, scopeOf, type Jurisdiction, type Scope } from '../auth/roles';
import {
  CSRF_HEADER,
  SESSION_COOKIE,
  csrfMatches,
  loadSession,
  readCookie,
  type Actor,
} from '../auth/session';
import { Problem, forbidden, notFound } from './problem';
import { candidateGroupsOf } from '../domain/decision';
import { isWrite, type AnyRoute, type ResourceJurisdiction } from './route';
import { fieldErrors } from './zod';

export const unauthenticated = () => new Problem(401, '未登录', '请先登录，或会话已过期，请重新登录');
/** Filter that matches nothing: what a route without an actor would query with. */
const NO_SCOPE: Scope = { districtCode: '\u0000' };

function parse<T>(schema: ZodType<T> | undefined, value: unknown, what: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value);
  if (!r.success) throw new Problem(400, '请求参数有误', `${what}不符合要求`, fieldErrors(r.error));
  return r.data;
}

/** A user task's candidate groups carry role and jurisdiction: one must be the actor's own. */
function inGroup(actor: Actor, r: ResourceJurisdiction): boolean {
  if (!r.candidateGroups) return true;
  const mine = candidateGroupsOf(actor);
  return r.candidateGroups.some((g) => mine.includes(g));
}

export async function authenticate(ctx: AppContext, req: Request): Promise<Actor | null> {
  const token = readCookie(req.headers.cookie, SESSION_COOKIE);
  return token ? loadSession(ctx.db, token, ctx.config.auth) : null;
}

export function guard(route: AnyRoute, ctx: AppContext): RequestHandler {
  const strictResponses = ctx.config.env !== 'production';
  return async (req: Request, res: Response) => {
    let actor: Actor | null = null;
    if (route.access.kind !== 'public') {
      actor = await authenticate(ctx, req);
      if (!actor) throw unauthenticated();
      if (!route.roles.includes(actor.role)) throw forbidden('您的角色无权执行此操作');
      if (actor.mustChangePassword && !route.allowDuringPasswordChange) {
        throw new Problem(403, '需要修改密码', '管理员已重置您的密码，请先修改密码再继续');
      }
      if (isWrite(route.method) && !csrfMatches(actor.csrfToken, req.get(CSRF_HEADER))) {
        throw new Problem(403, '请求校验失败', '缺少或错误的 CSRF 令牌，请刷新页面后重试');
      }
    }
    const params = parse(route.params, req.params, '路径参数');
    let resource: Jurisdiction | null = null;
    if (route.access.kind === 'resource') {
      resource = await route.access.load(ctx, params as never);
      if (!resource || !actor || !covers(actor, resource) || !inGroup(actor, resource)) {
        throw notFound(`${route.access.name}不存在，或不在您的辖区内`);
      }
    }
    const query = parse(route.query, req.query, '查询参数');
    const body = parse(route.body, req.body, '请求体');

    let audited = false;
    const result: unknown = await route.handler({
      ctx,
      actor,
      params,
      query,
      body,
      scope: actor ? scopeOf(actor) : NO_SCOPE,
      resource,
      write: (fn) => {
        audited = true;
        return auditedWrite(ctx.db, actor, fn);
      },
      markAudited: () => {
        audited = true;
      },
      req,
      res,
      ip: req.ip ?? 'unknown',
    });

    if (isWrite(route.method) && !audited && res.statusCode < 400) {
      // Every write appends to the audit trail; a route that forgets is a bug, caught by the tests.
      ctx.log.error({ route: `${route.method} ${route.path}` }, 'write route did not append an audit event');
      if (strictResponses) throw new Error(`write route without audit: ${route.method} ${route.path}`);
    }
    if (res.headersSent) return;
    const spec = route.response;
    if ('file' in spec) throw new Error(`file route sent nothing: ${route.method} ${route.path}`);
    if ('csv' in spec) {
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .send(result as string);
      return;
    }
    const checked = spec.schema.safeParse(result);
    if (!checked.success) {
      const issues = checked.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), code: i.code }));
      ctx.log.error({ route: route.path, issues }, 'response does not match its schema');
      throw new Error(`response schema mismatch: ${route.method} ${route.path}`);
    }
    res.status(spec.status ?? 200).json(checked.data);
  };
}
