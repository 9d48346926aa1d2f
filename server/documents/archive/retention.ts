/**
 * Retention periods (DOMAIN.md "Archive"): 审批类 (application, investigation, approval papers)
 * at least 3 years after the household leaves assistance; 日常管理类 (rosters, change decisions)
 * at least 5 years. Periods run from 1 January of the year after the starting event, as archives
 * count them, and end on 31 December.
 */
import type { RetentionClass } from '../catalog';

export const RETENTION_YEARS: Record<RetentionClass, number> = { approval: 3, routine: 5 };

function endOfYearAfter(from: Date, years: number): Date {
  return new Date(Date.UTC(from.getUTCFullYear() + years, 11, 31));
}

/** Known at archiving time only for 日常管理类; 审批类 waits for the household's exit. */
export function retentionAtArchiving(cls: RetentionClass, documentDate: Date): Date | null {
  return cls === 'routine' ? endOfYearAfter(documentDate, RETENTION_YEARS.routine) : null;
}

/** The date until which a document must be kept; null while the household is still assisted. */
export function retentionUntil(
  doc: { retentionClass: RetentionClass; retentionYears: number; retentionUntil: Date | null },
  householdLeftOn: Date | null,
): Date | null {
  if (doc.retentionClass === 'routine') return doc.retentionUntil;
  return householdLeftOn ? endOfYearAfter(householdLeftOn, doc.retentionYears) : null;
}
