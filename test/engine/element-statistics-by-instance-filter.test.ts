/**
 * Process-definition element statistics (the heat-map) counted over the instances a Camunda 8.8
 * ProcessDefinitionStatisticsFilter selects: by process variables (one street's cases), by
 * instance state, and with `$or` groups.
 */
import path from 'node:path';
import { startTestEngine, type TestEngine } from '../helpers/engine';

const NOW = { consistency: { waitUpToMs: 0 } };

describe('element statistics of a process definition, filtered by instance', () => {
  let t: TestEngine;
  let processDefinitionKey: string;
  const counts = async (filter?: object) => {
    const r = await t.api.getProcessDefinitionStatistics(
      { processDefinitionKey, ...(filter ? { filter } : {}) },
      NOW,
    );
    return Object.fromEntries(
      r.items.map((s: any) => [s.elementId, { active: Number(s.active), completed: Number(s.completed) }]),
    );
  };

  beforeAll(async () => {
    t = await startTestEngine('eng_stats_filter');
    const d = await t.deploy(path.join(import.meta.dirname, 'models', 'approval.bpmn'));
    processDefinitionKey = d.processes[0]!.processDefinitionKey;
    const start = (streetCode: string) =>
      t.api.createProcessInstance({
        processDefinitionId: 'approval',
        variables: {
          streetCode,
          caseNo: 'C',
          dueAt: '2030-01-01T00:00:00Z',
          urgent: false,
          initialAssignee: '',
        },
      });
    await start('500112001');
    await start('500112001');
    const other = await start('500112007');
    const task = await t.api.searchUserTasks(
      { filter: { processInstanceKey: other.processInstanceKey } },
      NOW,
    );
    await t.api.completeUserTask({ userTaskKey: task.items[0].userTaskKey });
  });
  afterAll(() => t.close());

  it('counts every instance without a filter', async () => {
    expect((await counts()).review).toEqual({ active: 2, completed: 1 });
  });

  it('counts only the instances whose variables match', async () => {
    const one = await counts({ variables: [{ name: 'streetCode', value: '"500112001"' }] });
    expect(one.review).toEqual({ active: 2, completed: 0 });
    const other = await counts({ variables: [{ name: 'streetCode', value: '"500112007"' }] });
    expect(other.review).toEqual({ active: 0, completed: 1 });
    expect(other.end).toEqual({ active: 0, completed: 1 });
    expect(await counts({ variables: [{ name: 'streetCode', value: '"999"' }] })).toEqual({});
  });

  it('counts by instance state and with $or groups', async () => {
    expect((await counts({ state: 'COMPLETED' })).review).toEqual({ active: 0, completed: 1 });
    const either = await counts({
      $or: [
        { variables: [{ name: 'streetCode', value: '"500112007"' }] },
        { variables: [{ name: 'streetCode', value: '"nowhere"' }] },
      ],
    });
    expect(either.review).toEqual({ active: 0, completed: 1 });
  });
});
