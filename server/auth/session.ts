/**
 * Server-side sessions in PostgreSQL. The browser holds a random token in an http-only,
 * SameSite=Strict cookie (Secure behind https); the table holds only the token's SHA-256 and a
 * synchronizer CSRF token that cookie-authenticated writes must echo in `X-CSRF-Token`.
 * Sessions end after an idle timeout, at an absolute limit, on sign-out, on password change
 * (other sessions) and when an administrator resets or deactivates the account.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/client';
import type { Tx } from './audit';
import type { Jurisdiction, Role } from './roles';

export const SESSION_COOKIE = 'jz_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface SessionSettings {
  sessionIdleMinutes: number;
  sessionMaxHours: number;
}

/** The signed-in user as every route sees it. */
export interface Actor extends Jurisdiction {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  mustChangePassword: boolean;
  sessionId: string;
  csrfToken: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function sessionIdOf(token: string): string {
  return sha256(token);
}

export async function createSession(
  db: Db | Tx,
  userId: string,
  settings: SessionSettings,
): Promise<{ token: string; sessionId: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + settings.sessionMaxHours * 3_600_000);
  const sessionId = sessionIdOf(token);
  await db.session.create({ data: { id: sessionId, userId, csrfToken, expiresAt } });
  return { token, sessionId, csrfToken, expiresAt };
}

/**
 * The actor behind a cookie token, or null when the session is unknown, expired or idle.
 * Session and user come in one query: this runs before every API request.
 */
export async function loadSession(db: Db, token: string, settings: SessionSettings): Promise<Actor | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const id = sessionIdOf(token);
  const [s] = await db.$queryRaw<SessionRow[]>`
    SELECT s.csrf_token AS "csrfToken", s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt",
           u.id, u.username, u.display_name AS "displayName", u.role::text AS role,
           u.district_code AS "districtCode", u.street_code AS "streetCode", u.active,
           u.must_change_password AS "mustChangePassword"
      FROM session s JOIN app_user u ON u.id = s.user_id
     WHERE s.id = ${id}`;
  if (!s) return null;
  const now = Date.now();
  const idleLimit = s.lastSeenAt.getTime() + settings.sessionIdleMinutes * 60_000;
  if (now >= s.expiresAt.getTime() || now >= idleLimit || !s.active) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  // Touch at most once a minute: enough for the idle timeout, cheap for busy pages.
  if (now - s.lastSeenAt.getTime() > 60_000) {
    await db.session.update({ where: { id }, data: { lastSeenAt: new Date(now) } });
  }
  return {
    id: s.id,
    username: s.username,
    displayName: s.displayName,
    role: s.role,
    districtCode: s.districtCode,
    streetCode: s.streetCode,
    mustChangePassword: s.mustChangePassword,
    sessionId: id,
    csrfToken: s.csrfToken,
  };
}

interface SessionRow {
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
  id: string;
  username: string;
  displayName: string;
  role: Role;
  districtCode: string;
  streetCode: string | null;
  active: boolean;
  mustChangePassword: boolean;
}

export async function endSession(db: Db | Tx, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/** Ends every session of a user, optionally keeping the one making the request. */
export async function endUserSessions(db: Db | Tx, userId: string, keepSessionId?: string): Promise<number> {
  const { count } = await db.session.deleteMany({
    where: { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
  });
  return count;
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Reads one cookie from a Cookie header (no dependency needed for a single name). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function sessionCookie(token: string, opts: { secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${opts.maxAgeSeconds}`,
    ...(opts.secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return [
    `${SESSION_COOKIE}=`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    'Max-Age=0',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
