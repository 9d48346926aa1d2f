/**
 * Jobs with Zeebe semantics through the official client: long polling, one worker per job,
 * activation timeout, failure with retries and back-off, incidents, BPMN errors.
 */
import path from 'node:path';
import { startTestEngine, type TestEngine } from '../helpers/engine';

const NOW = { consistency: { waitUpToMs: 0 } };
const model = path.join(import.meta.dirname, 'models', 'jobs.bpmn');

describe('jobs', () => {
  let t: TestEngine;
  let seq = 0;
  const start = async () => {
    const jobType = `work-${++seq}`;
    const pi = await t.api.createProcessInstance({ processDefinitionId: 'jobs', variables: { jobType } });
    return { jobType, pi: pi.processInstanceKey };
  };
  const activate = (type: string, extra: Record<string, unknown> = {}) =>
    t.api.activateJobs({
      type,
      maxJobsToActivate: 10,
      timeout: 60_000,
      worker: 'w',
      requestTimeout: -1,
      ...extra,
    });
  const instance = (key: string) => t.api.getProcessInstance({ processInstanceKey: key as never }, NOW);

  beforeAll(async () => {
    t = await startTestEngine('eng_jobs');
    await t.deploy(model);
    await t.pinClock('2025-03-03T09:00:00Z');
  });
  afterAll(() => t.close());

  it('long-polls until a job of its type exists, honouring requestTimeout', async () => {
    const started = Date.now();
    const empty = await activate('nothing-here', { requestTimeout: 300 });
    expect(empty.jobs).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);

    const jobType = `work-${++seq}`;
    const waiting = activate(jobType, { requestTimeout: 20_000 });
    await new Promise((r: any) => setTimeout(r, 200));
    await t.api.createProcessInstance({ processDefinitionId: 'jobs', variables: { jobType } });
    const { jobs } = await waiting;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.type).toBe(jobType);
  });

  it('gives each job to exactly one of many concurrent workers', async () => {
    const jobType = `work-${++seq}`;
    for (let i = 0; i < 20; i++)
      await t.api.createProcessInstance({ processDefinitionId: 'jobs', variables: { jobType } });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => activate(jobType, { maxJobsToActivate: 4, worker: `w${i}` })),
    );
    const keys = results.flatMap((r: any) => r.jobs.map((j: any) => j.jobKey));
    expect(keys.length).toBe(new Set(keys).size);
    const rest = await activate(jobType, { maxJobsToActivate: 50 });
    expect(keys.length + rest.jobs.length).toBe(20);
    expect((await activate(jobType)).jobs).toEqual([]);
  });

  it('makes an activated job activatable again after its timeout (TIMED_OUT)', async () => {
    const { jobType } = await start();
    const first = await activate(jobType, { timeout: 5 * 60_000 });
    expect(first.jobs).toHaveLength(1);
    expect((await activate(jobType)).jobs).toEqual([]);
    await t.advance({ minutes: 4 });
    expect((await activate(jobType)).jobs).toEqual([]);
    await t.advance({ minutes: 2 });
    const again = await activate(jobType, { worker: 'second' });
    expect(again.jobs.map((j: any) => j.jobKey)).toEqual([first.jobs[0]!.jobKey]);
    const found = await t.api.searchJobs({ filter: { jobKey: first.jobs[0]!.jobKey } }, NOW);
    expect(found.items[0]).toMatchObject({ state: 'TIMED_OUT', worker: 'second' });
  });

  it('extends the deadline when the timeout is updated', async () => {
    const { jobType } = await start();
    const [job] = (await activate(jobType, { timeout: 60_000 })).jobs;
    await t.api.updateJob({ jobKey: job!.jobKey, changeset: { timeout: 10 * 60_000 } });
    await t.advance({ minutes: 5 });
    expect((await activate(jobType)).jobs).toEqual([]);
  });

  it('retries a failed job after its back-off, then raises an incident at zero retries', async () => {
    const { jobType, pi } = await start();
    const [job] = (await activate(jobType)).jobs;
    expect(job!.retries).toBe(3);
    await t.api.failJob({
      jobKey: job!.jobKey,
      retries: 2,
      errorMessage: 'printer offline',
      retryBackOff: 60_000,
    });
    expect((await activate(jobType)).jobs).toEqual([]);
    await t.advance({ seconds: 61 });
    const [retried] = (await activate(jobType)).jobs;
    expect(retried).toMatchObject({ jobKey: job!.jobKey, retries: 2 });
    const failed = await t.api.searchJobs({ filter: { jobKey: job!.jobKey } }, NOW);
    expect(failed.items[0]).toMatchObject({
      errorMessage: 'printer offline',
      hasFailedWithRetriesLeft: true,
    });

    await t.api.failJob({ jobKey: job!.jobKey, retries: 0, errorMessage: 'printer on fire' });
    expect((await activate(jobType)).jobs).toEqual([]);
    const incidents = await t.api.searchIncidents(
      { filter: { processInstanceKey: pi, state: 'ACTIVE' } },
      NOW,
    );
    expect(incidents.items).toHaveLength(1);
    expect(incidents.items[0]).toMatchObject({
      errorType: 'JOB_NO_RETRIES',
      errorMessage: 'printer on fire',
      jobKey: job!.jobKey,
    });
    expect((await instance(pi)).hasIncident).toBe(true);
    const elements = await t.api.searchElementInstances(
      { filter: { processInstanceKey: pi, elementId: 'work' } },
      NOW,
    );
    expect(elements.items[0]).toMatchObject({
      hasIncident: true,
      incidentKey: incidents.items[0]!.incidentKey,
    });

    // Resolving without new retries raises the incident again, as Zeebe does.
    await t.api.resolveIncident({ incidentKey: incidents.items[0]!.incidentKey });
    const again = await t.api.searchIncidents({ filter: { processInstanceKey: pi, state: 'ACTIVE' } }, NOW);
    expect(again.items).toHaveLength(1);
    expect(again.items[0]!.incidentKey).not.toBe(incidents.items[0]!.incidentKey);

    await t.api.updateJob({ jobKey: job!.jobKey, changeset: { retries: 1 } });
    await t.api.resolveIncident({ incidentKey: again.items[0]!.incidentKey });
    expect((await instance(pi)).hasIncident).toBe(false);
    const [back] = (await activate(jobType)).jobs;
    expect(back).toMatchObject({ jobKey: job!.jobKey, retries: 1 });
    await t.api.completeJob({ jobKey: back!.jobKey });
    expect((await instance(pi)).state).toBe('COMPLETED');
  });

  it('throws a BPMN error to the error boundary event with its variables', async () => {
    const { jobType, pi } = await start();
    const [job] = (await activate(jobType)).jobs;
    await t.api.throwJobError({
      jobKey: job!.jobKey,
      errorCode: 'REJECTED',
      errorMessage: 'no',
      variables: { reason: '材料不全' },
    });
    expect((await instance(pi)).state).toBe('COMPLETED');
    const els = await t.api.searchElementInstances({ filter: { processInstanceKey: pi } }, NOW);
    const states = Object.fromEntries(els.items.map((e: any) => [e.elementId, e.state]));
    expect(states).toMatchObject({ work: 'TERMINATED', onRejected: 'COMPLETED', rejected: 'COMPLETED' });
    expect(states.ok).toBeUndefined();
    const vars = await t.api.searchVariables(
      { filter: { processInstanceKey: pi, name: 'rejectionReason' } },
      NOW,
    );
    expect(vars.items[0]!.value).toBe('"材料不全"');
    const jobs = await t.api.searchJobs({ filter: { jobKey: job!.jobKey } }, NOW);
    expect(jobs.items[0]!.state).toBe('ERROR_THROWN');
  });

  it('raises an incident for a BPMN error nothing catches, and retries the job once resolved', async () => {
    const { jobType, pi } = await start();
    const [job] = (await activate(jobType)).jobs;
    await t.api.throwJobError({ jobKey: job!.jobKey, errorCode: 'UNKNOWN_CODE', errorMessage: 'boom' });
    const incidents = await t.api.searchIncidents(
      { filter: { processInstanceKey: pi, state: 'ACTIVE' } },
      NOW,
    );
    expect(incidents.items[0]).toMatchObject({ errorType: 'UNHANDLED_ERROR_EVENT', jobKey: job!.jobKey });
    expect(incidents.items[0]!.errorMessage).toContain("'UNKNOWN_CODE'");
    await t.api.resolveIncident({ incidentKey: incidents.items[0]!.incidentKey });
    const [again] = (await activate(jobType)).jobs;
    expect(again!.jobKey).toBe(job!.jobKey);
    await t.api.completeJob({ jobKey: again!.jobKey });
    expect((await instance(pi)).state).toBe('COMPLETED');
  });

  it('rejects completing an unknown or finished job with NOT_FOUND', async () => {
    const { jobType } = await start();
    const [job] = (await activate(jobType)).jobs;
    await t.api.completeJob({ jobKey: job!.jobKey });
    await expect(t.api.completeJob({ jobKey: job!.jobKey })).rejects.toMatchObject({ status: 404 });
    await expect(t.api.failJob({ jobKey: '2251799813999999' as never, retries: 1 })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('serves workers created with the client (createJobWorker)', async () => {
    const jobType = `work-${++seq}`;
    const seen: string[] = [];
    const worker = t.client.createJobWorker({
      jobType,
      maxParallelJobs: 4,
      jobTimeoutMs: 30_000,
      pollIntervalMs: 20,
      jobHandler: async (job) => {
        seen.push(job.jobKey);
        return job.complete({ handled: true });
      },
    });
    const keys = [];
    for (let i = 0; i < 5; i++) {
      keys.push(
        (await t.api.createProcessInstance({ processDefinitionId: 'jobs', variables: { jobType } }))
          .processInstanceKey,
      );
    }
    for (let i = 0; i < 100 && seen.length < 5; i++) await new Promise((r: any) => setTimeout(r, 50));
    worker.stop();
    expect(new Set(seen).size).toBe(5);
    for (const k of keys) {
      for (let i = 0; i < 50 && (await instance(k)).state !== 'COMPLETED'; i++)
        await new Promise((r: any) => setTimeout(r, 20));
      expect((await instance(k)).state).toBe('COMPLETED');
      const handled = await t.api.searchVariables(
        { filter: { processInstanceKey: k, name: 'handled' } },
        NOW,
      );
      expect(handled.items.map((v: any) => v.value)).toEqual(['true']);
    }
  });
});
