/**
 * Timers on the engine clock: tests pin and move it (Camunda's /clock) instead of waiting.
 * Boundary timers (non-interrupting escalation, interrupting expiry), intermediate timers,
 * FEEL timer values, and a timer start cycle beside a none start (monthly disbursement).
 */
import path from 'node:path';
import { nextCron } from '../../server/engine/model/cron';
import { startTestEngine, type TestEngine } from '../helpers/engine';

const NOW = { consistency: { waitUpToMs: 0 } };

describe('timers', () => {
  let t: TestEngine;
  const elements = async (pi: string) => {
    const r = await t.api.searchElementInstances({ filter: { processInstanceKey: pi as never } }, NOW);
    return Object.fromEntries(r.items.map((e: any) => [e.elementId, e.state]));
  };
  const startDeadline = async (deadline: string, expireAfter: string) =>
    (
      await t.api.createProcessInstance({
        processDefinitionId: 'deadline',
        variables: { deadline, expireAfter },
      })
    ).processInstanceKey;
  const task = async (pi: string) =>
    (await t.api.searchUserTasks({ filter: { processInstanceKey: pi as never } }, NOW)).items[0]!;

  beforeAll(async () => {
    t = await startTestEngine('eng_timers');
    await t.pinClock('2024-12-20T00:00:00Z');
    await t.deploy(path.join(import.meta.dirname, 'models', 'timers.bpmn'));
  });
  afterAll(() => t.close());

  it('starts an instance every month at the timer start event (first: the clock only moves forward), and on demand at the none start', async () => {
    const monthly = async () => {
      const r = await t.api.searchProcessInstances({ filter: { processDefinitionId: 'monthly' } }, NOW);
      return r.items.length;
    };
    await t.pinClock('2024-12-31T23:59:00Z');
    expect(await monthly()).toBe(0);
    await t.advance({ minutes: 2 });
    expect(await monthly()).toBe(1);
    await t.pinClock('2025-02-01T00:00:30Z');
    expect(await monthly()).toBe(2);
    await t.pinClock('2025-03-01T00:00:30Z');
    expect(await monthly()).toBe(3);
    const manual = await t.api.createProcessInstance({ processDefinitionId: 'monthly' });
    expect(await elements(manual.processInstanceKey)).toEqual({ manual: 'COMPLETED', disburse: 'ACTIVE' });
    const byTimer = await t.api.searchElementInstances({ filter: { elementId: 'everyMonth' } }, NOW);
    expect(byTimer.items).toHaveLength(3);
    expect(await monthly()).toBe(4);
  });

  it('escalates at the deadline without interrupting, then expires the task', async () => {
    await t.pinClock('2025-03-03T08:00:00Z');
    const pi = await startDeadline('2025-03-10T08:00:00Z', 'P14D');
    await t.advance({ days: 6 });
    expect(await elements(pi)).toMatchObject({ handle: 'ACTIVE' });
    expect(await elements(pi)).not.toHaveProperty('escalate');
    await t.advance({ days: 1, minutes: 1 });
    expect(await elements(pi)).toMatchObject({
      handle: 'ACTIVE',
      escalate: 'COMPLETED',
      notifyOverdue: 'ACTIVE',
    });
    await t.advance({ days: 7 });
    expect(await elements(pi)).toMatchObject({
      handle: 'TERMINATED',
      expire: 'COMPLETED',
      expired: 'COMPLETED',
    });
    expect((await task(pi)).state).toBe('CANCELED');
  });

  it('cancels the boundary timers when the task completes, then waits at an intermediate timer', async () => {
    await t.pinClock('2025-04-01T08:00:00Z');
    const pi = await startDeadline('2025-04-02T08:00:00Z', 'P3D');
    await t.api.completeUserTask({ userTaskKey: (await task(pi)).userTaskKey });
    expect(await elements(pi)).toMatchObject({ handle: 'COMPLETED', cooldown: 'ACTIVE' });
    await t.advance({ minutes: 59 });
    expect(await elements(pi)).toMatchObject({ cooldown: 'ACTIVE' });
    await t.advance({ minutes: 2 });
    expect(await elements(pi)).toMatchObject({ cooldown: 'COMPLETED', done: 'COMPLETED' });
    await t.advance({ days: 5 });
    const els = await elements(pi);
    expect(els).not.toHaveProperty('escalate');
    expect(els).not.toHaveProperty('expire');
  });

  it('raises an incident for a timer value that is not a date, and goes on once fixed', async () => {
    await t.pinClock('2025-05-01T08:00:00Z');
    const pi = await startDeadline('not a date', 'P1D');
    const incidents = await t.api.searchIncidents(
      { filter: { processInstanceKey: pi as never, state: 'ACTIVE' } },
      NOW,
    );
    expect(incidents.items[0]).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'handle' });
    await t.api.createElementInstanceVariables({
      elementInstanceKey: pi as never,
      variables: { deadline: '2025-05-01T12:00:00Z' },
    });
    await t.api.resolveIncident({ incidentKey: incidents.items[0]!.incidentKey });
    await t.advance({ hours: 5 });
    expect(await elements(pi)).toMatchObject({ escalate: 'COMPLETED', notifyOverdue: 'ACTIVE' });
  });

  it('computes cron cycles (Spring syntax, UTC)', () => {
    const at = (iso: string) => Date.parse(iso);
    expect(new Date(nextCron('0 0 8 1 * ?', at('2025-01-15T10:00:00Z'))).toISOString()).toBe(
      '2025-02-01T08:00:00.000Z',
    );
    expect(new Date(nextCron('0 30 9 * * MON-FRI', at('2025-03-07T10:00:00Z'))).toISOString()).toBe(
      '2025-03-10T09:30:00.000Z',
    );
    expect(new Date(nextCron('*/15 * * * *', at('2025-03-07T10:07:00Z'))).toISOString()).toBe(
      '2025-03-07T10:15:00.000Z',
    );
  });
});
