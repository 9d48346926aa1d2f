/**
 * Who decides and who must look again: the decision level per case type, the district home visit
 * for staff relatives, and the candidate groups that carry a role's jurisdiction into user tasks.
 */

export type DecisionLevel = 'street' | 'district';

/**
 * 低保 审核确认: the 区县民政局, or the 街道 where the power is delegated (57号 §2 第二款, §20;
 * DIBAO_DECISION_DELEGATED).
 */
export function dibaoDecisionLevel(delegated: boolean): DecisionLevel {
  return delegated ? 'street' : 'district';
}

/** 特困 认定 is always confirmed by the 区县民政局 (43号). */
export function tekunDecisionLevel(): DecisionLevel {
  return 'district';
}

/**
 * 单独登记备案 (57号 §11): an application by a close relative of staff (经办人员 or 村/居委会成员)
 * is filed separately and the district does its own home visit.
 */
export function needsDistrictHomeVisit(members: readonly { staffRelative?: boolean }[]): boolean {
  return members.some((m) => m.staffRelative === true);
}

/** Roles as candidate-group suffixes (the `Role` enum without its street_/district_ prefix). */
export type StreetGroupRole = 'clerk' | 'investigator' | 'reviewer';
export type DistrictGroupRole = 'verifier' | 'official' | 'section_head' | 'head' | 'panel' | 'archivist';

/** `street:<街道代码>:<role>`, as the models write `=["street:" + streetCode + ":clerk"]`. */
export const streetGroup = (streetCode: string, role: StreetGroupRole) => `street:${streetCode}:${role}`;
/** `district:<区县代码>:<role>`. */
export const districtGroup = (districtCode: string, role: DistrictGroupRole) =>
  `district:${districtCode}:${role}`;

const ROLE_GROUP: Record<string, StreetGroupRole | DistrictGroupRole | undefined> = {
  street_clerk: 'clerk',
  street_investigator: 'investigator',
  street_reviewer: 'reviewer',
  district_verifier: 'verifier',
  district_official: 'official',
  district_section_head: 'section_head',
  district_head: 'head',
  district_panel: 'panel',
  archivist: 'archivist',
};

/**
 * The candidate groups a user's tasks are searched by: exactly one, carrying the user's own
 * jurisdiction, so a user never sees another street's or district's tasks. Admins have none.
 */
export function candidateGroupsOf(user: {
  role: string;
  districtCode: string;
  streetCode: string | null;
}): string[] {
  const group = ROLE_GROUP[user.role];
  if (!group) return [];
  if (user.role.startsWith('street_')) {
    if (!user.streetCode) throw new RangeError(`街道角色 ${user.role} 缺少所属街道`);
    return [streetGroup(user.streetCode, group as StreetGroupRole)];
  }
  return [districtGroup(user.districtCode, group as DistrictGroupRole)];
}
