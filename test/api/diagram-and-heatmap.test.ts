/**
 * The case diagram and the heat-map over HTTP against a real embedded engine running the 低保
 * model: element states of one case (an overdue 受理审查 shows as overdue), and counts per element
 * limited to the caller's street or district. The deadline job is completed by the test (its
 * worker is built on another branch).
 */
import path from 'node:path';
import { addDays, chinaDate, endOfDayInChina } from '../../server/domain/dates';
import { startTestEngine, type TestEngine } from '../helpers/engine';
import { application } from './support/applications';
import { A, Client, S1, S2, seedFixtures, startApi, type Api, type Fixtures } from './support/harness';

let t: TestEngine;
let api: Api;
let fx: Fixtures;
const cases: Record<'s1' | 's2' | 'unstarted', string> = { s1: '', s2: '', unstarted: '' };
const as = (role: Parameters<Fixtures['inside']>[0], side: 'inside' | 'outside' = 'inside') =>
  Client.minted(api, fx[side](role).id);

async function register(clerk: Client, streetCode: string, acceptanceDue: string) {
  const created = await clerk.post('/api/cases', application());
  expect(created.status).toBe(201);
  const pi = await t.api.createProcessInstance({
    processDefinitionId: 'dibao',
    variables: {
      caseId: created.body.id,
      caseNo: created.body.caseNo,
      districtCode: A.code,
      streetCode,
      appliedOn: chinaDate(new Date()),
      staffRelative: false,
      communityAssessment: true,
    },
  });
  await api.tdb.db.case.update({
    where: { id: created.body.id },
    data: { processInstanceKey: String(pi.processInstanceKey) },
  });
  const { jobs } = await t.api.activateJobs({
    type: 'compute-deadlines',
    maxJobsToActivate: 1,
    timeout: 60_000,
    requestTimeout: -1,
  });
  await t.api.completeJob({ jobKey: jobs[0].jobKey, variables: { acceptanceDue } });
  return created.body.id as string;
}

beforeAll(async () => {
  t = await startTestEngine('api_diagram');
  await t.deploy(path.join(import.meta.dirname, '..', '..', 'workflows', 'dibao.bpmn'));
  api = await startApi('api_diagram');
  api.ctx.camunda = t.client;
  fx = await seedFixtures(api);
  const today = chinaDate(new Date());
  // S1's acceptance deadline passed yesterday; S2's is next week.
  cases.s1 = await register(await as('street_clerk'), S1.code, endOfDayInChina(addDays(today, -1)));
  cases.s2 = await register(await as('street_clerk', 'outside'), S2.code, endOfDayInChina(addDays(today, 7)));
  cases.unstarted = (await (await as('street_clerk')).post('/api/cases', application())).body.id;
});
afterAll(async () => {
  await api?.close();
  await t?.close();
});

describe('case diagram', () => {
  it('returns the deployed model and the state of each element, the overdue step as overdue', async () => {
    const r = await (await as('street_reviewer')).get(`/api/cases/${cases.s1}/diagram`);
    expect(r.status).toBe(200);
    expect(r.body.bpmnProcessId).toBe('dibao');
    expect(r.body.xml).toContain('<bpmn:process id="dibao"');
    const state = Object.fromEntries(r.body.elements.map((e: any) => [e.elementId, e.state]));
    expect(state).toMatchObject({
      start: 'completed',
      'deadlines-acceptance': 'completed',
      'dibao-accept': 'overdue',
    });
    expect(state).not.toHaveProperty('doc-shouli');
    const s2 = await (await as('street_clerk', 'outside')).get(`/api/cases/${cases.s2}/diagram`);
    expect(s2.body.elements.find((e: any) => e.elementId === 'dibao-accept').state).toBe('active');
  });

  it('answers 404 outside the jurisdiction and 409 before the process has started', async () => {
    expect((await (await as('street_clerk', 'outside')).get(`/api/cases/${cases.s1}/diagram`)).status).toBe(
      404,
    );
    const r = await (await as('street_clerk')).get(`/api/cases/${cases.unstarted}/diagram`);
    expect(r.status).toBe(409);
    expect(r.body.title).toBe('流程尚未启动');
  });
});

describe('heat-map', () => {
  const accept = async (c: Client) => {
    const r = await c.get('/api/statistics/elements?bpmnProcessId=dibao');
    expect(r.status).toBe(200);
    expect(r.body.xml).toContain('dibao-accept');
    return r.body.elements.find((e: any) => e.elementId === 'dibao-accept');
  };

  it('counts the waiting and overdue cases of the caller’s street or district only', async () => {
    expect(await accept(await as('street_clerk'))).toEqual({
      elementId: 'dibao-accept',
      active: 1,
      completed: 0,
      incidents: 0,
      overdue: 1,
    });
    expect(await accept(await as('street_clerk', 'outside'))).toMatchObject({ active: 1, overdue: 0 });
    expect(await accept(await as('district_official'))).toMatchObject({ active: 2, overdue: 1 });
    expect(await accept(await as('district_official', 'outside'))).toBeUndefined();
  });

  it('says when no such process is deployed', async () => {
    const r = await (await as('district_official')).get('/api/statistics/elements?bpmnProcessId=nothing');
    expect(r.status).toBe(404);
    const bad = await (await as('district_official')).get('/api/statistics/elements?bpmnProcessId=%3Cx%3E');
    expect(bad.status).toBe(400);
  });
});
