/** Option lists for filters and forms, from the server's own label tables. */
import { CASE_STATUS_LABELS, CASE_TYPE_LABELS, RELATION_LABELS } from '../../../server/api/cases/schemas';
import { ROLE_LABELS, ROLES } from '../../../server/auth/roles';

const options = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));

export const CASE_TYPE_OPTIONS = options(CASE_TYPE_LABELS);
export const CASE_STATUS_OPTIONS = options(CASE_STATUS_LABELS);
export const RELATION_OPTIONS = options(RELATION_LABELS);
export const ROLE_OPTIONS = ROLES.map((value) => ({ value, label: ROLE_LABELS[value] }));
export { CASE_STATUS_LABELS, CASE_TYPE_LABELS, RELATION_LABELS, ROLE_LABELS };
