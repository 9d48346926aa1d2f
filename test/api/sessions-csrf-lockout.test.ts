/** Sign-in, cookies, CSRF, idle/absolute expiry, lockout per account and per address, passwords. */
import { Client, PASSWORD, seedFixtures, startApi, type Api, type Fixtures } from './support/harness';

let api: Api;
let fx: Fixtures;

beforeAll(async () => {
  api = await startApi('sessions', {
    LOGIN_MAX_FAILURES: '3',
    LOGIN_LOCK_MINUTES: '15',
    LOGIN_IP_MAX_FAILURES: '6',
    SESSION_IDLE_MINUTES: '30',
  });
  fx = await seedFixtures(api);
});
afterAll(() => api.close());

const ip = (n: number) => ({ 'x-forwarded-for': `10.9.0.${n}` });

describe('sign-in and the session cookie', () => {
  it('sets an http-only SameSite=Strict cookie and returns the CSRF token, never the password hash', async () => {
    const c = new Client(api.base);
    const r = await c.post('/api/session', { username: 's1-street_clerk', password: PASSWORD }, ip(1));
    expect(r.status).toBe(200);
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^jz_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(r.body.csrfToken).toEqual(expect.any(String));
    expect(r.text).not.toMatch(/argon2|passwordHash/);
    const stored = await api.tdb.db.session.findMany({ where: { userId: fx.inside('street_clerk').id } });
    // Only the token's hash is stored.
    expect(stored.map((s) => s.id)).not.toContain(c.cookie!.split('=')[1]);
    expect((await c.get('/api/session')).body.user.username).toBe('s1-street_clerk');
  });

  it('marks the cookie Secure behind an https proxy', async () => {
    const r = await new Client(api.base).post(
      '/api/session',
      { username: 's1-street_clerk', password: PASSWORD },
      { ...ip(2), 'x-forwarded-proto': 'https' },
    );
    expect(r.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('answers a wrong password and an unknown user alike (401, same text)', async () => {
    const c = new Client(api.base);
    const wrong = await c.post(
      '/api/session',
      { username: 's1-street_reviewer', password: 'nope-nope-1' },
      ip(3),
    );
    const unknown = await c.post('/api/session', { username: 'nobody-here', password: 'nope-nope-1' }, ip(3));
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    await api.tdb.db.user.update({
      where: { id: fx.inside('street_reviewer').id },
      data: { failedLogins: 0 },
    });
  });

  it('sends security headers (helmet)', async () => {
    const r = await new Client(api.base).get('/api/session');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('x-powered-by')).toBeNull();
  });

  it('ends the session on sign-out; the old cookie no longer works', async () => {
    const c = await Client.signIn(api.base, 's1-street_investigator', PASSWORD, ip(4));
    const old = c.cookie;
    expect((await c.delete('/api/session')).status).toBe(200);
    const again = new Client(api.base, old, c.csrf);
    expect((await again.get('/api/session')).status).toBe(401);
  });

  it('ends an idle session and one past its absolute limit', async () => {
    const idle = await Client.signIn(api.base, 's2-street_clerk', PASSWORD, ip(5));
    const idleId = (
      await api.tdb.db.session.findFirstOrThrow({ where: { userId: fx.outside('street_clerk').id } })
    ).id;
    await api.tdb.db.session.update({
      where: { id: idleId },
      data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) },
    });
    expect((await idle.get('/api/session')).status).toBe(401);
    expect(await api.tdb.db.session.count({ where: { id: idleId } })).toBe(0);

    const old = await Client.minted(api, fx.outside('street_reviewer').id);
    await api.tdb.db.session.updateMany({
      where: { userId: fx.outside('street_reviewer').id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await old.get('/api/session')).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a write without the token, with a wrong one, and with another session’s token', async () => {
    const a = await Client.minted(api, fx.inside('admin').id);
    const b = await Client.minted(api, fx.outside('admin').id);
    const body = { username: 'csrf-victim', displayName: '不应创建', role: 'district_official' };
    for (const token of ['', 'x'.repeat(32), b.csrf!]) {
      const r = await a.post('/api/admin/users', body, { 'x-csrf-token': token });
      expect(r.status).toBe(403);
      expect(r.body.title).toBe('请求校验失败');
    }
    expect(await api.tdb.db.user.count({ where: { username: 'csrf-victim' } })).toBe(0);
    expect((await a.post('/api/admin/users', body)).status).toBe(201);
  });
});

describe('lockout and rate limiting (stored in PostgreSQL)', () => {
  it('locks an account after the configured failures, even with the right password, until unlocked', async () => {
    const user = fx.inside('street_investigator');
    for (let i = 0; i < 3; i++) {
      expect(
        (
          await new Client(api.base).post(
            '/api/session',
            { username: user.username, password: 'wrong-pass-1' },
            ip(20 + i),
          )
        ).status,
      ).toBe(401);
    }
    const locked = await new Client(api.base).post(
      '/api/session',
      { username: user.username, password: PASSWORD },
      ip(30),
    );
    expect(locked.status).toBe(423);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    const row = await api.tdb.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    const events = await api.tdb.db.auditEvent.findMany({ where: { action: 'session.account-locked' } });
    expect(events).toHaveLength(1);

    const admin = await Client.minted(api, fx.inside('admin').id);
    const list = await admin.get('/api/admin/users?q=s1-street_investigator');
    expect(list.body.items[0].locked).toBe(true);
    expect((await admin.post(`/api/admin/users/${user.id}/unlock`)).status).toBe(200);
    expect(
      (
        await new Client(api.base).post(
          '/api/session',
          { username: user.username, password: PASSWORD },
          ip(31),
        )
      ).status,
    ).toBe(200);
  });

  it('unlocks by itself when the lock has expired', async () => {
    const user = fx.outside('street_investigator');
    await api.tdb.db.user.update({
      where: { id: user.id },
      data: { failedLogins: 3, lockedUntil: new Date(Date.now() - 1000) },
    });
    expect(
      (
        await new Client(api.base).post(
          '/api/session',
          { username: user.username, password: PASSWORD },
          ip(32),
        )
      ).status,
    ).toBe(200);
  });

  it('makes one address wait after too many failures, whatever the usernames, across a restart', async () => {
    const attacker = ip(99);
    for (let i = 0; i < 6; i++) {
      const r = await new Client(api.base).post(
        '/api/session',
        { username: `guess-${i}`, password: 'wrong-pass-1' },
        attacker,
      );
      expect(r.status).toBe(401);
    }
    const blocked = await new Client(api.base).post(
      '/api/session',
      { username: 's1-street_clerk', password: PASSWORD },
      attacker,
    );
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    // The counter is a row, not memory: a fresh app on the same database still refuses.
    const { createApp } = await import('../../server/app');
    const app2 = createApp(api.ctx);
    const server = app2.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base2 = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const again = await new Client(base2).post(
      '/api/session',
      { username: 's1-street_clerk', password: PASSWORD },
      attacker,
    );
    server.close();
    expect(again.status).toBe(429);
    // Another address is not affected.
    expect(
      (
        await new Client(api.base).post(
          '/api/session',
          { username: 's1-street_clerk', password: PASSWORD },
          ip(98),
        )
      ).status,
    ).toBe(200);
  });
});

describe('passwords', () => {
  it('changes the password, ends the other sessions and keeps this one', async () => {
    const user = fx.inside('district_verifier');
    const here = await Client.signIn(api.base, user.username, PASSWORD, ip(40));
    const elsewhere = await Client.signIn(api.base, user.username, PASSWORD, ip(41));
    const weak = await here.put('/api/session/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors.map((e: { field: string }) => e.field)).toContain('newPassword');
    const wrong = await here.put('/api/session/password', {
      currentPassword: 'not-it-123',
      newPassword: 'Another-pass-2026',
    });
    expect(wrong.status).toBe(400);
    const ok = await here.put('/api/session/password', {
      currentPassword: PASSWORD,
      newPassword: 'Another-pass-2026',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.endedSessions).toBe(1);
    expect((await here.get('/api/session')).status).toBe(200);
    expect((await elsewhere.get('/api/session')).status).toBe(401);
    expect(
      (
        await new Client(api.base).post(
          '/api/session',
          { username: user.username, password: 'Another-pass-2026' },
          ip(42),
        )
      ).status,
    ).toBe(200);
  });

  it('forces a change after an administrator’s reset: other routes refuse until then', async () => {
    const user = fx.inside('archivist');
    const admin = await Client.minted(api, fx.inside('admin').id);
    const reset = await admin.post(`/api/admin/users/${user.id}/reset-password`);
    expect(reset.status).toBe(200);
    const temp = reset.body.temporaryPassword as string;
    const c = await Client.signIn(api.base, user.username, temp, ip(43));
    expect((await c.get('/api/session')).body.user.mustChangePassword).toBe(true);
    const blocked = await c.get('/api/cases');
    expect(blocked.status).toBe(403);
    expect(blocked.body.title).toBe('需要修改密码');
    expect(
      (await c.put('/api/session/password', { currentPassword: temp, newPassword: 'Archive-pass-2026' }))
        .status,
    ).toBe(200);
    expect((await c.get('/api/cases')).status).toBe(200);
  });

  it('refuses sign-in of a deactivated account and ends its sessions', async () => {
    const user = fx.outside('archivist');
    const c = await Client.minted(api, user.id);
    const admin = await Client.minted(api, fx.outside('admin').id);
    expect((await admin.patch(`/api/admin/users/${user.id}`, { active: false })).status).toBe(200);
    expect((await c.get('/api/session')).status).toBe(401);
    const r = await new Client(api.base).post(
      '/api/session',
      { username: user.username, password: PASSWORD },
      ip(44),
    );
    expect(r.status).toBe(403);
    expect(r.body.title).toBe('账户已停用');
  });

  it('does not let an administrator demote or deactivate themselves', async () => {
    const me = fx.inside('admin');
    const admin = await Client.minted(api, me.id);
    expect((await admin.patch(`/api/admin/users/${me.id}`, { active: false })).status).toBe(409);
    expect((await admin.patch(`/api/admin/users/${me.id}`, { role: 'archivist' })).status).toBe(409);
  });

  it('checks that a street role gets a street of the administrator’s own district', async () => {
    const admin = await Client.minted(api, fx.inside('admin').id);
    const noStreet = await admin.post('/api/admin/users', {
      username: 'no-street',
      displayName: '甲',
      role: 'street_clerk',
    });
    expect(noStreet.status).toBe(400);
    const foreign = await admin.post('/api/admin/users', {
      username: 'foreign-street',
      displayName: '乙',
      role: 'street_clerk',
      streetCode: '500103001',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].field).toBe('streetCode');
    expect(
      await api.tdb.db.user.count({ where: { username: { in: ['no-street', 'foreign-street'] } } }),
    ).toBe(0);
  });
});
