/**
 * Process instances and element instances: create (latest / version / key, variables,
 * awaitCompletion), get, search (state, ids, variables, $or, incidents, dates), cancel, the
 * instance's incidents and element statistics; element instances get and search.
 */
import path from 'node:path';
import { startTestEngine, type TestEngine } from '../helpers/engine';

const NOW = { consistency: { waitUpToMs: 0 } };

describe('process instances', () => {
  let t: TestEngine;
  const keys: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestEngine('eng_instances');
    await t.pinClock('2025-03-03T09:00:00Z');
    await t.deploy(
      path.join(import.meta.dirname, 'models', 'order.bpmn'),
      path.join(import.meta.dirname, 'models', 'jobs.bpmn'),
    );
    const start = async (name: string, variables: object) =>
      (keys[name] = (
        await t.api.createProcessInstance({ processDefinitionId: 'order', variables })
      ).processInstanceKey);
    await start('big', { caseId: 'A', amount: 500, streetCode: '500112001', dueAt: '2030-01-01T00:00:00Z' });
    await t.advance({ hours: 1 });
    await start('small', { caseId: 'B', amount: 5, streetCode: '500112007' });
    await start('other', { caseId: 'C', amount: 7, streetCode: '500112007' });
  });
  afterAll(() => t.close());

  it('gets an instance with the v2 shape', async () => {
    const pi = await t.api.getProcessInstance({ processInstanceKey: keys.big }, NOW);
    expect(pi).toMatchObject({
      processInstanceKey: keys.big,
      processDefinitionId: 'order',
      processDefinitionName: 'Order',
      processDefinitionVersion: 1,
      state: 'ACTIVE',
      hasIncident: false,
      tenantId: '<default>',
      startDate: '2025-03-03T09:00:00.000Z',
    });
    expect(pi.endDate).toBeUndefined();
    await expect(
      t.api.getProcessInstance({ processInstanceKey: '2251799813999999' }, NOW),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('searches by variables, state, dates and $or', async () => {
    const byVar = await t.api.searchProcessInstances(
      { filter: { variables: [{ name: 'caseId', value: '"B"' }] } },
      NOW,
    );
    expect(byVar.items.map((i: any) => i.processInstanceKey)).toEqual([keys.small]);
    const later = await t.api.searchProcessInstances(
      { filter: { startDate: { $gt: '2025-03-03T09:30:00.000Z' } } },
      NOW,
    );
    expect(later.items.map((i: any) => i.processInstanceKey).sort()).toEqual([keys.small, keys.other].sort());
    const either = await t.api.searchProcessInstances(
      {
        filter: {
          $or: [{ processInstanceKey: keys.big }, { variables: [{ name: 'caseId', value: '"C"' }] }],
        },
      },
      NOW,
    );
    expect(either.items.map((i: any) => i.processInstanceKey).sort()).toEqual([keys.big, keys.other].sort());
    const active = await t.api.searchProcessInstances(
      { filter: { state: 'ACTIVE', processDefinitionId: 'order' } },
      NOW,
    );
    expect(active.page.totalItems).toBe(3n);
    const atTask = await t.api.searchProcessInstances(
      { filter: { elementId: 'prepare', elementInstanceState: 'ACTIVE' } },
      NOW,
    );
    expect(atTask.items).toHaveLength(3);
  });

  it('lists element instances with their scope and gets one', async () => {
    const els = await t.api.searchElementInstances(
      { filter: { processInstanceKey: keys.big }, sort: [{ field: 'startDate' }] },
      NOW,
    );
    expect(els.items.map((e: any) => [e.elementId, e.type, e.state])).toEqual([
      ['start', 'START_EVENT', 'COMPLETED'],
      ['prepare', 'SERVICE_TASK', 'ACTIVE'],
    ]);
    const one = await t.api.getElementInstance({ elementInstanceKey: els.items[1].elementInstanceKey }, NOW);
    expect(one).toMatchObject({
      elementId: 'prepare',
      elementName: 'Prepare',
      hasIncident: false,
      processInstanceKey: keys.big,
    });
    const serviceTasks = await t.api.searchElementInstances(
      { filter: { type: 'SERVICE_TASK', state: 'ACTIVE' } },
      NOW,
    );
    expect(serviceTasks.page.totalItems).toBe(3n);
  });

  it('returns the variables once the instance completes when awaitCompletion is set', async () => {
    const result = await t.api
      .createProcessInstance({
        processDefinitionId: 'jobs',
        variables: { jobType: 'never-mind' },
        awaitCompletion: true,
        requestTimeout: 5_000,
        fetchVariables: ['answer'],
      })
      .catch((e: any) => e);
    // This one waits at a job nobody works: the engine says so after the request timeout.
    expect(result).toMatchObject({ status: 409 });
    const worker = t.client.createJobWorker({
      jobType: 'answer-job',
      maxParallelJobs: 1,
      jobTimeoutMs: 10_000,
      pollIntervalMs: 10,
      jobHandler: (job) => job.complete({ answer: 42 }),
    });
    const done = await t.api.createProcessInstance({
      processDefinitionId: 'jobs',
      variables: { jobType: 'answer-job' },
      awaitCompletion: true,
      fetchVariables: ['answer'],
    });
    worker.stop();
    expect(done.variables).toEqual({ answer: 42 });
  });

  it('cancels an instance: its jobs and tasks end, it shows TERMINATED with an end date', async () => {
    await t.api.cancelProcessInstance({ processInstanceKey: keys.other });
    const pi = await t.api.getProcessInstance({ processInstanceKey: keys.other }, NOW);
    expect(pi).toMatchObject({ state: 'TERMINATED', endDate: '2025-03-03T10:00:00.000Z' });
    const jobs = await t.api.searchJobs({ filter: { processInstanceKey: keys.other } }, NOW);
    expect(jobs.items.map((j: any) => j.state)).toEqual(['CANCELED']);
    const els = await t.api.searchElementInstances(
      { filter: { processInstanceKey: keys.other, state: 'ACTIVE' } },
      NOW,
    );
    expect(els.items).toEqual([]);
    const stats = await t.api.getProcessInstanceStatistics({ processInstanceKey: keys.other }, NOW);
    expect(stats.items.find((s: any) => s.elementId === 'prepare')).toMatchObject({
      canceled: 1n,
      active: 0n,
    });
  });

  it("lists an instance's incidents", async () => {
    const { jobs } = await t.api.activateJobs({
      type: 'prepare-doc',
      maxJobsToActivate: 5,
      timeout: 60_000,
      requestTimeout: -1,
    });
    const job = jobs.find((j: any) => j.processInstanceKey === keys.small);
    await t.api.failJob({ jobKey: job.jobKey, retries: 0, errorMessage: '模板缺失' });
    const incidents = await t.api.searchProcessInstanceIncidents({ processInstanceKey: keys.small }, NOW);
    expect(incidents.items).toHaveLength(1);
    expect(incidents.items[0]).toMatchObject({
      errorType: 'JOB_NO_RETRIES',
      errorMessage: '模板缺失',
      elementId: 'prepare',
      state: 'ACTIVE',
    });
    const incident = await t.api.getIncident({ incidentKey: incidents.items[0].incidentKey }, NOW);
    expect(incident.processInstanceKey).toBe(keys.small);
    const withIncident = await t.api.searchProcessInstances({ filter: { hasIncident: true } }, NOW);
    expect(withIncident.items.map((i: any) => i.processInstanceKey)).toEqual([keys.small]);
  });
});
