/**
 * A whole 低保 case worked through the inbox API, as people do it: each step claimed and its
 * form submitted over HTTP by a user of the right group (clerk, two investigators, district
 * verifier, street reviewer, district official), while the real CaseWorkflow and every real
 * worker drive the process between the steps (documents recorded instead of printed: see
 * support/recording-renderer.ts). The forms' variables must be what the models and workers take.
 */
import type { Server } from 'node:http';
import { createApp, type AppContext } from '../../server/app';
import { createSession } from '../../server/auth/session';
import { chinaDate } from '../../server/domain/dates';
import { createLogger } from '../../server/log';
import type { Role } from '../../server/auth/roles';
import { Client } from '../api/support/harness';
import { createWorld, DISTRICT, STREET, type World } from './support/world';

let w: World;
let server: Server;
let base: string;
const users: Partial<Record<string, { id: string }>> = {};

async function user(username: string, role: Role, displayName: string, street = true) {
  const u = await w.db.user.create({
    data: {
      username,
      displayName,
      role,
      districtCode: DISTRICT.code,
      streetCode: street ? STREET : null,
      passwordHash: 'not-used',
    },
  });
  users[username] = u;
  return u;
}

async function as(username: string): Promise<Client> {
  const s = await createSession(w.db, users[username]!.id, w.config.auth);
  return new Client(base, `jz_session=${s.token}`, s.csrfToken);
}

/** Waits for the step, then claims and completes it over HTTP as `username`. */
async function step(pik: string, elementId: string, username: string, form: Record<string, unknown>) {
  const task = await w.task(pik, elementId);
  const c = await as(username);
  const claimed = await c.post(`/api/tasks/${task.userTaskKey}/assignment`);
  expect([elementId, claimed.status]).toEqual([elementId, 200]);
  const done = await c.post(`/api/tasks/${task.userTaskKey}/completion`, { form });
  expect([elementId, done.status, done.body.errors ?? done.body.detail ?? null]).toEqual([
    elementId,
    200,
    null,
  ]);
  return done.body;
}

beforeAll(async () => {
  w = await createWorld('wf_inbox_api', { renderer: 'recording' });
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
  await user('clerk', 'street_clerk', '经办人甲');
  await user('inv1', 'street_investigator', '李明');
  await user('inv2', 'street_investigator', '张华');
  await user('reviewer', 'street_reviewer', '审核人乙');
  await user('verifier', 'district_verifier', '核对员丙', false);
  await user('official', 'district_official', '审批人丁', false);
}, 120_000);
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await w?.close();
});

it('grants a 低保 case whose every step was done through the inbox', async () => {
  const c = await w.start({ type: 'dibao', income: 300, size: 2 });
  await w.db.caseMaterial.updateMany({ where: { caseId: c.id }, data: { received: true } });
  const today = chinaDate(new Date());

  await step(c.pik, 'dibao-accept', 'clerk', { materialsComplete: true });
  await step(c.pik, 'dibao-home-visit', 'inv1', {
    visitDate: today,
    investigators: ['李明', '张华'],
    livingConditions: '租住两居室，无车辆',
    assessedMonthlyIncome: 300,
    familySigned: true,
  });
  await step(c.pik, 'dibao-home-visit-cosign', 'inv2', { confirmed: true });
  await step(c.pik, 'dibao-neighbour-visit', 'inv2', {
    visitDate: today,
    interviewees: ['王邻居'],
    summary: '邻居反映家庭确实困难',
  });
  await step(c.pik, 'dibao-verification', 'verifier', {
    reportNo: 'HD-2026-0042',
    consistent: true,
    assessedMonthlyIncome: 300,
    findings: '无存款、无车辆、无房产',
  });
  await step(c.pik, 'dibao-community-assessment', 'reviewer', {
    assessedOn: today,
    participants: 7,
    result: 'agree',
    record: '参会 7 人一致同意',
  });
  const computed = (await w.variables(c.pik)).amount as number;
  expect(computed).toBeGreaterThan(0);
  const review = await (
    await as('reviewer')
  ).get(`/api/tasks/${(await w.task(c.pik, 'dibao-initial-review')).userTaskKey}`);
  expect(review.body.formValues.proposedAmount).toBe(computed);
  await step(c.pik, 'dibao-initial-review', 'reviewer', {
    initialOpinion: 'eligible',
    proposedAmount: computed,
    deadlineExtended: false,
  });
  // 公示 7 days (57号 §19), then the district decides.
  await w.reached(c.pik, 'deadlines-notice');
  await w.advance(8);
  const decision = await w.task(c.pik, 'dibao-decision');
  const detail = await (await as('official')).get(`/api/tasks/${decision.userTaskKey}`);
  expect(detail.body.formValues.amount).toBe(computed);
  await step(c.pik, 'dibao-decision', 'official', {
    decision: 'grant',
    amount: computed,
    startMonth: today.slice(0, 7),
    opinion: '符合条件，予以确认',
  });
  await w.ended(c.pik);
  const row = await w.db.case.findUniqueOrThrow({ where: { id: c.id } });
  expect(row.status).toBe('granted');
  expect(Number(row.amount)).toBe(computed);
  const docs = await w.db.archiveDocument.findMany({ where: { caseId: c.id }, orderBy: { chainSeq: 'asc' } });
  expect(docs.map((d) => d.documentType)).toEqual(
    expect.arrayContaining(['acceptance-notice', 'home-visit-record', 'grant-notice']),
  );
  // The 入户调查表 names the investigators the form named.
  const visit = w.rendered.find((r) => r.template === 'home-visit-record');
  expect(visit?.data.investigators).toEqual(['李明', '张华']);
}, 300_000);
