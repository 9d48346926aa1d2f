/**
 * Sign-in with username + password (argon2id), rate-limited per client address and locked per
 * account after repeated failures; both counters live in PostgreSQL so they survive restarts.
 * Unknown usernames cost the same argon2 work as known ones and get the same answer.
 */
import type { Db } from '../db/client';
import { appendAudit, type AuditActor } from './audit';
import { hashPassword, verifyPassword } from './password';
import { createSession, type SessionSettings } from './session';

export interface ThrottleSettings {
  loginMaxFailures: number;
  loginLockMinutes: number;
  loginIpMaxFailures: number;
  loginIpWindowMinutes: number;
}

export type SignInResult =
  | {
      ok: true;
      user: AuditActor & { username: string; mustChangePassword: boolean };
      token: string;
      csrfToken: string;
      expiresAt: Date;
    }
  | { ok: false; reason: 'invalid' | 'inactive' | 'locked' | 'throttled'; retryAfterSeconds?: number };

let dummyHash: Promise<string> | undefined;
/** A hash to verify against when the username is unknown, so timing does not reveal it. */
function dummy(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}`);
  return dummyHash;
}

const secondsUntil = (d: Date) => Math.max(1, Math.ceil((d.getTime() - Date.now()) / 1000));

export async function signIn(
  db: Db,
  settings: SessionSettings & ThrottleSettings,
  input: { username: string; password: string; ip: string },
): Promise<SignInResult> {
  const ipKey = `ip:${input.ip}`;
  const ipRow = await db.loginThrottle.findUnique({ where: { key: ipKey } });
  if (ipRow?.lockedUntil && ipRow.lockedUntil > new Date()) {
    return { ok: false, reason: 'throttled', retryAfterSeconds: secondsUntil(ipRow.lockedUntil) };
  }
  const user = await db.user.findUnique({ where: { username: input.username } });
  if (user?.lockedUntil && user.lockedUntil > new Date()) {
    return { ok: false, reason: 'locked', retryAfterSeconds: secondsUntil(user.lockedUntil) };
  }
  const passwordOk = user
    ? await verifyPassword(user.passwordHash, input.password)
    : (await verifyPassword(await dummy(), input.password), false);

  if (!user || !passwordOk) {
    await recordFailure(db, settings, ipKey, user?.id ?? null, user ? input.username : null, input.ip);
    return { ok: false, reason: 'invalid' };
  }
  const actor: AuditActor = {
    id: user.id,
    displayName: user.displayName,
    role: user.role,
    districtCode: user.districtCode,
    streetCode: user.streetCode,
  };
  if (!user.active) {
    await db.$transaction((tx) =>
      appendAudit(tx, actor, [
        { action: 'session.sign-in-refused', summary: { reason: 'inactive', ip: input.ip } },
      ]),
    );
    return { ok: false, reason: 'inactive' };
  }
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
    // Sweep sessions that ended without a sign-out, so the table holds live sessions only.
    const idleSince = new Date(Date.now() - settings.sessionIdleMinutes * 60_000);
    await tx.session.deleteMany({
      where: { OR: [{ expiresAt: { lt: new Date() } }, { lastSeenAt: { lt: idleSince } }] },
    });
    const s = await createSession(tx, user.id, settings);
    await appendAudit(tx, actor, [{ action: 'session.sign-in', summary: { ip: input.ip } }]);
    return {
      ok: true as const,
      user: { ...actor, username: user.username, mustChangePassword: user.mustChangePassword },
      token: s.token,
      csrfToken: s.csrfToken,
      expiresAt: s.expiresAt,
    };
  });
}

/** Counts a failure against the address and (when it exists) the account; locks when over limit. */
async function recordFailure(
  db: Db,
  s: ThrottleSettings,
  ipKey: string,
  userId: string | null,
  username: string | null,
  ip: string,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const window = s.loginIpWindowMinutes;
    const [ipState] = await tx.$queryRaw<{ failures: number }[]>`
      INSERT INTO login_throttle (key, failures, window_start) VALUES (${ipKey}, 1, now())
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN login_throttle.window_start < now() - make_interval(mins => ${window}::int)
                        THEN 1 ELSE login_throttle.failures + 1 END,
        window_start = CASE WHEN login_throttle.window_start < now() - make_interval(mins => ${window}::int)
                            THEN now() ELSE login_throttle.window_start END,
        locked_until = NULL
      RETURNING failures`;
    if (ipState && ipState.failures >= s.loginIpMaxFailures) {
      await tx.$executeRaw`UPDATE login_throttle
        SET locked_until = window_start + make_interval(mins => ${window}::int) WHERE key = ${ipKey}`;
    }
    let locked = false;
    if (userId) {
      const [u] = await tx.$queryRaw<{ failed_logins: number; locked_until: Date | null }[]>`
        UPDATE app_user SET
          failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_logins + 1 END,
          locked_until = CASE
            WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1 ELSE failed_logins + 1 END)
                 >= ${s.loginMaxFailures}::int
              THEN now() + make_interval(mins => ${s.loginLockMinutes}::int)
            ELSE NULL END
        WHERE id = ${userId}::uuid
        RETURNING failed_logins, locked_until`;
      locked = Boolean(u?.locked_until);
    }
    // A failed sign-in is a write (counters); it is audited without the attempted password or
    // an unknown name (people type passwords into the name field).
    await appendAudit(tx, null, [
      {
        action: locked ? 'session.account-locked' : 'session.sign-in-failed',
        summary: { username, userId, ip },
      },
    ]);
  });
}
