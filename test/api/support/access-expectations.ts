/**
 * The access matrix's expectations: for every registered route, which roles may call it, what kind
 * of access rule guards it (public, self, jurisdiction-scoped, resource) and how to call it against
 * the fixture world built in test/api/access-matrix.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROLES, type Role } from '../../../server/auth/roles';
import type { CaseEventFixtures } from './case-events';
import type { DisbursementFixtures } from './disbursement';
import { application } from './applications';
import { S1, type Fixtures, type FixtureUser } from './harness';
import type { TaskFixtures } from './tasks';

const household: unknown = JSON.parse(
  readFileSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'household-dibao.json'), 'utf8'),
);
export const ALL = ROLES;
const READERS = ROLES.filter((r) => r !== 'admin');
const CLERK: Role[] = ['street_clerk'];
const SUPERVISORS: Role[] = [
  'street_reviewer',
  'district_official',
  'district_section_head',
  'district_head',
];
const DECIDERS: Role[] = ['district_official', 'district_section_head', 'district_head', 'district_panel'];
const ADMIN: Role[] = ['admin'];
const RUN_READERS: Role[] = ['district_official', 'district_section_head', 'district_head', 'archivist'];
const RUN_APPROVERS: Role[] = ['district_section_head', 'district_head'];
const ARCHIVE: Role[] = ['archivist', 'district_official', 'district_section_head', 'district_head'];
/** Everyone with a candidate group: the inbox. */
export const TASK_ROLES = READERS;
const RECHECK_READERS: Role[] = [
  'street_clerk',
  'street_investigator',
  'street_reviewer',
  'district_official',
  'district_section_head',
  'district_head',
];

export type Kind = 'public' | 'self' | 'scoped' | 'resource';
export interface Expectation {
  roles: readonly Role[];
  kind: Kind;
  /** Builds the request; `side` tells whether the actor is inside the fixture's jurisdiction. */
  call(f: World, actor: FixtureUser): { path: string; body?: unknown };
  /** For scoped reads: does the response include the fixture resource (in S1)? */
  sees?(body: any, text: string, f: World): boolean;
  /** Keeps the world in step with a successful call (a changed password). */
  onSuccess?(f: World, actor: FixtureUser): void;
}

export interface World extends Fixtures {
  caseId: string;
  caseNo: string;
  target: FixtureUser;
  passwords: Map<string, string>;
  disbursement: DisbursementFixtures;
  tasks: TaskFixtures;
  events: CaseEventFixtures;
  documentId: string;
  householdId: string;
  rosterId: string;
}

