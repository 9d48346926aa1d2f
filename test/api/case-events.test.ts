/**
 * Objections, supplements and withdrawals over HTTP, against the embedded engine running the real
 * models with every real worker (documents recorded instead of printed, see
 * test/workflow/support/recording-renderer.ts): each route publishes its message only while the
 * case's process waits for it, and the case's status follows (已撤回, 不予确认). Steps the routes
 * are not about are completed through the official client with the world's form variables.
 */
import type { Server } from 'node:http';
import { createApp, type AppContext } from '../../server/app';
import type { Role } from '../../server/auth/roles';
import { createSession } from '../../server/auth/session';
import { createLogger } from '../../server/log';
import { createWorld, DISTRICT, STREET, STREETS, type World } from '../workflow/support/world';
import { Client } from './support/harness';

const NOW = { consistency: { waitUpToMs: 0 } };
let w: World;
let server: Server;
let base: string;
const users: Record<string, { id: string }> = {};

async function user(username: string, role: Role, displayName: string, street = STREET) {
  users[username] = await w.db.user.create({
    data: {
      username,
      displayName,
      role,
      districtCode: DISTRICT.code,
      streetCode: street,
      passwordHash: 'not-used',
    },
  });
}

async function as(username: string): Promise<Client> {
  const s = await createSession(w.db, users[username]!.id, w.config.auth);
  return new Client(base, `jz_session=${s.token}`, s.csrfToken);
}

async function active(pik: string): Promise<string[]> {
  const r = await w.t.api.searchElementInstances(
    { filter: { processInstanceKey: pik as never, state: 'ACTIVE' }, page: { limit: 500 } },
    NOW,
  );
  return r.items.map((e: { elementId: string }) => e.elementId);
}

const auditActions = async (caseId: string) =>
  (await w.db.auditEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } })).map((e) => e.action);

/** 受理 → 调查 → 核算 → 群众评议 → 初审, as in test/workflow/dibao-objection-and-delegation.test.ts. */
async function throughInitialReview(pik: string, review: Record<string, unknown> = {}) {
  await w.complete(pik, 'dibao-accept');
  await w.complete(pik, 'dibao-home-visit');
  await w.complete(pik, 'dibao-home-visit-cosign');
  await w.complete(pik, 'dibao-neighbour-visit');
  await w.complete(pik, 'dibao-verification');
  await w.complete(pik, 'dibao-community-assessment');
  await w.complete(pik, 'dibao-initial-review', review);
}

const objection = { receivedOn: '', objector: '赵某', content: '申请人家中有一辆小轿车，未如实申报' };

beforeAll(async () => {
  w = await createWorld('api_case_events', { renderer: 'recording' });
  const ctx: AppContext = {
    config: w.config,
    log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    db: w.db,
    camunda: w.t.client,
  };
  server = await new Promise((resolve) => {
    const s = createApp(ctx).listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  objection.receivedOn = w.today();
  await user('clerk', 'street_clerk', '经办人甲');
  await user('reviewer', 'street_reviewer', '审核人乙');
  await user('investigator', 'street_investigator', '调查员丙');
  await user('other-clerk', 'street_clerk', '经办人丁', STREETS[1]!.code);
  await user('other-reviewer', 'street_reviewer', '审核人戊', STREETS[1]!.code);
}, 120_000);
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await w?.close();
});

