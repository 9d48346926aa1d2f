/**
 * Parallel (two investigators at once), exclusive with a default flow, inclusive gateways, FEEL
 * script tasks; a gateway whose conditions cannot decide raises CONDITION_ERROR and goes on
 * when the data is fixed and the incident resolved.
 */
import path from 'node:path';
import { startTestEngine, type TestEngine } from '../helpers/engine';

const NOW = { consistency: { waitUpToMs: 0 } };

describe('gateways and script tasks', () => {
  let t: TestEngine;
  const elements = async (pi: string) => {
    const r = await t.api.searchElementInstances({ filter: { processInstanceKey: pi as never } }, NOW);
    return Object.fromEntries(r.items.map((e: any) => [e.elementId, e.state]));
  };
  const finishBranches = async (pi: string) => {
    const [job] = (
      await t.api.activateJobs({
        type: 'verify-info',
        maxJobsToActivate: 1,
        timeout: 60_000,
        requestTimeout: -1,
      })
    ).jobs;
    await t.api.completeJob({ jobKey: job!.jobKey, variables: { verified: true } });
    expect(await elements(pi)).toMatchObject({ verifyInfo: 'COMPLETED', homeVisit: 'ACTIVE' });
    const task = (await t.api.searchUserTasks({ filter: { processInstanceKey: pi as never } }, NOW))
      .items[0]!;
    expect(task.candidateGroups).toEqual(['investigators']);
    await t.api.completeUserTask({ userTaskKey: task.userTaskKey, variables: { visited: true } });
  };

  beforeAll(async () => {
    t = await startTestEngine('eng_gateways');
    await t.deploy(path.join(import.meta.dirname, 'models', 'investigation.bpmn'));
  });
  afterAll(() => t.close());

  it('runs both investigations in parallel, joins, scores with FEEL and routes', async () => {
    const pi = (
      await t.api.createProcessInstance({
        processDefinitionId: 'investigation',
        variables: { income: 300, standard: 620 },
      })
    ).processInstanceKey;
    expect(await elements(pi)).toMatchObject({
      split: 'COMPLETED',
      homeVisit: 'ACTIVE',
      verifyInfo: 'ACTIVE',
    });
    await finishBranches(pi);
    expect(await elements(pi)).toMatchObject({
      join: 'COMPLETED',
      score: 'COMPLETED',
      decide: 'COMPLETED',
      approved: 'COMPLETED',
    });
    const verdict = await t.api.searchVariables(
      { filter: { processInstanceKey: pi as never, name: 'verdict' } },
      NOW,
    );
    expect(verdict.items[0]!.value).toBe('"eligible"');
  });

  it('takes the default flow when no condition holds', async () => {
    const pi = (
      await t.api.createProcessInstance({
        processDefinitionId: 'investigation',
        variables: { income: 900, standard: 620 },
      })
    ).processInstanceKey;
    await finishBranches(pi);
    expect(await elements(pi)).toMatchObject({ refused: 'COMPLETED' });
    expect(await elements(pi)).not.toHaveProperty('approved');
  });

  it('evaluates FEEL like Zeebe: a comparison with a missing variable is null, so `if` takes its else branch', async () => {
    const pi = (
      await t.api.createProcessInstance({
        processDefinitionId: 'investigation',
        variables: { income: 100 },
      })
    ).processInstanceKey;
    await finishBranches(pi);
    const verdict = await t.api.searchVariables(
      { filter: { processInstanceKey: pi as never, name: 'verdict' } },
      NOW,
    );
    expect(verdict.items[0]!.value).toBe('"ineligible"');
    expect(await elements(pi)).toMatchObject({ refused: 'COMPLETED' });
  });

  it('ends every branch at a terminate end event reached after a send task', async () => {
    const pi = (await t.api.createProcessInstance({ processDefinitionId: 'terminating' })).processInstanceKey;
    expect(await elements(pi)).toMatchObject({ longTask: 'ACTIVE', sendNotice: 'ACTIVE' });
    const { jobs } = await t.api.activateJobs({
      type: 'send-notice',
      maxJobsToActivate: 1,
      timeout: 60_000,
      requestTimeout: -1,
    });
    await t.api.completeJob({ jobKey: jobs[0].jobKey });
    expect(await elements(pi)).toMatchObject({
      longTask: 'TERMINATED',
      sendNotice: 'COMPLETED',
      stopAll: 'COMPLETED',
    });
    expect((await t.api.getProcessInstance({ processInstanceKey: pi }, NOW)).state).toBe('COMPLETED');
    const tasks = await t.api.searchUserTasks({ filter: { processInstanceKey: pi } }, NOW);
    expect(tasks.items.map((x: any) => x.state)).toEqual(['CANCELED']);
  });

  it('takes every inclusive branch whose condition holds, and raises CONDITION_ERROR when none does', async () => {
    const both = (
      await t.api.createProcessInstance({
        processDefinitionId: 'routing',
        variables: { needs: ['medical', 'education'] },
      })
    ).processInstanceKey;
    expect(await elements(both)).toMatchObject({ a: 'ACTIVE', b: 'ACTIVE' });
    const one = (
      await t.api.createProcessInstance({
        processDefinitionId: 'routing',
        variables: { needs: ['education'] },
      })
    ).processInstanceKey;
    expect(await elements(one)).toMatchObject({ b: 'ACTIVE' });
    expect(await elements(one)).not.toHaveProperty('a');
    const none = (
      await t.api.createProcessInstance({ processDefinitionId: 'routing', variables: { needs: [] } })
    ).processInstanceKey;
    const incidents = await t.api.searchProcessInstanceIncidents({ processInstanceKey: none as never }, NOW);
    expect(incidents.items[0]).toMatchObject({ errorType: 'CONDITION_ERROR', elementId: 'which' });
    expect(incidents.items[0]!.errorMessage).toContain('Expected at least one condition to evaluate to true');
    const inst = await t.api.searchProcessInstances(
      { filter: { hasIncident: true, processDefinitionId: 'routing' } },
      NOW,
    );
    expect(inst.items.map((i: any) => i.processInstanceKey)).toEqual([none]);

    await t.api.createElementInstanceVariables({
      elementInstanceKey: none as never,
      variables: { needs: ['medical'] },
    });
    await t.api.resolveIncident({ incidentKey: incidents.items[0]!.incidentKey });
    expect(await elements(none)).toMatchObject({ which: 'COMPLETED', a: 'ACTIVE' });
    const after = await t.api.searchIncidents({ filter: { processInstanceKey: none as never } }, NOW);
    expect(after.items.map((i: any) => i.state)).toEqual(['RESOLVED']);
  });
});
