/**
 * Errors as Camunda renders them: RFC 9457 problem+json, `title` the rejection type
 * (NOT_FOUND, INVALID_STATE, …) or `Bad Request` for malformed input, `detail` the reason.
 */
import type { ErrorRequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import { EngineRejection } from '../errors';
import type { EngineLogger } from '../log';

export function sendProblem(
  res: Response,
  status: number,
  title: string,
  detail: string,
  instance?: string,
): void {
  res
    .status(status)
    .type('application/problem+json')
    .json({ type: 'about:blank', title, status, detail, ...(instance && { instance }) });
}

export function problemHandler(log: EngineLogger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) return;
    const instance = req.originalUrl;
    if (err instanceof EngineRejection) {
      const title = err.rejectionType === 'INVALID_ARGUMENT' ? 'INVALID_ARGUMENT' : err.rejectionType;
      return sendProblem(res, err.status, title, err.detail, instance);
    }
    if (err instanceof ZodError) {
      const detail = err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      return sendProblem(res, 400, 'Bad Request', `Request validation failed: ${detail}`, instance);
    }
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.parse.failed')
      return sendProblem(res, 400, 'Bad Request', 'The request body is not valid JSON', instance);
    if (e.type === 'entity.too.large')
      return sendProblem(res, 413, 'Payload Too Large', 'The request body is too large', instance);
    if (e.status && e.status >= 400 && e.status < 500)
      return sendProblem(res, e.status, 'Bad Request', String(err), instance);
    log.error({ err, path: req.path }, 'engine request failed');
    sendProblem(res, 500, 'INTERNAL', 'The engine could not process the request', instance);
  };
}