it('refuses an objection outside 公示 and publishes nothing; during 公示 it leads to 异议复查', async () => {
  const c = await w.start({ type: 'dibao' });
  await w.complete(c.pik, 'dibao-accept');
  await w.task(c.pik, 'dibao-home-visit');
  const early = await (await as('reviewer')).post(`/api/cases/${c.id}/objections`, objection);
  expect([early.status, early.body.title]).toEqual([409, '不在公示期内']);
  expect(await auditActions(c.id)).not.toContain('case.objection-recorded');

  await w.complete(c.pik, 'dibao-home-visit');
  await w.complete(c.pik, 'dibao-home-visit-cosign');
  await w.complete(c.pik, 'dibao-neighbour-visit');
  await w.complete(c.pik, 'dibao-verification');
  await w.complete(c.pik, 'dibao-community-assessment');
  await w.complete(c.pik, 'dibao-initial-review');
  await w.reached(c.pik, 'deadlines-notice');
  // Nothing was buffered from the early attempt: the 公示 waits, no 异议复查.
  expect(await active(c.pik)).toContain('gw-notice-wait');
  expect(await w.passed(c.pik)).not.toContain('objection-received');

  // Another street's users do not see the case; an investigator may not record objections.
  const outside = await (await as('other-reviewer')).post(`/api/cases/${c.id}/objections`, objection);
  expect(outside.status).toBe(404);
  expect((await (await as('investigator')).post(`/api/cases/${c.id}/objections`, objection)).status).toBe(
    403,
  );
  const bad = await (
    await as('reviewer')
  ).post(`/api/cases/${c.id}/objections`, { ...objection, content: '' });
  expect(bad.status).toBe(400);

  const res = await (await as('reviewer')).post(`/api/cases/${c.id}/objections`, objection);
  expect([res.status, res.body.detail ?? null]).toEqual([201, null]);
  expect(res.body.timeline.map((e: { actionLabel: string }) => e.actionLabel)).toContain('登记公示异议');
  const task = await w.task(c.pik, 'dibao-reinvestigation');
  expect(task.name).toBeTruthy();
  expect((await w.variables(c.pik)).objectionRaised).toBe(true);

  const row = await w.db.case.findUniqueOrThrow({ where: { id: c.id } });
  const objections = (row.data as { objections: Record<string, unknown>[] }).objections;
  expect(objections).toHaveLength(1);
  expect(objections[0]).toMatchObject({
    objector: '赵某',
    content: objection.content,
    recordedBy: users.reviewer!.id,
  });
  // The workers' and the forms' keys of case.data are kept.
  expect(Object.keys(row.data as object)).toEqual(
    expect.arrayContaining(['jobs', 'public-notice', 'calculation']),
  );
  const audit = await w.db.auditEvent.findFirstOrThrow({
    where: { caseId: c.id, action: 'case.objection-recorded' },
  });
  expect(JSON.stringify(audit.summary)).not.toContain('赵某');

  // The 公示 is over for now: a second objection waits for the 再公示.
  const again = await (await as('clerk')).post(`/api/cases/${c.id}/objections`, objection);
  expect(again.status).toBe(409);
}, 300_000);

it('records the missing materials after 一次性告知 and takes the case back to 受理审查', async () => {
  const c = await w.start({ type: 'dibao' });
  const missing = await w.db.caseMaterial.findMany({ where: { caseId: c.id, received: false } });
  expect(missing.length).toBeGreaterThan(0);
  // Not yet told what is missing: nothing to supplement.
  const early = await (
    await as('clerk')
  ).post(`/api/cases/${c.id}/supplement`, {
    items: [{ kind: missing[0]!.kind }],
  });
  expect([early.status, early.body.title]).toEqual([409, '无需补正材料']);

  await w.complete(c.pik, 'dibao-accept', {
    materialsComplete: false,
    missingMaterials: missing.map((m) => m.kind),
  });
  await w.reached(c.pik, 'doc-buzheng');
  expect((await (await as('other-clerk')).post(`/api/cases/${c.id}/supplement`, { items: [] })).status).toBe(
    404,
  );
  const res = await (
    await as('clerk')
  ).post(`/api/cases/${c.id}/supplement`, {
    items: missing.map((m) => ({ kind: m.kind, note: '原件已核' })),
  });
  expect([res.status, res.body.detail ?? null]).toEqual([201, null]);
  expect(await w.db.caseMaterial.count({ where: { caseId: c.id, received: false } })).toBe(0);
  await w.reached(c.pik, 'materials-supplemented');
  const accept = await w.task(c.pik, 'dibao-accept');
  expect(accept.state).toBe('CREATED');
  expect(await auditActions(c.id)).toEqual(
    expect.arrayContaining(['case.materials-updated', 'case.materials-supplemented']),
  );
}, 300_000);

