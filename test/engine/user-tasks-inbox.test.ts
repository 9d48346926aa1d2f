/** Camunda user tasks through the official client: search, paging, assignment, updates, completion. */
import path from 'node:path';
import { startTestEngine, type TestEngine } from '../helpers/engine';

const NOW = { consistency: { waitUpToMs: 0 } };

describe('user tasks', () => {
  let t: TestEngine;
  const keys: string[] = [];
  const start = async (streetCode: string, extra: Record<string, unknown> = {}) => {
    const pi = await t.api.createProcessInstance({
      processDefinitionId: 'approval',
      variables: {
        streetCode,
        caseNo: `CASE-${keys.length + 1}`,
        dueAt: '2025-04-01T16:00:00Z',
        urgent: false,
        initialAssignee: '',
        ...extra,
      },
    });
    keys.push(pi.processInstanceKey);
    return pi.processInstanceKey;
  };
  const taskOf = async (pi: string) =>
    (await t.api.searchUserTasks({ filter: { processInstanceKey: pi as never } }, NOW)).items[0]!;

  beforeAll(async () => {
    t = await startTestEngine('eng_tasks');
    await t.deploy(path.join(import.meta.dirname, 'models', 'approval.bpmn'));
    await start('500112001');
    await start('500112001', { urgent: true });
    await start('500112007');
    await start('500112001', { initialAssignee: 'slh-clerk' });
  });
  afterAll(() => t.close());

  it('creates tasks with FEEL candidate groups, static candidate users, due date, priority and headers', async () => {
    const task = await taskOf(keys[1]!);
    expect(task).toMatchObject({
      name: '街道审核',
      state: 'CREATED',
      elementId: 'review',
      candidateGroups: ['street:500112001:clerk'],
      candidateUsers: ['slh-inv1', 'slh-inv2'],
      dueDate: '2025-04-01T16:00:00.000Z',
      priority: 80,
      customHeaders: { form: 'review' },
      processDefinitionId: 'approval',
      processName: '审批',
    });
    expect(task.assignee).toBeUndefined();
    expect((await taskOf(keys[3]!)).assignee).toBe('slh-clerk');
  });

  it('searches by candidate group, candidate user, assignee, state and element id', async () => {
    const slh = await t.api.searchUserTasks(
      { filter: { candidateGroup: 'street:500112001:clerk', state: 'CREATED' } },
      NOW,
    );
    expect(slh.items.map((i: any) => i.processInstanceKey).sort()).toEqual(
      [keys[0], keys[1], keys[3]].sort(),
    );
    const either = await t.api.searchUserTasks(
      { filter: { candidateGroup: { $in: ['street:500112007:clerk', 'nobody'] } } },
      NOW,
    );
    expect(either.items.map((i: any) => i.processInstanceKey)).toEqual([keys[2]]);
    const byUser = await t.api.searchUserTasks({ filter: { candidateUser: 'slh-inv2' } }, NOW);
    expect(byUser.page.totalItems).toBe(4n);
    const mine = await t.api.searchUserTasks({ filter: { assignee: 'slh-clerk' } }, NOW);
    expect(mine.items.map((i: any) => i.processInstanceKey)).toEqual([keys[3]]);
    const byElement = await t.api.searchUserTasks(
      { filter: { elementId: 'review', processInstanceKey: keys[2] as never } },
      NOW,
    );
    expect(byElement.items).toHaveLength(1);
    const unassigned = await t.api.searchUserTasks({ filter: { assignee: { $exists: false } } }, NOW);
    expect(unassigned.items).toHaveLength(3);
  });

  it('sorts and pages', async () => {
    const byPriority = await t.api.searchUserTasks({ sort: [{ field: 'priority', order: 'DESC' }] }, NOW);
    expect(byPriority.items[0]!.processInstanceKey).toBe(keys[1]);
    const page1 = await t.api.searchUserTasks(
      { page: { from: 0, limit: 2 }, sort: [{ field: 'creationDate' }] },
      NOW,
    );
    expect(page1.items).toHaveLength(2);
    expect(page1.page.totalItems).toBe(4n);
    const page2 = await t.api.searchUserTasks(
      { page: { from: 2, limit: 2 }, sort: [{ field: 'creationDate' }] },
      NOW,
    );
    expect(page2.items.map((i: any) => i.userTaskKey)).not.toContain(page1.items[0]!.userTaskKey);
    expect(page2.items).toHaveLength(2);
    // Cursor paging over raw HTTP: the 8.8.4 client's strict request validation turns
    // {after, limit} into {from: 0, limit} (its zod union picks the offset branch first).
    const raw = async (page: object) => {
      const res = await fetch(`${t.engine.address}/v2/user-tasks/search`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`test:${t.clientConfig.CAMUNDA_BASIC_AUTH_PASSWORD}`).toString('base64')}`,
        },
        body: JSON.stringify({ page, sort: [{ field: 'creationDate' }] }),
      });
      return (await res.json()) as {
        items: { userTaskKey: string }[];
        page: { endCursor: string; startCursor: string };
      };
    };
    const first = await raw({ limit: 2 });
    const next = await raw({ after: first.page.endCursor, limit: 2 });
    expect(next.items.map((i: any) => i.userTaskKey)).toEqual(page2.items.map((i: any) => i.userTaskKey));
    const back = await raw({ before: next.page.startCursor, limit: 2 });
    expect(back.items.map((i: any) => i.userTaskKey)).toEqual(first.items.map((i: any) => i.userTaskKey));
  });

  it('assigns, refuses to override when told so, unassigns', async () => {
    const task = await taskOf(keys[0]!);
    await t.api.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'slh-clerk' });
    expect((await t.api.getUserTask({ userTaskKey: task.userTaskKey }, NOW)).assignee).toBe('slh-clerk');
    await expect(
      t.api.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'lx-clerk', allowOverride: false }),
    ).rejects.toMatchObject({ status: 409 });
    await t.api.assignUserTask({
      userTaskKey: task.userTaskKey,
      assignee: 'slh-reviewer',
      allowOverride: true,
    });
    expect((await t.api.getUserTask({ userTaskKey: task.userTaskKey }, NOW)).assignee).toBe('slh-reviewer');
    await t.api.unassignUserTask({ userTaskKey: task.userTaskKey });
    expect((await t.api.getUserTask({ userTaskKey: task.userTaskKey }, NOW)).assignee).toBeUndefined();
  });

  it('updates due date, candidate groups and priority', async () => {
    const task = await taskOf(keys[2]!);
    await t.api.updateUserTask({
      userTaskKey: task.userTaskKey,
      changeset: {
        dueDate: '2025-05-01T00:00:00.000Z',
        candidateGroups: ['district:500112:verifier'],
        priority: 90,
      },
    });
    const updated = await t.api.getUserTask({ userTaskKey: task.userTaskKey }, NOW);
    expect(updated).toMatchObject({
      dueDate: '2025-05-01T00:00:00.000Z',
      candidateGroups: ['district:500112:verifier'],
      priority: 90,
    });
  });

  it('shows the variables visible to the task, and completes it with variables', async () => {
    const task = await taskOf(keys[3]!);
    const vars = await t.api.searchUserTaskVariables({ userTaskKey: task.userTaskKey }, NOW);
    const names = vars.items.map((v: any) => v.name);
    expect(names).toEqual(expect.arrayContaining(['taskCaseNo', 'streetCode', 'caseNo']));
    await t.api.completeUserTask({ userTaskKey: task.userTaskKey, variables: { decision: 'approve' } });
    const done = await t.api.getUserTask({ userTaskKey: task.userTaskKey }, NOW);
    expect(done.state).toBe('COMPLETED');
    expect(done.completionDate).toBeDefined();
    expect((await t.api.getProcessInstance({ processInstanceKey: keys[3] as never }, NOW)).state).toBe(
      'COMPLETED',
    );
    const decision = await t.api.searchVariables(
      { filter: { processInstanceKey: keys[3] as never, name: 'decision' } },
      NOW,
    );
    expect(decision.items[0]!.value).toBe('"approve"');
    const one = await t.api.getVariable({ variableKey: decision.items[0]!.variableKey }, NOW);
    expect(one).toMatchObject({ name: 'decision', value: '"approve"', scopeKey: keys[3] });
    await expect(t.api.completeUserTask({ userTaskKey: task.userTaskKey })).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      t.api.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'x' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('cancels the task when its instance is cancelled', async () => {
    const pi = await start('500112001');
    const task = await taskOf(pi);
    await t.api.cancelProcessInstance({ processInstanceKey: pi as never });
    expect((await t.api.getUserTask({ userTaskKey: task.userTaskKey }, NOW)).state).toBe('CANCELED');
    expect((await t.api.getProcessInstance({ processInstanceKey: pi as never }, NOW)).state).toBe(
      'TERMINATED',
    );
  });

  it('serves a group inbox (open, unassigned, due first) that follows every change and counts a task of two groups once', async () => {
    const inboxOf = async (groups: string[], page: { from: number; limit: number }, general = false) => {
      const filter = {
        state: 'CREATED',
        candidateGroup: { $in: groups },
        assignee: { $exists: false },
        // Any further filter takes the general search: the inbox must answer the same.
        ...(general ? { priority: { $gte: 0 } } : {}),
      };
      const r = await t.api.searchUserTasks(
        {
          filter: filter as never,
          sort: [
            { field: 'dueDate', order: 'ASC' },
            { field: 'creationDate', order: 'ASC' },
          ],
          page,
        },
        NOW,
      );
      return {
        keys: r.items.map((i: any) => String(i.processInstanceKey)),
        total: Number(r.page.totalItems),
      };
    };
    const expectInbox = async (groups: string[], keys: string[]) => {
      const inbox = await inboxOf(groups, { from: 0, limit: 50 });
      expect(inbox).toEqual({ keys, total: keys.length });
      expect(await inboxOf(groups, { from: 0, limit: 50 }, true)).toEqual(inbox);
      // Page by page, so each page is cut in due-date order, not only sorted afterwards.
      for (const [i, key] of keys.entries())
        expect(await inboxOf(groups, { from: i, limit: 1 })).toEqual({ keys: [key], total: keys.length });
    };
    const street = 'street:500112009:clerk';
    const later = await start('500112009', { dueAt: '2025-06-01T00:00:00Z' });
    const sooner = await start('500112009', { dueAt: '2025-05-01T00:00:00Z' });
    await expectInbox([street], [sooner, later]);

    const laterTask = await taskOf(later);
    await t.api.assignUserTask({ userTaskKey: laterTask.userTaskKey, assignee: 'tgd-clerk' });
    await expectInbox([street], [sooner]);
    await t.api.unassignUserTask({ userTaskKey: laterTask.userTaskKey });
    await expectInbox([street], [sooner, later]);

    const soonerTask = await taskOf(sooner);
    await t.api.updateUserTask({
      userTaskKey: soonerTask.userTaskKey,
      changeset: { dueDate: '2025-07-01T00:00:00.000Z' },
    });
    await expectInbox([street], [later, sooner]);

    await t.api.updateUserTask({
      userTaskKey: laterTask.userTaskKey,
      changeset: { candidateGroups: [street, 'district:500112:panel'] },
    });
    await expectInbox([street, 'district:500112:panel'], [later, sooner]);
    await expectInbox(['district:500112:panel'], [later]);

    await t.api.completeUserTask({ userTaskKey: soonerTask.userTaskKey, variables: { decision: 'approve' } });
    await expectInbox([street], [later]);
    await t.api.cancelProcessInstance({ processInstanceKey: later as never });
    await expectInbox([street, 'district:500112:panel'], []);
  });
});
