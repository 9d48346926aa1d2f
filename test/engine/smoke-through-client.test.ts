import path from 'node:path';
import { startTestEngine, type TestEngine } from '../helpers/engine';

const model = (f: string) => path.join(import.meta.dirname, 'models', f);
const NOW = { consistency: { waitUpToMs: 0 } };

describe('smoke', () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine('eng_smoke');
  });
  afterAll(() => t.close());

  it('runs a service task and a user task through the official client', async () => {
    const topo = await t.api.getTopology();
    expect(topo.brokers[0]!.partitions[0]!.role).toBe('leader');
    const d = await t.deploy(model('order.bpmn'));
    expect(d.processes[0]!.processDefinitionId).toBe('order');
    const pi = await t.api.createProcessInstance({
      processDefinitionId: 'order',
      variables: { caseId: 'C1', amount: 150, streetCode: '500112001', dueAt: '2030-01-01T00:00:00Z' },
    });
    const { jobs } = await t.api.activateJobs({
      type: 'prepare-doc',
      maxJobsToActivate: 5,
      timeout: 30_000,
      worker: 'w1',
    });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.customHeaders).toEqual({ template: 'notice' });
    expect(jobs[0]!.variables).toMatchObject({ localCase: 'C1', caseId: 'C1' });
    await t.api.completeJob({ jobKey: jobs[0]!.jobKey, variables: { docId: 'D1' } });
    const tasks = await t.api.searchUserTasks({ filter: { processInstanceKey: pi.processInstanceKey } }, NOW);
    expect(tasks.items).toHaveLength(1);
    expect(tasks.items[0]!.candidateGroups).toEqual(['street:500112001:clerk']);
    await t.api.completeUserTask({
      userTaskKey: tasks.items[0]!.userTaskKey,
      variables: { approved: true },
    });
    const inst = await t.api.getProcessInstance({ processInstanceKey: pi.processInstanceKey }, NOW);
    expect(inst.state).toBe('COMPLETED');
    const vars = await t.api.searchVariables(
      { filter: { processInstanceKey: pi.processInstanceKey, name: 'noticeDoc' } },
      NOW,
    );
    expect(vars.items[0]!.value).toBe('"D1"');
  });
});
