/**
 * Errors as RFC 9457 problem+json with zh-CN title/detail and a per-field list.
 * Throw `Problem` anywhere in a handler; the error middleware renders it. No stack traces leave.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../log';

export interface FieldError {
  field: string;
  message: string;
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly type = 'about:blank',
  ) {
    super(detail ?? title);
  }
}

export const notFound = (detail = '请求的资源不存在') => new Problem(404, '未找到', detail);
export const forbidden = (detail = '您无权执行此操作') => new Problem(403, '禁止访问', detail);
export const badRequest = (detail: string, errors?: FieldError[]) =>
  new Problem(400, '请求参数有误', detail, errors);

export function sendProblem(res: Parameters<RequestHandler>[1], p: Problem, instance?: string): void {
  res
    .status(p.status)
    .type('application/problem+json')
    .json({
      type: p.type,
      title: p.title,
      status: p.status,
      ...(p.detail ? { detail: p.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(p.errors?.length ? { errors: p.errors } : {}),
    });
}

/** The request path without its query: queries may carry personal data (身份证号 searches). */
const instanceOf = (req: Parameters<RequestHandler>[0]) => req.originalUrl.split('?')[0];

export const notFoundHandler: RequestHandler = (req, res) =>
  sendProblem(res, notFound(`没有这个地址：${req.method} ${req.path}`), instanceOf(req));

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof Problem) return sendProblem(res, err, instanceOf(req));
    // body-parser errors carry a status and a type.
    const e = err as { status?: number; type?: string };
    if (e.type === 'entity.parse.failed') return sendProblem(res, badRequest('请求体不是合法的 JSON'));
    if (e.type === 'entity.too.large')
      return sendProblem(res, new Problem(413, '请求体过大', '请求体超过允许的大小'));
    if (e.status && e.status >= 400 && e.status < 500) {
      return sendProblem(res, new Problem(e.status, '请求有误', '请求无法处理'));
    }
    log.error({ err, path: req.path }, 'unhandled error');
    sendProblem(res, new Problem(500, '服务器内部错误', '服务器处理请求时出错，请稍后重试或联系管理员'));
  };
}
