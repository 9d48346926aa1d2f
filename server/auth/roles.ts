/**
 * Roles (DOMAIN.md "Roles") and jurisdictions: a street role works in one 街道, a district role in
 * one 区县. `covers` is the single rule every route's guard applies: nobody reads or acts on a
 * resource outside their jurisdiction.
 */
import type { Role } from '../db/generated/enums';

export type { Role };

export const ROLES = [
  'street_clerk',
  'street_investigator',
  'street_reviewer',
  'district_verifier',
  'district_official',
  'district_section_head',
  'district_head',
  'district_panel',
  'archivist',
  'admin',
] as const satisfies readonly Role[];

export const ROLE_LABELS: Record<Role, string> = {
  street_clerk: '街道经办人',
  street_investigator: '街道调查员',
  street_reviewer: '街道审核人',
  district_verifier: '区县核查认定中心',
  district_official: '区县审批人',
  district_section_head: '区县科室负责人',
  district_head: '区县民政局负责人',
  district_panel: '区县评审会',
  archivist: '档案员',
  admin: '管理员',
};

export const STREET_ROLES: readonly Role[] = ['street_clerk', 'street_investigator', 'street_reviewer'];

export function isStreetRole(role: Role): boolean {
  return STREET_ROLES.includes(role);
}

/** Where a user works or a resource belongs: a street inside a district, or a whole district. */
export interface Jurisdiction {
  districtCode: string;
  streetCode: string | null;
}

/** A street user covers its street; a district user covers its whole district. */
export function covers(actor: Jurisdiction, resource: Jurisdiction): boolean {
  if (actor.streetCode) return resource.streetCode === actor.streetCode;
  return resource.districtCode === actor.districtCode;
}

/** The row filter that scopes every query to the actor's jurisdiction. */
export type Scope = { streetCode: string } | { districtCode: string };

export function scopeOf(actor: Jurisdiction): Scope {
  return actor.streetCode ? { streetCode: actor.streetCode } : { districtCode: actor.districtCode };
}

/** The code written to the audit trail as "where the actor acted". */
export function jurisdictionCode(j: Jurisdiction): string {
  return j.streetCode ?? j.districtCode;
}

/** Who may do what (DOMAIN.md "Roles"); routes pick from these groups. */
export const CASE_READERS: readonly Role[] = ROLES.filter((r) => r !== 'admin');
export const CASE_REGISTRARS: readonly Role[] = ['street_clerk'];
/** Objections to a 公示: recorded by the street that posted it (clerk or reviewer). */
export const OBJECTION_RECORDERS: readonly Role[] = ['street_clerk', 'street_reviewer'];
export const DISTRICT_DECIDERS: readonly Role[] = [
  'district_official',
  'district_section_head',
  'district_head',
  'district_panel',
];
export const SUPERVISORS: readonly Role[] = [
  'street_reviewer',
  'district_official',
  'district_section_head',
  'district_head',
];
export const ADMINS: readonly Role[] = ['admin'];
