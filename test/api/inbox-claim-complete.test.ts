/**
 * The inbox over HTTP against a real embedded engine (official client, strict validation): a
 * street clerk lists, claims and completes the 受理审查 of a started 低保 case; users of another
 * street or another group see nothing; a bad form is refused field by field and leaves the engine
 * untouched; the second investigator alone co-signs the home visit (57号 §16).
 *
 * The service tasks between the steps (deadlines, documents) are done here by completing their
 * jobs with plausible variables: their workers are built on another branch (server/workflow/
 * workers) and are not what this file tests.
 */
import path from 'node:path';
import { chinaDate, endOfDayInChina, addDays } from '../../server/domain/dates';
import { startTestEngine, type TestEngine } from '../helpers/engine';
import { application } from './support/applications';
import {
  A,
  Client,
  S1,
  seedFixtures,
  startApi,
  type Api,
  type Fixtures,
  type FixtureUser,
} from './support/harness';

const NOW = { consistency: { waitUpToMs: 0 } };
const ROOT = path.join(import.meta.dirname, '..', '..');

let t: TestEngine;
let api: Api;
let fx: Fixtures;
let caseId: string;
let caseNo: string;
let pi: string;
const day = (n: number) => endOfDayInChina(addDays(chinaDate(new Date()), n));

const as = (u: FixtureUser) => Client.minted(api, u.id);

const finishJob = (type: string, variables: Record<string, unknown> = {}) => t.finishJob(type, variables);

async function variables(): Promise<Record<string, unknown>> {
  const r = await t.api.searchVariables(
    { filter: { processInstanceKey: pi as never }, page: { limit: 200 } },
    NOW,
  );
  return Object.fromEntries(r.items.map((v: any) => [v.name, JSON.parse(v.value)]));
}

async function openTask(elementId: string) {
  const r = await t.api.searchUserTasks(
    { filter: { processInstanceKey: pi as never, elementId, state: 'CREATED' } },
    NOW,
  );
  expect([elementId, r.items.length]).toEqual([elementId, 1]);
  return r.items[0] as { userTaskKey: string; state: string; assignee?: string };
}

beforeAll(async () => {
  t = await startTestEngine('api_inbox');
  await t.deploy(path.join(ROOT, 'workflows', 'dibao.bpmn'));
  api = await startApi('api_inbox');
  api.ctx.camunda = t.client;
  fx = await seedFixtures(api);
  const created = await (await as(fx.inside('street_clerk'))).post('/api/cases', application());
  expect(created.status).toBe(201);
  caseId = created.body.id;
  caseNo = created.body.caseNo;
  const started = await t.api.createProcessInstance({
    processDefinitionId: 'dibao',
    variables: {
      caseId,
      caseNo,
      districtCode: A.code,
      streetCode: S1.code,
      appliedOn: chinaDate(new Date()),
      staffRelative: false,
      communityAssessment: true,
    },
  });
  pi = started.processInstanceKey;
  await finishJob('compute-deadlines', { acceptanceDue: day(7) });
});
afterAll(async () => {
  await api?.close();
  await t?.close();
});

