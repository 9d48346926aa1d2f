import type { Server } from 'node:http';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/log';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let tdb: TestDatabase;
let server: Server;
let base: string;

beforeAll(async () => {
  tdb = await createTestDatabase('health');
  const app = createApp({ config: loadConfig({}), log: createLogger('silent'), db: tdb.db });
  server = app.listen(0);
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.close();
  await tdb.drop();
});

describe('health and error shapes', () => {
  it('answers /healthz and /readyz when the database is migrated', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('says 503 on /readyz when a migration is missing', async () => {
    await tdb.db.$executeRawUnsafe('DELETE FROM "_prisma_migrations"');
    const r = await fetch(`${base}/readyz`);
    expect(r.status).toBe(503);
    expect(((await r.json()) as { status: string }).status).toBe('migrating');
  });

  it('answers unknown routes with a zh-CN problem+json', async () => {
    const r = await fetch(`${base}/api/nothing-here`);
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const body = (await r.json()) as { title: string; status: number };
    expect(body.title).toBe('未找到');
    expect(body.status).toBe(404);
  });

  it('answers malformed JSON with 400 and no stack trace', async () => {
    const r = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(r.status).toBe(400);
    const text = await r.text();
    expect(text).toContain('不是合法的 JSON');
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });
});