export const EXPECTED: Record<string, Expectation> = {
  'POST /api/session': {
    roles: ALL,
    kind: 'public',
    call: (f, a) => ({
      path: '/api/session',
      body: { username: a.username, password: f.passwords.get(a.username) },
    }),
  },
  'GET /api/session': { roles: ALL, kind: 'self', call: () => ({ path: '/api/session' }) },
  'DELETE /api/session': { roles: ALL, kind: 'self', call: () => ({ path: '/api/session' }) },
  'PUT /api/session/password': {
    roles: ALL,
    kind: 'self',
    call: (f, a) => {
      const current = f.passwords.get(a.username)!;
      return {
        path: '/api/session/password',
        body: { currentPassword: current, newPassword: `${current}x1` },
      };
    },
    onSuccess: (f, a) => f.passwords.set(a.username, `${f.passwords.get(a.username)}x1`),
  },
  'GET /api/admin/users': {
    roles: ADMIN,
    kind: 'scoped',
    call: () => ({ path: '/api/admin/users?pageSize=100' }),
    sees: (b, _t, f) => b.items.some((u: { id: string }) => u.id === f.target.id),
  },
  'POST /api/admin/users': {
    roles: ADMIN,
    kind: 'scoped',
    call: (_f, a) => ({
      path: '/api/admin/users',
      body: { username: `new-${a.username}`, displayName: '新用户', role: 'district_official' },
    }),
  },
  'PATCH /api/admin/users/:id': {
    roles: ADMIN,
    kind: 'resource',
    call: (f) => ({ path: `/api/admin/users/${f.target.id}`, body: { displayName: '改名后的调查员' } }),
  },
  'POST /api/admin/users/:id/unlock': {
    roles: ADMIN,
    kind: 'resource',
    call: (f) => ({ path: `/api/admin/users/${f.target.id}/unlock` }),
  },
  'POST /api/admin/users/:id/reset-password': {
    roles: ADMIN,
    kind: 'resource',
    call: (f) => ({ path: `/api/admin/users/${f.target.id}/reset-password` }),
  },
  // 节假日安排 is national data: every administrator may read and enter it.
  'GET /api/admin/holidays': { roles: ADMIN, kind: 'scoped', call: () => ({ path: '/api/admin/holidays' }) },
  'PUT /api/admin/holidays/:year': {
    roles: ADMIN,
    kind: 'scoped',
    call: () => ({
      path: '/api/admin/holidays/2031',
      body: {
        notice: '国办发明电〔2030〕1号（测试）',
        holidays: [{ date: '2031-01-01', name: '元旦' }],
        workdays: [],
      },
    }),
  },
  'GET /api/jurisdictions': {
    roles: ALL,
    kind: 'scoped',
    call: () => ({ path: '/api/jurisdictions' }),
    sees: (b) => b.streets.some((s: { code: string }) => s.code === S1.code),
  },
  // The investigator picker of the 入户调查 form: own street (or district) only.
  'GET /api/colleagues': {
    roles: ALL,
    kind: 'scoped',
    call: () => ({ path: '/api/colleagues?role=street_investigator' }),
    sees: (b, _t, f) => b.some((u: { id: string }) => u.id === f.target.id),
  },
  'POST /api/cases': {
    roles: CLERK,
    kind: 'scoped',
    call: () => ({ path: '/api/cases', body: application() }),
  },
  'GET /api/cases': {
    roles: READERS,
    kind: 'scoped',
    call: () => ({ path: '/api/cases?pageSize=100' }),
    sees: (b, _t, f) => b.items.some((c: { id: string }) => c.id === f.caseId),
  },
  'GET /api/cases/export': {
    roles: SUPERVISORS,
    kind: 'scoped',
    call: () => ({ path: '/api/cases/export' }),
    sees: (_b, text, f) => text.includes(f.caseNo),
  },
  'GET /api/cases/:id': {
    roles: READERS,
    kind: 'resource',
    call: (f) => ({ path: `/api/cases/${f.caseId}` }),
  },
  'GET /api/cases/:id/materials': {
    roles: READERS,
    kind: 'resource',
    call: (f) => ({ path: `/api/cases/${f.caseId}/materials` }),
  },
  'PUT /api/cases/:id/materials': {
    roles: CLERK,
    kind: 'resource',
    call: (f) => ({
      path: `/api/cases/${f.caseId}/materials`,
      body: { items: [{ kind: 'income_proof', received: true }] },
    }),
  },
  // Recorded by the street that runs the 公示 and receives the applicant (workflows/README.md "Messages").
  'POST /api/cases/:id/objections': {
    roles: ['street_clerk', 'street_reviewer'],
    kind: 'resource',
    call: (f) => ({
      path: `/api/cases/${f.events.objection}/objections`,
      body: { receivedOn: '2026-01-05', content: '对公示的家庭收入有异议' },
    }),
  },
  'POST /api/cases/:id/supplement': {
    roles: CLERK,
    kind: 'resource',
    call: (f) => ({
      path: `/api/cases/${f.events.supplement}/supplement`,
      body: { items: [{ kind: 'income_proof' }] },
    }),
  },
  'POST /api/cases/:id/withdrawal': {
    roles: CLERK,
    kind: 'resource',
    call: (f) => ({
      path: `/api/cases/${f.events.withdrawal}/withdrawal`,
      body: { receivedOn: '2026-01-05', reason: '申请人书面申请撤回' },
    }),
  },
  'GET /api/escalations': {
    roles: DECIDERS,
    kind: 'scoped',
    call: () => ({ path: '/api/escalations?pageSize=100' }),
    sees: (b, _t, f) => b.items.some((c: { id: string }) => c.id === f.caseId),
  },
  'GET /api/statistics': {
    roles: READERS,
    kind: 'scoped',
    call: () => ({ path: '/api/statistics' }),
    sees: (b) => b.overdueByStreet.some((s: { streetCode: string }) => s.streetCode === S1.code),
  },
  'POST /api/disbursements': {
    roles: ['district_official'],
    kind: 'scoped',
    call: (f) => ({ path: '/api/disbursements', body: { month: f.disbursement.startMonth } }),
  },
  'GET /api/disbursements': {
    roles: RUN_READERS,
    kind: 'scoped',
    call: () => ({ path: '/api/disbursements?pageSize=100' }),
    sees: (b, _t, f) => b.items.some((r: { id: string }) => r.id === f.disbursement.runId),
  },
  'GET /api/disbursements/:id': {
    roles: RUN_READERS,
    kind: 'resource',
    call: (f) => ({ path: `/api/disbursements/${f.disbursement.runId}` }),
  },
  'GET /api/disbursements/:id/bank-file': {
    roles: ['district_official', 'district_section_head', 'district_head'],
    kind: 'resource',
    call: (f) => ({ path: `/api/disbursements/${f.disbursement.runId}/bank-file` }),
  },
  'POST /api/disbursements/:id/approval': {
    roles: RUN_APPROVERS,
    kind: 'resource',
    // One run awaiting approval per approving role, so each approves its own.
    call: (f, a) => ({
      path: `/api/disbursements/${f.disbursement.approvalRuns[a.role] ?? f.disbursement.runId}/approval`,
      body: { approved: true, opinion: '同意发放' },
    }),
  },
  'GET /api/recipients': {
    roles: READERS,
    kind: 'scoped',
    call: () => ({ path: '/api/recipients?pageSize=100' }),
    sees: (b, _t, f) => b.items.some((r: { id: string }) => r.id === f.disbursement.recipientId),
  },
  'GET /api/households/:id/payments': {
    roles: READERS,
    kind: 'resource',
    call: (f) => ({ path: `/api/households/${f.disbursement.householdId}/payments` }),
  },
  'GET /api/rechecks': {
    roles: RECHECK_READERS,
    kind: 'scoped',
    call: () => ({ path: '/api/rechecks?pageSize=100' }),
    sees: (b, _t, f) =>
      b.items.some((r: { recipientId: string }) => r.recipientId === f.disbursement.recipientId),
  },
  // The inbox: each role's own task on the fixture case (its candidate group); users of another
  // street or district have another group and never reach it.
  'GET /api/tasks': {
    roles: TASK_ROLES,
    kind: 'scoped',
    call: () => ({ path: '/api/tasks?scope=group&pageSize=100' }),
    sees: (b, _t, f) => b.items.some((i: { caseId: string }) => i.caseId === f.caseId),
  },
  'GET /api/tasks/:key': {
    roles: TASK_ROLES,
    kind: 'resource',
    call: (f, a) => ({ path: `/api/tasks/${f.tasks.open[a.role] ?? f.tasks.open.street_clerk}` }),
  },
  'POST /api/tasks/:key/assignment': {
    roles: TASK_ROLES,
    kind: 'resource',
    call: (f, a) => ({ path: `/api/tasks/${f.tasks.open[a.role] ?? f.tasks.open.street_clerk}/assignment` }),
  },
  // Runs after the claim above: each inside user releases the task it claimed.
  'DELETE /api/tasks/:key/assignment': {
    roles: TASK_ROLES,
    kind: 'resource',
    call: (f, a) => ({ path: `/api/tasks/${f.tasks.open[a.role] ?? f.tasks.open.street_clerk}/assignment` }),
  },
  'POST /api/tasks/:key/completion': {
    roles: TASK_ROLES,
    kind: 'resource',
    call: (f, a) => ({
      path: `/api/tasks/${f.tasks.completable[a.role] ?? f.tasks.completable.street_clerk}/completion`,
      body: { form: { cause: '调查人员不足', measures: '增派人员，三日内办结' } },
    }),
  },
  'POST /api/calculations': {
    roles: READERS,
    kind: 'scoped',
    call: () => ({ path: '/api/calculations', body: household }),
  },
  'GET /api/cases/:id/documents': {
    roles: READERS,
    kind: 'resource',
    call: (f) => ({ path: `/api/cases/${f.caseId}/documents` }),
  },
  'GET /api/documents/:id/file': {
    roles: READERS,
    kind: 'resource',
    call: (f) => ({ path: `/api/documents/${f.documentId}/file` }),
  },
  'GET /api/archive/households': {
    roles: ARCHIVE,
    kind: 'scoped',
    call: () => ({ path: '/api/archive/households?pageSize=100' }),
    sees: (b, _t, f) => b.items.some((h: { id: string }) => h.id === f.householdId),
  },
  'GET /api/archive/households/:id': {
    roles: ARCHIVE,
    kind: 'resource',
    call: (f) => ({ path: `/api/archive/households/${f.householdId}` }),
  },
  'POST /api/archive/households/:id/verification': {
    roles: ARCHIVE,
    kind: 'resource',
    call: (f) => ({ path: `/api/archive/households/${f.householdId}/verification` }),
  },
  'GET /api/archive/households/:id/export': {
    roles: ARCHIVE,
    kind: 'resource',
    call: (f) => ({ path: `/api/archive/households/${f.householdId}/export` }),
  },
  'GET /api/cases/:id/diagram': {
    roles: READERS,
    kind: 'resource',
    call: (f) => ({ path: `/api/cases/${f.caseId}/diagram` }),
  },
  'GET /api/statistics/elements': {
    roles: READERS,
    kind: 'scoped',
    call: () => ({ path: '/api/statistics/elements?bpmnProcessId=matrix-step' }),
    sees: (b) => b.elements.some((e: { active: number }) => e.active > 0),
  },
  'GET /api/disbursements/:id/files/:fileId': {
    roles: RUN_READERS,
    kind: 'resource',
    call: (f) => ({ path: `/api/disbursements/${f.disbursement.runId}/files/${f.rosterId}` }),
  },
  'GET /api/admin/standards': {
    roles: ADMIN,
    kind: 'scoped',
    call: () => ({ path: '/api/admin/standards' }),
  },
  'PUT /api/admin/standards/:area/:effectiveFrom': {
    roles: ADMIN,
    kind: 'scoped',
    call: () => ({
      path: '/api/admin/standards/rural/2032-01-01',
      body: { dibao: 700, tekunBasic: 1000, careFull: 500, careHalf: 300, careSelf: 100, source: '测试文号' },
    }),
  },
  'GET /api/admin/linshi-policy': {
    roles: ADMIN,
    kind: 'scoped',
    call: () => ({ path: '/api/admin/linshi-policy' }),
  },
  'PUT /api/admin/linshi-policy': {
    roles: ADMIN,
    kind: 'scoped',
    call: () => ({
      path: '/api/admin/linshi-policy',
      body: {
        streetApprovalLimit: 2000,
        incomeReference: { year: 2025, urban: 48000, rural: 22000 },
        bands: [
          { kind: 'urgent', level: 1, name: '一般困难', ceiling: 2000 },
          { kind: 'expense', level: 1, name: '一般困难', ceiling: 3000 },
        ],
      },
    }),
  },
};
