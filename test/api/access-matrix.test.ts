/**
 * Every route in the registry, called as every role from inside and outside the jurisdiction of
 * the resource it touches. The expectations below are written from DOMAIN.md "Roles", not read
 * from the routes: a route missing here (or a stale entry) fails the first test, so every new
 * router must state who may use it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiRoutes, routeKey } from '../../server/api/registry';
import { ROLES, type Role } from '../../server/auth/roles';
import { disbursementFixtures, type DisbursementFixtures } from './support/disbursement';
import { archiveForCase } from './support/archive';
import { taskFixtures, type TaskFixtures } from './support/tasks';
import { caseEventFixtures, type CaseEventFixtures } from './support/case-events';
import { application } from './support/applications';
import {
  A,
  Client,
  PASSWORD,
  S1,
  S2,
  seedFixtures,
  startApi,
  type Api,
  type Fixtures,
  type FixtureUser,
} from './support/harness';

const household: unknown = JSON.parse(
  readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'household-dibao.json'), 'utf8'),
);
const ALL = ROLES;
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
const TASK_ROLES = READERS;
const RECHECK_READERS: Role[] = [
  'street_clerk',
  'street_investigator',
  'street_reviewer',
  'district_official',
  'district_section_head',
  'district_head',
];

type Kind = 'public' | 'self' | 'scoped' | 'resource';
interface Expectation {
  roles: readonly Role[];
  kind: Kind;
  /** Builds the request; `side` tells whether the actor is inside the fixture's jurisdiction. */
  call(f: World, actor: FixtureUser): { path: string; body?: unknown };
  /** For scoped reads: does the response include the fixture resource (in S1)? */
  sees?(body: any, text: string, f: World): boolean;
  /** Keeps the world in step with a successful call (a changed password). */
  onSuccess?(f: World, actor: FixtureUser): void;
}

interface World extends Fixtures {
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

const EXPECTED: Record<string, Expectation> = {
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

let api: Api;
let world: World;

beforeAll(async () => {
  api = await startApi('matrix', { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'matrix-')) });
  const fx = await seedFixtures(api);
  const clerk = await Client.signIn(api.base, fx.inside('street_clerk').username);
  const created = await clerk.post('/api/cases', application());
  expect(created.status).toBe(201);
  // Overdue, so the fixture case also shows in the district's escalation queue and statistics.
  await api.tdb.db.case.update({ where: { id: created.body.id }, data: { overdue: true } });
  const target = await fx.add('s1-target', 'street_investigator', A.code, S1.code);
  world = {
    ...fx,
    caseId: created.body.id,
    caseNo: created.body.caseNo,
    target,
    passwords: new Map([...fx.users, target].map((u) => [u.username, PASSWORD])),
    disbursement: await disbursementFixtures(api, created.body.id),
    tasks: await taskFixtures(api, fx, created.body.id, TASK_ROLES),
    events: { objection: '', supplement: '', withdrawal: '' },
    documentId: (await archiveForCase(api, created.body.id)).id,
    householdId: (await api.tdb.db.case.findUniqueOrThrow({ where: { id: created.body.id } })).householdId,
    rosterId: '',
  };
  world.events = await caseEventFixtures(api, world.tasks.engine, clerk);
  // The paid run's 花名册 of S1, archived.
  const roster = await archiveForCase(api, created.body.id, 'disbursement-roster');
  await api.tdb.db.disbursementRunStreet.updateMany({
    where: { runId: world.disbursement.runId, streetCode: S1.code },
    data: { rosterDocumentId: roster.id },
  });
  world.rosterId = roster.id;
});
afterAll(async () => {
  await api.close();
  await world?.tasks.engine.close();
});

const METHOD_OK = (status: number) => status >= 200 && status < 300;

