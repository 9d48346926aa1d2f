/**
 * 一事一议 through the inbox API against a real embedded engine: the panel's meeting record sets
 * the decided amount and reasons; the three sign-offs (经办人 → 科室负责人 → 负责人) must be three
 * different users — someone who signed one of them (and has since been given another role) may
 * not sign another of the same deliberation; a sign-off that refuses must say why. The deadline
 * job is completed by the test (its worker is built on another branch).
 */
import path from 'node:path';
import { addDays, chinaDate, endOfDayInChina } from '../../server/domain/dates';
import { startTestEngine, type TestEngine } from '../helpers/engine';
import { application } from './support/applications';
import { A, Client, S1, seedFixtures, startApi, type Api, type Fixtures } from './support/harness';

const NOW = { consistency: { waitUpToMs: 0 } };
let t: TestEngine;
let api: Api;
let fx: Fixtures;
let pi: string;
const as = (id: string) => Client.minted(api, id);
const today = chinaDate(new Date());

async function openTask(elementId: string) {
  const r = await t.api.searchUserTasks(
    { filter: { processInstanceKey: pi as never, elementId, state: 'CREATED' } },
    NOW,
  );
  expect([elementId, r.items.length]).toEqual([elementId, 1]);
  return String(r.items[0].userTaskKey);
}

async function variables() {
  const r = await t.api.searchVariables(
    { filter: { processInstanceKey: pi as never }, page: { limit: 100 } },
    NOW,
  );
  return Object.fromEntries(r.items.map((v: any) => [v.name, JSON.parse(v.value)]));
}

beforeAll(async () => {
  t = await startTestEngine('api_yishiyiyi');
  await t.deploy(path.join(import.meta.dirname, '..', '..', 'workflows', 'yishiyiyi.bpmn'));
  api = await startApi('api_yishiyiyi');
  api.ctx.camunda = t.client;
  fx = await seedFixtures(api);
  const created = await (
    await as(fx.inside('street_clerk').id)
  ).post('/api/cases', application({ type: 'linshi', linshiKind: 'expense' }));
  expect(created.status).toBe(201);
  const started = await t.api.createProcessInstance({
    processDefinitionId: 'yishiyiyi',
    variables: {
      caseId: created.body.id,
      caseNo: created.body.caseNo,
      caseType: 'linshi',
      districtCode: A.code,
      streetCode: S1.code,
      requestedAmount: 12_000,
      bandCeiling: 5_000,
    },
  });
  pi = started.processInstanceKey;
  const { jobs } = await t.api.activateJobs({
    type: 'compute-deadlines',
    maxJobsToActivate: 1,
    timeout: 60_000,
    requestTimeout: -1,
  });
  await t.api.completeJob({
    jobKey: jobs[0].jobKey,
    variables: { panelDue: endOfDayInChina(addDays(today, 14)) },
  });
});
afterAll(async () => {
  await api?.close();
  await t?.close();
});

describe('一事一议 through the inbox', () => {
  it('shows the panel the case’s need and records the meeting with the decided amount', async () => {
    const panel = await as(fx.inside('district_panel').id);
    const key = await openTask('yishiyiyi-meeting');
    const detail = await panel.get(`/api/tasks/${key}`);
    expect(detail.body).toMatchObject({ caseType: 'linshi', formTitle: '一事一议评审会议' });
    expect(detail.body.formValues.decidedAmount).toBe(12_000);
    const missing = await panel.post(`/api/tasks/${key}/completion`, {
      form: {
        meetingDate: today,
        chair: '刘局长',
        attendees: ['刘局长', '陈科长', '周委员'],
        opinions: [{ member: '刘局长', opinion: '同意' }],
        decidedAmount: 9_000,
        reasons: '重大疾病，自付医疗费用远超分档上限',
      },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'form.opinions', message: '缺少 陈科长、周委员 的意见' }]);
    const done = await panel.post(`/api/tasks/${key}/completion`, {
      form: {
        meetingDate: today,
        chair: '刘局长',
        attendees: ['刘局长', '陈科长', '周委员'],
        opinions: ['刘局长', '陈科长', '周委员'].map((member) => ({ member, opinion: '同意救助 9000 元' })),
        decidedAmount: 9_000,
        reasons: '重大疾病，自付医疗费用远超分档上限',
      },
    });
    expect(done.status).toBe(200);
    expect(done.body.nextSteps).toEqual(['经办人签署']);
    expect(await variables()).toMatchObject({
      panelAmount: 9_000,
      panelReasons: '重大疾病，自付医疗费用远超分档上限',
      meeting: { date: today, chair: '刘局长' },
    });
  });

  it('refuses a sign-off that disagrees without saying why', async () => {
    const key = await openTask('yishiyiyi-signoff-clerk');
    const r = await (
      await as(fx.inside('district_official').id)
    ).post(`/api/tasks/${key}/completion`, {
      form: { clerkApproved: false },
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ field: 'form.opinion', message: '不同意时须写明意见' }]);
  });

  it('lets no user sign two of the three sign-offs', async () => {
    const official = fx.inside('district_official');
    const key = await openTask('yishiyiyi-signoff-clerk');
    const signed = await (
      await as(official.id)
    ).post(`/api/tasks/${key}/completion`, {
      form: { clerkApproved: true, opinion: '同意' },
    });
    expect(signed.status).toBe(200);
    expect(await variables()).toMatchObject({ clerkApproved: true, clerkOpinion: '同意' });
    // The same person, since made 科室负责人, may not also sign for the section.
    await api.tdb.db.user.update({ where: { id: official.id }, data: { role: 'district_section_head' } });
    const section = await openTask('yishiyiyi-signoff-section');
    const twice = await (
      await as(official.id)
    ).post(`/api/tasks/${section}/completion`, {
      form: { sectionApproved: true },
    });
    expect(twice.status).toBe(403);
    expect(twice.body.detail).toContain('三个签署环节须由三名不同人员以本人账号办理');
    expect(await openTask('yishiyiyi-signoff-section')).toBe(section);
    const other = await (
      await as(fx.inside('district_section_head').id)
    ).post(`/api/tasks/${section}/completion`, { form: { sectionApproved: true, opinion: '同意' } });
    expect(other.status).toBe(200);
    expect(other.body.nextSteps).toEqual(['负责人审批']);
  });
});
