/**
 * The signed-in user, their jurisdiction's names and the CSRF token, shared by every page.
 * The session itself is the server's http-only cookie; this store only mirrors what
 * GET /api/session says, so a reload asks the server again instead of trusting local storage.
 */
import { computed, reactive } from 'vue';
import { session as sessionApi, type Jurisdictions, type Role, type SignedInUser } from './api';
import { setCsrfToken } from './api/http';
import {
  CASE_READERS,
  CASE_REGISTRARS,
  DISTRICT_DECIDERS,
  OBJECTION_RECORDERS,
  ROLE_LABELS,
  SUPERVISORS,
  isStreetRole,
} from '../../server/auth/roles';

export { ROLE_LABELS, isStreetRole };

interface State {
  user: SignedInUser | null;
  jurisdictions: Jurisdictions | null;
  /** Whether the first probe of GET /api/session has answered. */
  probed: boolean;
}

export const state = reactive<State>({ user: null, jurisdictions: null, probed: false });

export const signedIn = computed(() => state.user !== null);

/** 双龙湖街道（渝北区） or 渝北区: where the user works. */
export const jurisdictionName = computed(() => {
  const u = state.user;
  const j = state.jurisdictions;
  if (!u || !j) return '';
  if (!u.streetCode) return j.district.name;
  const street = j.streets.find((s) => s.code === u.streetCode);
  return street ? `${street.name}（${j.district.name}）` : j.district.name;
});

function accept(user: SignedInUser, csrfToken: string): void {
  state.user = user;
  setCsrfToken(csrfToken);
}

async function loadJurisdictions(): Promise<void> {
  if (!state.user || state.user.mustChangePassword) return;
  try {
    state.jurisdictions = await sessionApi.jurisdictions();
  } catch {
    state.jurisdictions = null;
  }
}

/** Asks the server who is signed in (once per page load, or again after sign-in). */
export async function probe(): Promise<void> {
  try {
    const s = await sessionApi.current();
    accept(s.user, s.csrfToken);
    await loadJurisdictions();
  } catch {
    state.user = null;
    setCsrfToken(null);
  } finally {
    state.probed = true;
  }
}

export async function signIn(username: string, password: string): Promise<SignedInUser> {
  const s = await sessionApi.signIn(username, password);
  accept(s.user, s.csrfToken);
  state.probed = true;
  await loadJurisdictions();
  return s.user;
}

export async function signOut(): Promise<void> {
  try {
    await sessionApi.signOut();
  } finally {
    forget();
  }
}

/** Drops the local mirror (the server already ended the session, e.g. on 401). */
export function forget(): void {
  state.user = null;
  state.jurisdictions = null;
  setCsrfToken(null);
}

export async function passwordChanged(user: SignedInUser): Promise<void> {
  state.user = user;
  await loadJurisdictions();
}

// ---- what the signed-in role may do (the same role groups the API routes declare) ---------------

const has = (roles: readonly Role[]) => (state.user ? roles.includes(state.user.role) : false);

export const can = {
  readCases: () => has(CASE_READERS),
  register: () => has(CASE_REGISTRARS),
  recordObjection: () => has(OBJECTION_RECORDERS),
  escalations: () => has(DISTRICT_DECIDERS),
  export: () => has(SUPERVISORS),
  archive: () => has(['archivist', 'district_official', 'district_section_head', 'district_head']),
  disburse: () => has(['district_official', 'district_section_head', 'district_head']),
  admin: () => has(['admin']),
};
