/**
 * Every call the UI makes, one function per route. Every route the UI calls is on the server
 * (GET /api/openapi.json lists them); the types come from the server's zod schemas (./types).
 */
import { del, fileUrl, get, patch, post, put, request } from './http';
import type {
  AdminUser,
  ApplicationRequest,
  ArchiveFile,
  ArchiveHousehold,
  CalculationRequest,
  CalculationResult,
  CaseDetail,
  CaseDiagram,
  CaseListItem,
  CaseSearch,
  Colleague,
  DisbursementRun,
  DisbursementRunSummary,
  ElementStatistics,
  Escalation,
  EscalationReason,
  InboxQuery,
  InboxTask,
  Jurisdictions,
  MaterialsChecklist,
  Page,
  Role,
  Session,
  SignedInUser,
  Statistics,
  TaskDetail,
  VerifyResult,
  ArchivedDocument,
} from './types';

export { ApiError } from './http';
export type * from './types';

const enc = encodeURIComponent;

// ---- session ----------------------------------------------------------------------------------

export const session = {
  current: () => request<Session>('GET', '/api/session', { quiet: true }),
  signIn: (username: string, password: string) =>
    request<Session>('POST', '/api/session', { body: { username, password }, quiet: true }),
  signOut: () => del<{ signedOut: true }>('/api/session'),
  changePassword: (currentPassword: string, newPassword: string) =>
    put<{ user: SignedInUser; endedSessions: number }>('/api/session/password', {
      currentPassword,
      newPassword,
    }),
  jurisdictions: () => get<Jurisdictions>('/api/jurisdictions'),
};

// ---- cases ------------------------------------------------------------------------------------

export const cases = {
  create: (a: ApplicationRequest) => post<CaseDetail>('/api/cases', a),
  search: (q: CaseSearch) => get<Page<CaseListItem>>('/api/cases', { ...q }),
  get: (id: string) => get<CaseDetail>(`/api/cases/${enc(id)}`),
  exportUrl: (q: CaseSearch) => fileUrl('/api/cases/export', { ...q, page: undefined, pageSize: undefined }),
  materials: (id: string) => get<MaterialsChecklist>(`/api/cases/${enc(id)}/materials`),
  updateMaterials: (id: string, items: { kind: string; received: boolean; note?: string }[]) =>
    put<MaterialsChecklist>(`/api/cases/${enc(id)}/materials`, { items }),
  /** 公示期间收到的异议 (public-notice-objection). */
  recordObjection: (id: string, body: { receivedOn: string; objector?: string; content: string }) =>
    post<CaseDetail>(`/api/cases/${enc(id)}/objections`, body),
  /** 一次性告知后补正的材料 (materials-supplemented). */
  recordSupplement: (id: string, items: { kind: string; note?: string }[]) =>
    post<CaseDetail>(`/api/cases/${enc(id)}/supplement`, { items }),
  /** 申请人书面撤回申请 (application-withdrawn). */
  recordWithdrawal: (id: string, body: { receivedOn: string; reason: string }) =>
    post<CaseDetail>(`/api/cases/${enc(id)}/withdrawal`, body),
  /** The case's model with finished / current / overdue elements. */
  diagram: (id: string) => get<CaseDiagram>(`/api/cases/${enc(id)}/diagram`),
  /** The case's documents in issue order. */
  documents: (id: string) => get<ArchivedDocument[]>(`/api/cases/${enc(id)}/documents`),
};

export const escalations = {
  list: (q: { reason?: EscalationReason | undefined; page?: number; pageSize?: number }) =>
    get<Page<Escalation>>('/api/escalations', { ...q }),
};

export const statistics = {
  get: (year?: number) => get<Statistics>('/api/statistics', { year }),
  /** Where cases wait, per BPMN element, for the heat-map. */
  elements: (bpmnProcessId: string) => get<ElementStatistics>('/api/statistics/elements', { bpmnProcessId }),
};

// ---- inbox ----------------------------------------------------------------------------------

export const tasks = {
  list: (q: InboxQuery) => get<Page<InboxTask>>('/api/tasks', { ...q }),
  get: (key: string) => get<TaskDetail>(`/api/tasks/${enc(key)}`),
  claim: (key: string) => post<InboxTask>(`/api/tasks/${enc(key)}/assignment`),
  release: (key: string) => del<InboxTask>(`/api/tasks/${enc(key)}/assignment`),
  /** Completes the step with its form; the server validates it with the same schema (forms/). */
  complete: (key: string, form: Record<string, unknown>) =>
    post<{ caseId: string; nextSteps: string[] }>(`/api/tasks/${enc(key)}/completion`, { form }),
};

// ---- calculations, documents, archive, disbursement ----------------------------------------------

export const calculations = {
  trial: (input: CalculationRequest, signal?: AbortSignal) =>
    request<CalculationResult>('POST', '/api/calculations', { body: input, ...(signal ? { signal } : {}) }),
};

export const documents = {
  /** Inline PDF (Content-Disposition: inline) for the preview frame. */
  fileUrl: (id: string) => fileUrl(`/api/documents/${enc(id)}/file`),
  downloadUrl: (id: string) => fileUrl(`/api/documents/${enc(id)}/file`, { download: 1 }),
};

export const archive = {
  households: (q: {
    q?: string | undefined;
    streetCode?: string | undefined;
    page?: number;
    pageSize?: number;
  }) => get<Page<ArchiveHousehold>>('/api/archive/households', { ...q }),
  file: (householdId: string) => get<ArchiveFile>(`/api/archive/households/${enc(householdId)}`),
  verify: (householdId: string) =>
    post<VerifyResult>(`/api/archive/households/${enc(householdId)}/verification`),
  exportUrl: (householdId: string) => fileUrl(`/api/archive/households/${enc(householdId)}/export`),
};

export const disbursements = {
  list: () => get<Page<DisbursementRunSummary>>('/api/disbursements', { pageSize: 24 }),
  start: (month: string) => post<DisbursementRun & { created: boolean }>('/api/disbursements', { month }),
  get: (id: string) => get<DisbursementRun>(`/api/disbursements/${enc(id)}`),
  fileUrl: (runId: string, fileId: string) =>
    fileUrl(`/api/disbursements/${enc(runId)}/files/${enc(fileId)}`),
};

// ---- colleagues -------------------------------------------------------------------------------

export const colleagues = {
  /** Active accounts of `role` in the user's own street (or district): the investigator picker. */
  list: (role: Role) => get<Colleague[]>('/api/colleagues', { role }),
};

// ---- administration ---------------------------------------------------------------------------

export interface UserQuery {
  role?: Role | undefined;
  streetCode?: string | undefined;
  q?: string | undefined;
  page?: number;
  pageSize?: number;
}

export const admin = {
  users: (q: UserQuery) => get<Page<AdminUser>>('/api/admin/users', { ...q }),
  createUser: (u: { username: string; displayName: string; role: Role; streetCode?: string | null }) =>
    post<{ user: AdminUser; temporaryPassword: string }>('/api/admin/users', u),
  updateUser: (
    id: string,
    u: { displayName?: string; role?: Role; streetCode?: string | null; active?: boolean },
  ) => patch<AdminUser>(`/api/admin/users/${enc(id)}`, u),
  unlock: (id: string) => post<AdminUser>(`/api/admin/users/${enc(id)}/unlock`),
  resetPassword: (id: string) =>
    post<{ user: AdminUser; temporaryPassword: string }>(`/api/admin/users/${enc(id)}/reset-password`),
};