describe('inbox: 受理审查 of a 低保 case', () => {
  let key: string;

  it('lists the task in the S1 clerks’ group inbox with the case and a working-day countdown', async () => {
    const clerk = await as(fx.inside('street_clerk'));
    const group = await clerk.get('/api/tasks?scope=group');
    expect(group.status).toBe(200);
    expect(group.body.total).toBe(1);
    const task = group.body.items[0];
    key = task.userTaskKey;
    expect(task).toMatchObject({
      elementId: 'dibao-accept',
      name: '受理审查',
      formKey: 'accept',
      bpmnProcessId: 'dibao',
      caseId,
      caseNo,
      caseType: 'dibao',
      typeLabel: '最低生活保障',
      applicantName: '王芳',
      streetName: S1.name,
      assignee: null,
      candidateGroups: [`street:${S1.code}:clerk`],
      dueDate: new Date(day(7)).toISOString(),
      overdue: false,
    });
    // 7 calendar days ahead hold at least 3 and at most 7 working days, whatever the calendar.
    expect(task.workingDaysLeft).toBeGreaterThanOrEqual(3);
    expect(task.workingDaysLeft).toBeLessThanOrEqual(7);
    expect((await clerk.get('/api/tasks?scope=mine')).body.total).toBe(0);
    expect((await clerk.get('/api/tasks?scope=group&type=tekun')).body.total).toBe(0);
    expect((await clerk.get('/api/tasks?scope=group&formKey=accept')).body.total).toBe(1);
    expect((await clerk.get('/api/tasks?scope=group&overdue=true')).body.total).toBe(0);
  });

  it('shows nothing to a clerk of another street nor to another group of the same street', async () => {
    for (const u of [
      fx.outside('street_clerk'),
      fx.inside('street_investigator'),
      fx.inside('district_official'),
    ]) {
      const c = await as(u);
      expect([u.username, (await c.get('/api/tasks?scope=group')).body.total]).toEqual([u.username, 0]);
      expect([u.username, (await c.get(`/api/tasks/${key}`)).status]).toEqual([u.username, 404]);
      expect([u.username, (await c.post(`/api/tasks/${key}/assignment`)).status]).toEqual([u.username, 404]);
      const done = await c.post(`/api/tasks/${key}/completion`, { form: { materialsComplete: true } });
      expect([u.username, done.status]).toEqual([u.username, 404]);
    }
    expect((await openTask('dibao-accept')).assignee).toBeUndefined();
  });

  it('shows the task with its form to the clerk, and lets the clerk claim it', async () => {
    const clerk = await as(fx.inside('street_clerk'));
    const detail = await clerk.get(`/api/tasks/${key}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ formTitle: '受理审查', state: 'CREATED', caseStatus: 'applied' });
    // The form starts from the materials checklist: what is missing is listed at once (57号 §10).
    expect(detail.body.formValues.materialsComplete).toBe(false);
    expect(detail.body.formValues.missingMaterials).toEqual(expect.arrayContaining(['income_proof']));
    expect(detail.body.formValues.missingMaterials).not.toContain('application_form');
    const claimed = await clerk.post(`/api/tasks/${key}/assignment`);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ assignee: 's1-street_clerk', assigneeName: 's1-street_clerk' });
    expect((await openTask('dibao-accept')).assignee).toBe('s1-street_clerk');
    expect((await clerk.get('/api/tasks?scope=mine')).body.items.map((i: any) => i.userTaskKey)).toEqual([
      key,
    ]);
    expect((await clerk.get('/api/tasks?scope=group')).body.total).toBe(0);
  });

  it('refuses the task to a second clerk of the street while it is claimed', async () => {
    const other = await fx.add('s1-clerk-2', 'street_clerk', A.code, S1.code);
    const c = await as(other);
    expect((await c.post(`/api/tasks/${key}/assignment`)).status).toBe(409);
    const done = await c.post(`/api/tasks/${key}/completion`, { form: { materialsComplete: true } });
    expect(done.status).toBe(409);
    expect((await c.delete(`/api/tasks/${key}/assignment`)).status).toBe(409);
  });

  it('refuses a bad form with zh-CN messages per field and changes nothing in the engine', async () => {
    const clerk = await as(fx.inside('street_clerk'));
    const audits = await api.tdb.db.auditEvent.count();
    const bad = await clerk.post(`/api/tasks/${key}/completion`, { form: { materialsComplete: false } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.errors).toEqual([{ field: 'form.missingMaterials', message: '请勾选需补正的全部材料' }]);
    const typed = await clerk.post(`/api/tasks/${key}/completion`, {
      form: { materialsComplete: '是', extra: 1 },
    });
    expect(typed.status).toBe(400);
    expect(typed.body.errors.map((e: any) => e.field).sort()).toEqual(['form', 'form.materialsComplete']);
    expect(typed.body.errors.find((e: any) => e.field === 'form').message).toBe('不允许的字段：extra');
    expect((await openTask('dibao-accept')).state).toBe('CREATED');
    expect(await variables()).not.toHaveProperty('materialsComplete');
    expect(await api.tdb.db.auditEvent.count()).toBe(audits);
  });

  it('refuses 材料齐全 while the checklist lacks items, and a notice that leaves one out', async () => {
    const clerk = await as(fx.inside('street_clerk'));
    const complete = await clerk.post(`/api/tasks/${key}/completion`, { form: { materialsComplete: true } });
    expect(complete.status).toBe(400);
    expect(complete.body.errors[0]).toMatchObject({
      field: 'form.materialsComplete',
      message: expect.stringMatching(/^材料清单尚缺 \d+ 项（.*家庭收入证明材料.*）/),
    });
    const partial = await clerk.post(`/api/tasks/${key}/completion`, {
      form: { materialsComplete: false, missingMaterials: ['income_proof'] },
    });
    expect(partial.status).toBe(400);
    expect(partial.body.errors[0].field).toBe('form.missingMaterials');
    expect(partial.body.errors[0].message).toMatch(/^一次性告知须列出全部缺少的材料，还缺：/);
    expect((await openTask('dibao-accept')).state).toBe('CREATED');
  });

  it('completes 受理审查: the model’s variables are set, the case is accepted and the completion audited', async () => {
    const clerk = await as(fx.inside('street_clerk'));
    const checklist = await clerk.get(`/api/cases/${caseId}/materials`);
    const received = await clerk.put(`/api/cases/${caseId}/materials`, {
      items: checklist.body.items.map((i: { kind: string }) => ({ kind: i.kind, received: true })),
    });
    expect(received.body.complete).toBe(true);
    const done = await clerk.post(`/api/tasks/${key}/completion`, {
      form: { materialsComplete: true, opinion: '材料齐全，予以受理' },
    });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ caseId, nextSteps: [] });
    const vars = await variables();
    expect(vars).toMatchObject({
      materialsComplete: true,
      missingMaterials: [],
      acceptedOn: chinaDate(new Date()),
    });
    const elements = await t.api.searchElementInstances({ filter: { processInstanceKey: pi as never } }, NOW);
    expect(elements.items.find((e: any) => e.elementId === 'doc-shouli')?.state).toBe('ACTIVE');
    const row = await api.tdb.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row.status).toBe('in_progress');
    expect(row.acceptedAt).not.toBeNull();
    expect((row.data as any).steps['dibao-accept']).toMatchObject({ materialsComplete: true });
    const audit = await api.tdb.db.auditEvent.findFirst({ where: { caseId, action: 'task.completed' } });
    expect(audit?.summary).toMatchObject({ userTaskKey: key, elementId: 'dibao-accept' });
    expect((await clerk.get(`/api/tasks/${key}`)).body.state).toBe('COMPLETED');
    expect(
      (await clerk.post(`/api/tasks/${key}/completion`, { form: { materialsComplete: true } })).status,
    ).toBe(409);
  });
});

describe('inbox: 入户调查 and the second investigator’s co-signature (57号 §16)', () => {
  let inv1: FixtureUser;
  let inv2: FixtureUser;

  beforeAll(async () => {
    inv1 = fx.inside('street_investigator');
    inv2 = await fx.add('s1-inv-2', 'street_investigator', A.code, S1.code);
    await api.tdb.db.user.update({ where: { id: inv1.id }, data: { displayName: '李明' } });
    await api.tdb.db.user.update({ where: { id: inv2.id }, data: { displayName: '张华' } });
    await finishJob('generate-document', {
      lastDocument: { id: 'd1', number: null, template: 'shouli-tongzhi' },
    });
    await finishJob('compute-deadlines', {
      dibaoCaseDue: day(40),
      dibaoCaseExtendedDue: day(60),
      investigationStartDue: day(5),
    });
  });

  const form = (investigators: string[]) => ({
    visitDate: chinaDate(new Date()),
    investigators,
    livingConditions: '两居室，无车辆，申请人无业',
    assessedMonthlyIncome: 300,
    familySigned: true,
  });

  it('takes the investigators from this street’s investigator accounts', async () => {
    const key = (await openTask('dibao-home-visit')).userTaskKey;
    const c = await as(inv1);
    const stranger = await c.post(`/api/tasks/${key}/completion`, { form: form(['李明', '赵六']) });
    expect(stranger.status).toBe(400);
    expect(stranger.body.errors).toEqual([
      { field: 'form.investigators.1', message: '“赵六”不是本街道调查员的账号姓名' },
    ]);
    const notMe = await (
      await as(inv2)
    ).post(`/api/tasks/${key}/completion`, { form: form(['李明', '李明']) });
    expect(notMe.status).toBe(400);
    expect(notMe.body.errors[0].field).toBe('form.investigators');
    const done = await c.post(`/api/tasks/${key}/completion`, { form: form(['李明', '张华']) });
    expect(done.status).toBe(200);
    expect(done.body.nextSteps).toEqual(expect.arrayContaining(['第二调查员复核签字', '邻里访问']));
    expect((await variables()).homeVisit).toMatchObject({
      investigators: [inv1.id, inv2.id],
      familySigned: true,
    });
    // What the 入户调查表 will print from this form, under the template's name.
    const row = await api.tdb.db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect((row.data as any)['home-visit-record']).toEqual({
      visitedOn: chinaDate(new Date()),
      investigators: ['李明', '张华'],
      living: '两居室，无车辆，申请人无业',
      conclusion: '两居室，无车辆，申请人无业',
    });
    expect((row.data as any)['supplement-notice']).toBeUndefined();
    expect((row.data as any).steps['dibao-home-visit']).toMatchObject({ assessedMonthlyIncome: 300 });
  });

  it('lets only the second investigator co-sign', async () => {
    const key = (await openTask('dibao-home-visit-cosign')).userTaskKey;
    const first = await (await as(inv1)).post(`/api/tasks/${key}/completion`, { form: { confirmed: true } });
    expect(first.status).toBe(403);
    expect(first.body.detail).toBe('只有入户调查记录中的第二名调查员本人可以复核签字');
    expect((await openTask('dibao-home-visit-cosign')).state).toBe('CREATED');
    const second = await (await as(inv2)).post(`/api/tasks/${key}/completion`, { form: { confirmed: true } });
    expect(second.status).toBe(200);
    expect((await variables()).homeVisitCosigned).toBe(true);
  });

  it('releases a claimed task back to the group', async () => {
    const key = (await openTask('dibao-neighbour-visit')).userTaskKey;
    const c = await as(inv2);
    expect((await c.post(`/api/tasks/${key}/assignment`)).status).toBe(200);
    expect((await (await as(inv1)).delete(`/api/tasks/${key}/assignment`)).status).toBe(409);
    const released = await c.delete(`/api/tasks/${key}/assignment`);
    expect(released.status).toBe(200);
    expect(released.body.assignee).toBeNull();
    expect((await openTask('dibao-neighbour-visit')).assignee).toBeUndefined();
  });
});