it('withdraws a case in investigation: the process ends and the case is 已撤回; a second withdrawal is refused', async () => {
  const c = await w.start({ type: 'dibao' });
  await w.complete(c.pik, 'dibao-accept');
  await w.task(c.pik, 'dibao-home-visit');
  const body = { receivedOn: w.today(), reason: '家庭收入已好转，申请人书面申请撤回' };
  expect((await (await as('other-clerk')).post(`/api/cases/${c.id}/withdrawal`, body)).status).toBe(404);
  expect((await (await as('reviewer')).post(`/api/cases/${c.id}/withdrawal`, body)).status).toBe(403);
  const res = await (await as('clerk')).post(`/api/cases/${c.id}/withdrawal`, body);
  expect([res.status, res.body.detail ?? null]).toEqual([201, null]);
  expect(res.body.status).toBe('withdrawn');
  await w.ended(c.pik);
  expect(await w.passed(c.pik)).toContain('end-withdrawn');
  const row = await w.db.case.findUniqueOrThrow({ where: { id: c.id } });
  expect(row.status).toBe('withdrawn');
  expect((row.data as { withdrawal: { reason: string } }).withdrawal.reason).toBe(body.reason);
  const again = await (await as('clerk')).post(`/api/cases/${c.id}/withdrawal`, body);
  expect([again.status, again.body.title]).toEqual([409, '案件已办结']);
}, 300_000);

it('ends a refused case 不予确认 once the refusal notice is delivered through the inbox', async () => {
  const c = await w.start({ type: 'dibao', income: 5000 });
  await throughInitialReview(c.pik, { initialOpinion: 'ineligible', initialOpinionText: '收入高于标准' });
  await w.complete(c.pik, 'dibao-decision', { decision: 'refuse', decisionReasons: '家庭人均收入高于标准' });
  const notice = await w.task(c.pik, 'dibao-refusal-notice');
  expect((await w.db.case.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('in_progress');
  // After the decision nothing catches a withdrawal: refused without publishing.
  const late = await (
    await as('clerk')
  ).post(`/api/cases/${c.id}/withdrawal`, {
    receivedOn: w.today(),
    reason: '申请人要求撤回',
  });
  expect([late.status, late.body.title]).toEqual([409, '当前环节不能撤回']);

  const clerk = await as('clerk');
  expect((await clerk.post(`/api/tasks/${notice.userTaskKey}/assignment`)).status).toBe(200);
  const done = await clerk.post(`/api/tasks/${notice.userTaskKey}/completion`, {
    form: { deliveredOn: w.today(), method: 'direct', recipient: '王芳' },
  });
  expect([done.status, done.body.detail ?? null]).toEqual([200, null]);
  await w.ended(c.pik);
  expect(await w.passed(c.pik)).toContain('end-refused');
  const row = await w.db.case.findUniqueOrThrow({ where: { id: c.id } });
  expect(row.status).toBe('refused');
  expect(row.decidedAt).not.toBeNull();
  const objection2 = await clerk.post(`/api/cases/${c.id}/objections`, objection);
  expect([objection2.status, objection2.body.title]).toEqual([409, '案件已办结']);
}, 300_000);

it('withdraws a 特困 case during 调查与初审 and a 临时救助 case waiting after 一次性告知', async () => {
  const body = { receivedOn: w.today(), reason: '申请人书面申请撤回' };
  const tekun = await w.start({ type: 'tekun', size: 1 });
  await w.complete(tekun.pik, 'tekun-accept');
  await w.task(tekun.pik, 'tekun-home-visit');
  const t = await (await as('clerk')).post(`/api/cases/${tekun.id}/withdrawal`, body);
  expect([t.status, t.body.detail ?? null]).toEqual([201, null]);
  await w.ended(tekun.pik);
  expect(await w.passed(tekun.pik)).toContain('end-withdrawn');

  const linshi = await w.start({ type: 'linshi', linshiKind: 'expense', data: { requestedAmount: 3000 } });
  const accept = await w.task(linshi.pik, 'linshi-accept');
  expect(accept.state).toBe('CREATED');
  // 临时救助 has no withdrawal boundary: only the wait after 一次性告知 catches it.
  const early = await (await as('clerk')).post(`/api/cases/${linshi.id}/withdrawal`, body);
  expect([early.status, early.body.title]).toEqual([409, '当前环节不能撤回']);
  await w.complete(linshi.pik, 'linshi-accept', {
    materialsComplete: false,
    missingMaterials: ['income_proof'],
  });
  await w.reached(linshi.pik, 'doc-buzheng');
  const l = await (await as('clerk')).post(`/api/cases/${linshi.id}/withdrawal`, body);
  expect([l.status, l.body.detail ?? null]).toEqual([201, null]);
  await w.ended(linshi.pik);
  expect(await w.passed(linshi.pik)).toContain('end-withdrawn-early');
  const rows = await w.db.case.findMany({ where: { id: { in: [tekun.id, linshi.id] } } });
  expect(rows.map((r) => r.status)).toEqual(['withdrawn', 'withdrawn']);
}, 300_000);
