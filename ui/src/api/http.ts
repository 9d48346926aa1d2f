/**
 * The one HTTP door of the UI: JSON over fetch with the session cookie, the CSRF token echoed on
 * writes (X-CSRF-Token, see server/auth/session.ts), and problem+json errors turned into `ApiError`
 * with the server's zh-CN title, detail and per-field messages.
 */

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldError[] = [],
    /** The server has no such route (not deployed yet), as opposed to a missing resource. */
    readonly routeMissing = false,
  ) {
    super(detail ?? title);
  }

  /** One line for a message box: detail when the server gave one, else the title. */
  get text(): string {
    return this.detail ?? this.title;
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Listeners for 401 (session ended) and 403 "需要修改密码", set by the session store. */
const handlers: { unauthenticated?: () => void; mustChangePassword?: () => void } = {};

export function onSessionProblem(h: typeof handlers): void {
  Object.assign(handlers, h);
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

async function toError(res: Response): Promise<ApiError> {
  let body: { title?: string; detail?: string; errors?: FieldError[] } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // not JSON (a proxy's error page): fall back to the status line
  }
  const title = body.title ?? `请求失败（${res.status}）`;
  // The server's catch-all answers unknown paths with "没有这个地址：…" (server/api/problem.ts).
  const routeMissing = res.status === 404 && (body.detail ?? '').startsWith('没有这个地址');
  return new ApiError(res.status, title, body.detail, body.errors ?? [], routeMissing);
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Do not call the session handlers on 401/403 (sign-in itself, the session probe). */
  quiet?: boolean;
  signal?: AbortSignal;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
      signal: opts.signal ?? null,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, '网络错误', '无法连接服务器，请检查网络后重试');
  }
  if (!res.ok) {
    const e = await toError(res);
    if (!opts.quiet && e.status === 401) handlers.unauthenticated?.();
    if (!opts.quiet && e.status === 403 && e.title === '需要修改密码') handlers.mustChangePassword?.();
    throw e;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal) =>
  request<T>('GET', path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) });
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, { body });
export const put = <T>(path: string, body?: unknown) => request<T>('PUT', path, { body });
export const patch = <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body });
export const del = <T>(path: string) => request<T>('DELETE', path);

/** A file URL for links and previews (same origin, the cookie does the rest). */
export function fileUrl(path: string, query?: Query): string {
  return withQuery(path, query);
}
