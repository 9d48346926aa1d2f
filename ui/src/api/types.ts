/**
 * Types of what the API sends and takes. Routes that exist take their types from the server's own
 * zod schemas (type-only imports: nothing of the server is bundled by these); routes that are still
 * being built (inbox, documents, archive, calculations, diagram, disbursement) are declared here as
 * the contract the UI expects, each marked "coming".
 */
import type { z } from 'zod';
import type {
  ApplicationInput as ApplicationSchema,
  CaseDetail as CaseDetailSchema,
  CaseListItem as CaseListItemSchema,
  TimelineEntry as TimelineEntrySchema,
} from '../../../server/api/cases/schemas';
import type { UserViewSchema } from '../../../server/api/schemas';
import type { Role } from '../../../server/auth/roles';

export type { Role };

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

// ---- existing routes ---------------------------------------------------------------------------

export type SignedInUser = z.infer<typeof UserViewSchema>;
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

export interface MaterialsChecklist {
  caseId: string;
  caseNo: string;
  items: { kind: string; label: string; received: boolean; receivedAt: string | null; note: string | null }[];
  complete: boolean;
  missing: { kind: string; label: string }[];
  /** 补正材料一次性告知 text; null when complete. */
  notice: string | null;
}

export type EscalationReason = 'overdue' | 'one_matter' | 'staff_relative';
export type Escalation = CaseListItem & { reasons: { code: EscalationReason; label: string }[] };

export interface Statistics {
  total: number;
  byType: { type: string; label: string; count: number }[];
  byStatus: { status: string; label: string; count: number }[];
  byStep: { step: string; count: number }[];
  overdueByStreet: { streetCode: string; streetName: string; count: number }[];
  amountsByMonth: { month: string; cases: number; total: string }[];
}

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  districtCode: string;
  streetCode: string | null;
  active: boolean;
  locked: boolean;
  lockedUntil: string | null;
  failedLogins: number;
  mustChangePassword: boolean;
  createdAt: string;
}

// ---- coming: inbox (issue 5 + the workflow) -----------------------------------------------------

/** A human step (zeebe:userTask) joined with its case. Keys are the engine's, as strings. */
export interface InboxTask {
  userTaskKey: string;
  /** BPMN element id of the step, e.g. `accept`; selects the form (forms/registry.ts). */
  elementId: string;
  /** Step name from the model, e.g. 受理审查. */
  name: string;
  /** zeebe:formDefinition externalReference (Camunda: externalFormReference), e.g. `accept`. */
  formKey: string | null;
  bpmnProcessId: string;
  processInstanceKey: string;
  caseId: string;
  caseNo: string;
  caseType: CaseType;
  typeLabel: string;
  applicantName: string;
  streetName: string;
  /** Username of the assignee; null while the task sits in the group. */
  assignee: string | null;
  assigneeName: string | null;
  candidateGroups: string[];
  creationDate: string;
  /** Legal deadline (ISO); null when the step has none. */
  dueDate: string | null;
  /** Working days left until dueDate on the statutory calendar (negative when overdue). */
  workingDaysLeft: number | null;
  overdue: boolean;
}

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

/** One task with what its form needs: the case and the values collected so far. */
export interface TaskDetail extends InboxTask {
  /** Variables the form starts from (e.g. proposed amount from 初审). */
  formValues: Record<string, unknown>;
}

// ---- coming: trial calculation (issue 9, POST /api/calculations) --------------------------------

export interface SelfCare {
  eating: boolean;
  dressing: boolean;
  bed: boolean;
  toilet: boolean;
  walking: boolean;
  bathing: boolean;
}

export interface CalculationRequest {
  type: 'dibao' | 'tekun';
  area: 'urban' | 'rural';
  /** YYYY-MM */
  month: string;
  members: {
    name: string;
    idNumber: string;
    relation: MemberRequest['relation'];
    monthlyIncome: number;
    disabilityGrade: number | null;
    seriousIllness: boolean;
    student: boolean;
    preschool: boolean;
    selfCare?: SelfCare;
  }[];
}

export interface CalculationResult {
  eligible: boolean;
  standard: number;
  perCapitaIncome: number;
  baseAmount: number;
  addOns: { idNumber: string; reason: string; amount: number }[];
  careTier: 'full' | 'partial' | 'none' | string | null;
  careAmount: number;
  total: number;
  edge: boolean;
}

// ---- coming: documents and archive (issue 4) ------------------------------------------------------

export interface ArchivedDocument {
  id: string;
  caseId: string | null;
  caseNo: string | null;
  /** Template name, e.g. 确认通知书. */
  type: string;
  title: string;
  documentNo: string | null;
  issuer: string;
  issuedOn: string;
  retentionClass: '审批类' | '日常管理类' | string;
  retentionUntil: string | null;
  sha256: string;
  size: number;
}

export interface ArchiveHousehold {
  id: string;
  applicantName: string;
  applicantIdNumber: string;
  streetName: string;
  address: string;
  documents: number;
  lastDocumentAt: string | null;
}

export interface ArchiveFile {
  household: ArchiveHousehold;
  documents: ArchivedDocument[];
}

export interface VerifyResult {
  ok: boolean;
  checkedAt: string;
  documents: { id: string; ok: boolean; problem: string | null }[];
  /** The hash chain of the rows (a removed or changed row breaks it). */
  chain: { ok: boolean; problem: string | null };
}

// ---- coming: the diagram and its statistics (engine element instances) ---------------------------

export type ElementState = 'completed' | 'active' | 'overdue' | 'terminated' | 'incident';

export interface CaseDiagram {
  bpmnProcessId: string;
  /** BPMN 2.0 XML of the deployed version the case runs on. */
  xml: string;
  elements: { elementId: string; state: ElementState }[];
}

export interface ElementStatistics {
  bpmnProcessId: string;
  xml: string;
  /** Per element: instances waiting (active), completed, with incidents, overdue. */
  elements: { elementId: string; active: number; completed: number; incidents: number; overdue: number }[];
}

// ---- coming: disbursement (issue 7) ---------------------------------------------------------------

export type RunStatus = 'running' | 'awaiting_approval' | 'approved' | 'paid' | 'failed';

export interface DisbursementRun {
  id: string;
  /** YYYY-MM */
  month: string;
  status: RunStatus;
  statusLabel: string;
  progress: { done: number; total: number };
  households: number;
  persons: number;
  /** yuan, decimal string */
  totalAmount: string;
  backPayAmount: string;
  startedAt: string;
  finishedAt: string | null;
  byStreet: { streetCode: string; streetName: string; households: number; amount: string }[];
  files: { id: string; kind: 'bank-file' | 'roster'; label: string; streetName: string | null }[];
}
