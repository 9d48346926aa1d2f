/**
 * In-process API over real HTTP and a real PostgreSQL schema per test file, with fixture
 * jurisdictions (two streets of 渝北区 and one street of 渝中区) and one user per role in each.
 */
import type { Server } from 'node:http';
import { createApp, type AppContext } from '../../../server/app';
import { hashPassword } from '../../../server/auth/password';
import { ROLES, isStreetRole, type Role } from '../../../server/auth/roles';
import { createSession } from '../../../server/auth/session';
import { loadConfig } from '../../../server/config';
import { createLogger } from '../../../server/log';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';

export const PASSWORD = 'Fixture-pass-2026';

export const A = { code: '500112', name: '渝北区', shortName: '渝北' };
export const B = { code: '500103', name: '渝中区', shortName: '渝中' };
export const S1 = { code: '500112001', name: '双龙湖街道', districtCode: A.code };
export const S2 = { code: '500112007', name: '龙溪街道', districtCode: A.code };
export const S3 = { code: '500103001', name: '解放碑街道', districtCode: B.code };

export interface FixtureUser {
  id: string;
  username: string;
  role: Role;
  districtCode: string;
  streetCode: string | null;
}

export interface Api {
  base: string;
  tdb: TestDatabase;
  ctx: AppContext;
  close(): Promise<void>;
}

export async function startApi(label: string, env: Record<string, string> = {}): Promise<Api> {
  const tdb = await createTestDatabase(label);
  const ctx: AppContext = {
    config: loadConfig({ NODE_ENV: 'test', ...env }),
    log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    db: tdb.db,
  };
  const app = createApp(ctx);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;
  return {
    base: `http://127.0.0.1:${port}`,
    tdb,
    ctx,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await tdb.drop();
    },
  };
}

/** Districts, streets and, per role, one user inside (S1 / A) and users outside (S2, B, S3). */
export async function seedFixtures(api: Api) {
  const db = api.tdb.db;
  for (const d of [A, B]) await db.district.create({ data: d });
  for (const s of [S1, S2, S3]) await db.street.create({ data: s });
  const passwordHash = await hashPassword(PASSWORD);
  const users: FixtureUser[] = [];
  const add = async (username: string, role: Role, districtCode: string, streetCode: string | null) => {
    const u = await db.user.create({
      data: { username, displayName: username, role, districtCode, streetCode, passwordHash },
    });
    users.push({ id: u.id, username, role, districtCode, streetCode });
    return users.at(-1)!;
  };
  for (const role of ROLES) {
    if (isStreetRole(role)) {
      await add(`s1-${role}`, role, A.code, S1.code);
      await add(`s2-${role}`, role, A.code, S2.code);
      await add(`s3-${role}`, role, B.code, S3.code);
    } else {
      await add(`a-${role}`, role, A.code, null);
      await add(`b-${role}`, role, B.code, null);
    }
  }
  /** The user of `role` whose jurisdiction covers S1, and one whose does not. */
  const inside = (role: Role) =>
    users.find((u) => u.username === (isStreetRole(role) ? `s1-${role}` : `a-${role}`))!;
  const outside = (role: Role) =>
    users.find((u) => u.username === (isStreetRole(role) ? `s2-${role}` : `b-${role}`))!;
  return { users, inside, outside, add };
}

export type Fixtures = Awaited<ReturnType<typeof seedFixtures>>;

/** A signed-in HTTP client: session cookie + CSRF token, as the UI holds them. */
export class Client {
  constructor(
    readonly base: string,
    public cookie?: string,
    public csrf?: string,
  ) {}

  static async signIn(
    base: string,
    username: string,
    password = PASSWORD,
    headers: Record<string, string> = {},
  ) {
    const c = new Client(base);
    const r = await c.post('/api/session', { username, password }, headers);
    if (r.status !== 200)
      throw new Error(`sign-in of ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return c;
  }

  /** A session minted the way sign-in mints it (skips argon2 for matrix speed). */
  static async minted(api: Api, userId: string) {
    const s = await createSession(api.tdb.db, userId, api.ctx.config.auth);
    return new Client(api.base, `jz_session=${s.token}`, s.csrfToken);
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any; text: string; headers: Headers }> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* CSV or HTML */
    }
    const setCookie = res.headers.get('set-cookie');
    if (setCookie?.startsWith('jz_session=')) this.cookie = setCookie.split(';')[0];
    if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed)
      this.csrf = (parsed as { csrfToken: string }).csrfToken;
    return { status: res.status, body: parsed, text, headers: res.headers };
  }

  get = (path: string, headers?: Record<string, string>) => this.request('GET', path, undefined, headers);
  post = (path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('POST', path, body, headers);
  put = (path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('PUT', path, body, headers);
  patch = (path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('PATCH', path, body, headers);
  delete = (path: string, headers?: Record<string, string>) =>
    this.request('DELETE', path, undefined, headers);
}
