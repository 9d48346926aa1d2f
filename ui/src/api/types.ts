/**
 * Types of what the API sends and takes, inferred from the server's own zod schemas (type-only
 * imports: nothing of the server is bundled by these), so a changed response shape fails `vue-tsc`
 * instead of a page. Only what the server has no schema for (the session envelope, query objects)
 * is written here.
 */
import type { z } from 'zod';
import type { AdminUserSchema } from '../../../server/api/admin-routes';
import type {
  ArchiveFile as ArchiveFileSchema,
  ArchiveHousehold as ArchiveHouseholdSchema,
  ArchiveVerification as ArchiveVerificationSchema,
} from '../../../server/api/archive-routes';
import type { CalculationResult as CalculationResultSchema } from '../../../server/api/calculation-routes';
import type { Checklist as ChecklistSchema } from '../../../server/api/cases/materials-routes';
import type {
  ApplicationInput as ApplicationSchema,
  CaseDetail as CaseDetailSchema,
  CaseListItem as CaseListItemSchema,
  TimelineEntry as TimelineEntrySchema,
} from '../../../server/api/cases/schemas';
import type { Colleague as ColleagueSchema } from '../../../server/api/colleagues-routes';
import type {
  CaseDiagram as CaseDiagramSchema,
  ElementStatistics as ElementStatisticsSchema,
} from '../../../server/api/diagram-routes';
import type { RunDetail, RunView } from '../../../server/api/disbursement-routes';
import type { ArchivedDocument as ArchivedDocumentSchema } from '../../../server/api/documents-routes';
import type { Escalation as EscalationSchema } from '../../../server/api/escalations-routes';
import type { UserViewSchema } from '../../../server/api/schemas';
import type { Statistics as StatisticsSchema } from '../../../server/api/statistics-routes';
import type { InboxTask as InboxTaskSchema } from '../../../server/api/tasks/inbox';
import type { Role } from '../../../server/auth/roles';
import type { calculationInputSchema } from '../../../server/domain/calculation';

export type { Role };

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

// ---- session and cases ---------------------------------------------------------------------------

export type SignedInUser = z.infer<typeof UserViewSchema>;
export type Colleague = z.infer<typeof ColleagueSchema>;
export interface Session {
  user: SignedInUser;
  csrfToken: string;
  expiresAt?: string;
}
export interface Jurisdictions {
  district: { code: string; name: string; shortName: string };
  streets: { code: string; name: string }[];
}

export type CaseType = 'dibao' | 'tekun' | 'linshi';
export type CaseStatus = CaseListItem['status'];
export type CaseListItem = z.infer<typeof CaseListItemSchema>;
export type CaseDetail = z.infer<typeof CaseDetailSchema>;
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;
/** What POST /api/cases takes (before the server's transforms, e.g. 身份证号 upper-cased). */
export type ApplicationRequest = z.input<typeof ApplicationSchema>;
export type MemberRequest = ApplicationRequest['members'][number];

export interface CaseSearch {
  type?: CaseType | undefined;
  status?: CaseStatus | undefined;
  streetCode?: string | undefined;
  applicantName?: string | undefined;
  idNumber?: string | undefined;
  overdue?: boolean | undefined;
  page?: number;
  pageSize?: number;
}

export type MaterialsChecklist = z.infer<typeof ChecklistSchema>;

export type EscalationReason = Escalation['reasons'][number]['code'];
export type Escalation = z.infer<typeof EscalationSchema>;

export type Statistics = z.infer<typeof StatisticsSchema>;

export type AdminUser = z.infer<typeof AdminUserSchema>;

// ---- inbox ------------------------------------------------------------------------------------

/** A human step (zeebe:userTask) joined with its case. Keys are the engine's, as strings. */
export type InboxTask = z.infer<typeof InboxTaskSchema>;

export interface InboxQuery {
  /** `mine`: assigned to me; `group`: unassigned tasks of my candidate groups. */
  scope: 'mine' | 'group';
  type?: CaseType | undefined;
  /** Form reference of the step (the same step of 低保/特困/临时救助 shares one). */
  formKey?: string | undefined;
  overdue?: boolean | undefined;
  /** Due on or before this date (YYYY-MM-DD). */
  dueBefore?: string | undefined;
  page?: number;
  pageSize?: number;
}

/**
 * One task with what its form needs: the case and the values collected so far (the server's
 * TaskDetail schema, which server/api/tasks/task-routes.ts keeps to itself).
 */
export type TaskDetail = InboxTask & {
  formTitle: string | null;
  state: string;
  caseStatus: string;
  householdSize: number;
  formValues: Record<string, unknown>;
};

// ---- trial calculation (POST /api/calculations) -------------------------------------------------

export type CalculationRequest = z.input<typeof calculationInputSchema>;
export type SelfCare = NonNullable<CalculationRequest['members'][number]['selfCare']>;
export type CalculationResult = z.infer<typeof CalculationResultSchema>;

// ---- documents and archive ----------------------------------------------------------------------

export type ArchivedDocument = z.infer<typeof ArchivedDocumentSchema>;
export type ArchiveHousehold = z.infer<typeof ArchiveHouseholdSchema>;
export type ArchiveFile = z.infer<typeof ArchiveFileSchema>;
export type VerifyResult = z.infer<typeof ArchiveVerificationSchema>;

// ---- the diagram and its statistics (engine element instances) ----------------------------------

export type CaseDiagram = z.infer<typeof CaseDiagramSchema>;
export type ElementState = CaseDiagram['elements'][number]['state'];
export type ElementStatistics = z.infer<typeof ElementStatisticsSchema>;

// ---- disbursement (条例 §22) -----------------------------------------------------------------------

/** pending → computing → computed → awaiting_approval → approved → paid (prisma RunStatus). */
export type RunStatus = DisbursementRunSummary['status'];
/** A run as the list sends it. */
export type DisbursementRunSummary = z.infer<typeof RunView>;
/** A run with its streets and files (GET/POST /api/disbursements[/:id]). */
export type DisbursementRun = z.infer<typeof RunDetail>;
export type DisbursementFile = DisbursementRun['files'][number];