describe('access matrix', () => {
  it('has an expectation for every registered route and none for routes that do not exist', () => {
    const registered = apiRoutes.map(routeKey).sort();
    expect(Object.keys(EXPECTED).sort()).toEqual(registered);
  });

  it('declares the same access kind the expectations state', () => {
    for (const r of apiRoutes)
      expect([routeKey(r), r.access.kind]).toEqual([routeKey(r), EXPECTED[routeKey(r)]!.kind]);
  });

  it('refuses every non-public route without a session (401)', async () => {
    const anonymous = new Client(api.base);
    for (const r of apiRoutes.filter((x) => x.access.kind !== 'public')) {
      const { path, body } = EXPECTED[routeKey(r)]!.call(world, world.inside('admin'));
      const res = await anonymous.request(r.method.toUpperCase(), path, body);
      expect([routeKey(r), res.status]).toEqual([routeKey(r), 401]);
    }
  });

  it('refuses every cookie-authenticated write without the CSRF token (403) and changes nothing', async () => {
    const before = await api.tdb.db.auditEvent.count();
    for (const r of apiRoutes.filter((x) => x.access.kind !== 'public' && x.method !== 'get')) {
      const exp = EXPECTED[routeKey(r)]!;
      const actor = world.inside(exp.roles[0]!);
      const c = await Client.minted(api, actor.id);
      const { path, body } = exp.call(world, actor);
      const res = await c.request(r.method.toUpperCase(), path, body, { 'x-csrf-token': 'wrong' });
      expect([routeKey(r), res.status, res.body.title]).toEqual([routeKey(r), 403, '请求校验失败']);
    }
    expect(await api.tdb.db.auditEvent.count()).toBe(before);
  });

  for (const key of Object.keys(EXPECTED)) {
    const exp = EXPECTED[key]!;
    const [method, _path] = key.split(' ') as [string, string];
    it(`${key}: allows ${exp.roles.length === ALL.length ? 'every role' : exp.roles.join(', ')} and only inside the jurisdiction`, async () => {
      const outcomes: string[] = [];
      for (const role of ROLES) {
        const sides: ('inside' | 'outside')[] =
          exp.kind === 'public' || exp.kind === 'self' ? ['inside'] : ['inside', 'outside'];
        for (const side of sides) {
          const actor = side === 'inside' ? world.inside(role) : world.outside(role);
          const client = exp.kind === 'public' ? new Client(api.base) : await Client.minted(api, actor.id);
          const { path, body } = exp.call(world, actor);
          const res = await client.request(method, path, body);
          const allowedRole = exp.roles.includes(role);
          if (METHOD_OK(res.status)) exp.onSuccess?.(world, actor);
          let verdict: string;
          if (!allowedRole) verdict = res.status === 403 ? 'ok' : `expected 403, got ${res.status}`;
          else if (exp.kind === 'resource' && side === 'outside')
            verdict = res.status === 404 ? 'ok' : `expected 404 outside, got ${res.status}`;
          else if (!METHOD_OK(res.status))
            verdict = `expected 2xx, got ${res.status} ${res.text.slice(0, 200)}`;
          else if (exp.sees) {
            const saw = exp.sees(res.body, res.text, world);
            verdict =
              saw === (side === 'inside')
                ? 'ok'
                : `${side} user ${saw ? 'saw' : 'did not see'} the S1 resource`;
          } else verdict = 'ok';
          if (verdict !== 'ok') outcomes.push(`${role}/${side}: ${verdict}`);
        }
      }
      expect(outcomes).toEqual([]);
    });
  }

  it('registers new cases in the clerk’s own street, whoever the clerk is', async () => {
    const cases = await api.tdb.db.case.findMany({ select: { streetCode: true, createdById: true } });
    const users = new Map(world.users.map((u) => [u.id, u]));
    for (const c of cases) expect(c.streetCode).toBe(users.get(c.createdById!)!.streetCode);
    expect(new Set(cases.map((c) => c.streetCode))).toEqual(new Set([S1.code, S2.code]));
  });
});
