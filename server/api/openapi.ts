/** The OpenAPI 3 document, generated from the route registry's zod schemas. */
import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { ROLE_LABELS } from '../auth/roles';
import { CSRF_HEADER, SESSION_COOKIE } from '../auth/session';
import type { AnyRoute } from './route';
import { ProblemSchema } from './schemas';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

export function buildOpenApi(routes: readonly AnyRoute[]) {
  const registry = new OpenAPIRegistry();
  registry.register('Problem', ProblemSchema);
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
  });
  registry.registerComponent('securitySchemes', 'csrf', {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
  });

  for (const r of routes) {
    const isPublic = r.access.kind === 'public';
    const write = r.method !== 'get';
    const roles = isPublic ? '无需登录' : `角色：${r.roles.map((x) => ROLE_LABELS[x]).join('、')}`;
    const scope =
      r.access.kind === 'resource'
        ? `；仅限辖区内的${r.access.name}`
        : r.access.kind === 'scoped'
          ? '；结果限于本人辖区'
          : '';
    const ok = r.response;
    registry.registerPath({
      method: r.method,
      path: r.path.replace(/:(\w+)/g, '{$1}'),
      summary: r.summary,
      description: `${roles}${scope}${write && !isPublic ? `；写操作须带 ${CSRF_HEADER} 请求头` : ''}`,
      tags: [r.tag],
      security: isPublic ? [] : write ? [{ session: [], csrf: [] }] : [{ session: [] }],
      request: {
        ...(r.params ? { params: r.params } : {}),
        ...(r.query ? { query: r.query } : {}),
        ...(r.body ? { body: { required: true, content: { 'application/json': { schema: r.body } } } } : {}),
      } as never,
      responses: {
        [('schema' in ok ? ok.status : 200) ?? 200]:
          'csv' in ok
            ? { description: ok.description, content: { 'text/csv': { schema: { type: 'string' } } } }
            : 'file' in ok
              ? {
                  description: ok.description,
                  content: { [ok.file]: { schema: { type: 'string', format: 'binary' } } },
                }
              : { description: ok.description, content: { 'application/json': { schema: ok.schema } } },
        400: problem('请求参数有误（逐字段列出）'),
        ...(isPublic
          ? {}
          : { 401: problem('未登录或会话已过期'), 403: problem('角色无权限、须先修改密码或 CSRF 校验失败') }),
        ...(r.access.kind === 'resource' ? { 404: problem('不存在或不在辖区内') } : {}),
        ...(r.body ? { 413: problem('请求体超过 1 MB') } : {}),
        ...Object.fromEntries(
          Object.entries(r.problems ?? {}).map(([status, text]) => [status, problem(text)]),
        ),
      },
    });
  }
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: '救助帮扶审批 API',
      version: '1',
      description:
        '低保、特困、临时救助审批（渝府办发〔2018〕161号）。登录后会话保存在 http-only Cookie 中；写操作须在 X-CSRF-Token 请求头中带上登录时返回的令牌。错误为 application/problem+json。',
    },
    servers: [{ url: '/' }],
  });
}
