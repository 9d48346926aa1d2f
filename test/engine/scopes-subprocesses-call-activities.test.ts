/**
 * Zeebe variable scoping through embedded sub-processes, error end events and error event
 * sub-processes, call activities (the reusable 一事一议 process) and multi-instance.
 */
import path from 'node:path';
import { startTestEngine, type TestEngine } from '../helpers/engine';

const NOW = { consistency: { waitUpToMs: 0 } };

describe('scopes, sub-processes, call activities, multi-instance', () => {
  let t: TestEngine;
  const start = async (id: string, variables: Record<string, unknown> = {}) =>
    (await t.api.createProcessInstance({ processDefinitionId: id, variables })).processInstanceKey;
  const elements = async (pi: string) => {
    const r = await t.api.searchElementInstances({ filter: { processInstanceKey: pi as never } }, NOW);
    return Object.fromEntries(r.items.map((e: any) => [e.elementId, e.state]));
  };
  const variables = async (pi: string) => {
    const r = await t.api.searchVariables({ filter: { processInstanceKey: pi as never } }, NOW);
    return r.items;
  };
  const rootVars = async (pi: string) =>
    Object.fromEntries(
      (await variables(pi))
        .filter((v: any) => v.scopeKey === pi)
        .map((v: any) => [v.name, JSON.parse(v.value)]),
    );
  const work = async (type: string, vars: Record<string, unknown> = {}) => {
    const { jobs } = await t.api.activateJobs({
      type,
      maxJobsToActivate: 1,
      timeout: 60_000,
      requestTimeout: -1,
    });
    expect(jobs).toHaveLength(1);
    await t.api.completeJob({ jobKey: jobs[0]!.jobKey, variables: vars });
    return jobs[0]!;
  };
  const state = async (pi: string) =>
    (await t.api.getProcessInstance({ processInstanceKey: pi as never }, NOW)).state;

  beforeAll(async () => {
    t = await startTestEngine('eng_scopes');
    await t.pinClock('2025-03-03T08:00:00Z');
    await t.deploy(path.join(import.meta.dirname, 'models', 'nesting.bpmn'));
  });
  afterAll(() => t.close());

  it('keeps sub-process inputs local and propagates only the outputs', async () => {
    const pi = await start('nested', { caseNo: 'N-1' });
    const job = await work('check-docs', { complete: true, extra: 'x' });
    expect(job.variables).toMatchObject({ subCase: 'N-1', counter: 0, caseNo: 'N-1' });
    expect(await state(pi)).toBe('COMPLETED');
    const root = await rootVars(pi);
    expect(root).toMatchObject({ caseNo: 'N-1', checkedCount: 1, docsComplete: true });
    expect(root).not.toHaveProperty('counter');
    expect(root).not.toHaveProperty('subCase');
    expect(root).not.toHaveProperty('extra');
    const sub = (
      await t.api.searchElementInstances(
        { filter: { processInstanceKey: pi as never, elementId: 'sub' } },
        NOW,
      )
    ).items[0]!;
    const subVars = (await variables(pi))
      .filter((v: any) => v.scopeKey === sub.elementInstanceKey)
      .map((v: any) => v.name);
    expect(subVars.sort()).toEqual(['counter', 'subCase']);
    const check = await t.api.searchElementInstances(
      { filter: { processInstanceKey: pi as never, elementInstanceScopeKey: sub.elementInstanceKey } },
      NOW,
    );
    expect(check.items.map((e: any) => e.elementId)).toEqual(
      expect.arrayContaining(['subStart', 'check', 'ok', 'subEnd']),
    );
  });

  it('catches an error end event with a boundary event on the sub-process', async () => {
    const pi = await start('nested', { caseNo: 'N-2' });
    await work('check-docs', { complete: false });
    expect(await elements(pi)).toMatchObject({
      sub: 'TERMINATED',
      incomplete: 'TERMINATED',
      onIncomplete: 'COMPLETED',
      returned: 'COMPLETED',
    });
    expect(await state(pi)).toBe('COMPLETED');
  });

  it('interrupts the whole sub-process with a boundary timer', async () => {
    const pi = await start('nested', { caseNo: 'N-3' });
    await t.advance({ days: 1, seconds: 1 });
    expect(await elements(pi)).toMatchObject({
      sub: 'TERMINATED',
      check: 'TERMINATED',
      subTimeout: 'COMPLETED',
      timedOut: 'COMPLETED',
    });
    const jobs = await t.api.searchJobs({ filter: { processInstanceKey: pi as never } }, NOW);
    expect(jobs.items[0]!.state).toBe('CANCELED');
  });

  it('handles a job error in an error event sub-process', async () => {
    const pi = await start('withHandler');
    const { jobs } = await t.api.activateJobs({
      type: 'risky',
      maxJobsToActivate: 1,
      timeout: 60_000,
      requestTimeout: -1,
    });
    await t.api.throwJobError({ jobKey: jobs[0]!.jobKey, errorCode: 'FATAL' });
    expect(await elements(pi)).toMatchObject({
      risky: 'TERMINATED',
      handler: 'ACTIVE',
      onFatal: 'COMPLETED',
      cleanup: 'ACTIVE',
    });
    await work('cleanup');
    expect(await state(pi)).toBe('COMPLETED');
  });

  it('calls the reusable process with the parent variables and takes back only the output mappings', async () => {
    const pi = await start('parent', { amount: 300, caseNo: 'P-1' });
    const child = await t.api.searchProcessInstances(
      { filter: { parentProcessInstanceKey: pi as never } },
      NOW,
    );
    expect(child.items).toHaveLength(1);
    const childKey = child.items[0]!.processInstanceKey;
    expect(child.items[0]).toMatchObject({
      processDefinitionId: 'panel',
      parentElementInstanceKey: expect.any(String),
    });
    const job = await work('deliberate', { panelDecision: 'approve', panelNotes: 'unanimous' });
    expect(job.variables).toMatchObject({ amount: 300, caseNo: 'P-1', proposed: 600 });
    expect(await state(childKey)).toBe('COMPLETED');
    expect(await state(pi)).toBe('COMPLETED');
    const root = await rootVars(pi);
    expect(root).toMatchObject({ decision: 'approve' });
    expect(root).not.toHaveProperty('panelNotes');
  });

  it('propagates a BPMN error from the called process to the call activity boundary', async () => {
    const pi = await start('parent', { amount: 1 });
    const childKey = (
      await t.api.searchProcessInstances({ filter: { parentProcessInstanceKey: pi as never } }, NOW)
    ).items[0]!.processInstanceKey;
    const { jobs } = await t.api.activateJobs({
      type: 'deliberate',
      maxJobsToActivate: 1,
      timeout: 60_000,
      requestTimeout: -1,
    });
    await t.api.throwJobError({ jobKey: jobs[0]!.jobKey, errorCode: 'CHILD_FAILED' });
    expect(await state(childKey)).toBe('TERMINATED');
    expect(await elements(pi)).toMatchObject({
      callPanel: 'TERMINATED',
      panelFailed: 'COMPLETED',
      pfailed: 'COMPLETED',
    });
  });

  it('cancels the called instance with its parent, and refuses to cancel a child alone', async () => {
    const pi = await start('parent', { amount: 2 });
    const childKey = (
      await t.api.searchProcessInstances({ filter: { parentProcessInstanceKey: pi as never } }, NOW)
    ).items[0]!.processInstanceKey;
    await expect(t.api.cancelProcessInstance({ processInstanceKey: childKey })).rejects.toMatchObject({
      status: 409,
    });
    await t.api.cancelProcessInstance({ processInstanceKey: pi as never });
    expect(await state(pi)).toBe('TERMINATED');
    expect(await state(childKey)).toBe('TERMINATED');
    await expect(t.api.cancelProcessInstance({ processInstanceKey: pi as never })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('runs a parallel multi-instance per member and collects the outputs in order, then a sequential one', async () => {
    const members = [{ name: '张三' }, { name: '李四' }, { name: '王五' }];
    const pi = await start('fanout', { members });
    const { jobs } = await t.api.activateJobs({
      type: 'notify-member',
      maxJobsToActivate: 10,
      timeout: 60_000,
      requestTimeout: -1,
    });
    expect(jobs.map((j: any) => j.variables.memberName).sort()).toEqual(['张三', '李四', '王五'].sort());
    expect(jobs.map((j: any) => j.variables.loopCounter).sort()).toEqual([1, 2, 3]);
    const byName = Object.fromEntries(jobs.map((j: any) => [j.variables.memberName as string, j]));
    for (const name of ['王五', '张三', '李四']) {
      await t.api.completeJob({ jobKey: byName[name]!.jobKey, variables: { receipt: `R-${name}` } });
    }
    expect(await rootVars(pi)).toMatchObject({ receipts: ['R-张三', 'R-李四', 'R-王五'] });
    const bodies = await t.api.searchElementInstances(
      { filter: { processInstanceKey: pi as never, type: 'MULTI_INSTANCE_BODY' } },
      NOW,
    );
    expect(bodies.items.map((b: any) => b.elementId)).toEqual(['notify', 'signOff']);

    for (const name of ['张三', '李四', '王五']) {
      const tasks = await t.api.searchUserTasks(
        { filter: { processInstanceKey: pi as never, state: 'CREATED' } },
        NOW,
      );
      expect(tasks.items.map((x: any) => x.assignee)).toEqual([name]);
      await t.api.completeUserTask({ userTaskKey: tasks.items[0]!.userTaskKey });
    }
    expect(await state(pi)).toBe('COMPLETED');
    const stats = await t.api.getProcessInstanceStatistics({ processInstanceKey: pi as never }, NOW);
    expect(stats.items.find((s: any) => s.elementId === 'notify')).toMatchObject({ completed: 3n });
  });
});
