/**
 * Messages with Zeebe semantics: correlation keys, buffering with a time to live, message-id
 * de-duplication, correlation at most once per process, boundary and receive tasks,
 * event-based gateway (公示: objection vs seven days), message start events; a buffered message
 * published while the command that opens its subscription is still committing.
 */
import path from 'node:path';
import pg from 'pg';
import { startTestEngine, type TestEngine } from '../helpers/engine';

const NOW = { consistency: { waitUpToMs: 0 } };

/** 公示 after a job, as in the case models: document and period first, then the wait. */
const NOTICE_AFTER_JOB = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="notice-job-defs" targetNamespace="http://jiuzhu.test">
  <bpmn:message id="objectionMsg" name="objection">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=caseNo" /></bpmn:extensionElements>
  </bpmn:message>
  <bpmn:process id="notice-after-job" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="notice" />
    <bpmn:serviceTask id="notice" name="发布公示">
      <bpmn:extensionElements><zeebe:taskDefinition type="publish-notice" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="notice" targetRef="wait" />
    <bpmn:eventBasedGateway id="wait" />
    <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="objection" />
    <bpmn:sequenceFlow id="f4" sourceRef="wait" targetRef="sevenDays" />
    <bpmn:intermediateCatchEvent id="objection">
      <bpmn:messageEventDefinition messageRef="objectionMsg" />
    </bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="sevenDays">
      <bpmn:timerEventDefinition><bpmn:timeDuration>P7D</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f5" sourceRef="objection" targetRef="objected" />
    <bpmn:sequenceFlow id="f6" sourceRef="sevenDays" targetRef="confirmed" />
    <bpmn:endEvent id="objected" />
    <bpmn:endEvent id="confirmed" />
  </bpmn:process>
</bpmn:definitions>
`;

describe('messages', () => {
  let t: TestEngine;
  let n = 0;
  const caseNo = () => `C-${++n}`;
  const start = async (id: string, vars: Record<string, unknown>) =>
    (await t.api.createProcessInstance({ processDefinitionId: id, variables: vars })).processInstanceKey;
  const elements = async (pi: string) => {
    const r = await t.api.searchElementInstances({ filter: { processInstanceKey: pi as never } }, NOW);
    return Object.fromEntries(r.items.map((e: any) => [e.elementId, e.state]));
  };
  const state = async (pi: string) =>
    (await t.api.getProcessInstance({ processInstanceKey: pi as never }, NOW)).state;
  const publish = (name: string, correlationKey: string, extra: Record<string, unknown> = {}) =>
    t.api.publishMessage({ name, correlationKey, timeToLive: 0, ...extra });

  beforeAll(async () => {
    t = await startTestEngine('eng_messages');
    await t.deploy(path.join(import.meta.dirname, 'models', 'messages.bpmn'));
    await t.deployXml('notice-job.bpmn', NOTICE_AFTER_JOB);
    await t.pinClock('2025-03-03T09:00:00Z');
  });
  afterAll(() => t.close());

  it('takes the objection branch of the event-based gateway when the message comes first', async () => {
    const key = caseNo();
    const pi = await start('publicity', { caseNo: key });
    const subs = await t.api.searchMessageSubscriptions({ filter: { processInstanceKey: pi as never } }, NOW);
    expect(subs.items).toHaveLength(1);
    expect(subs.items[0]).toMatchObject({
      messageName: 'objection',
      correlationKey: key,
      messageSubscriptionState: 'CREATED',
    });
    await publish('objection', key, { variables: { objector: '邻居' } });
    expect(await state(pi)).toBe('COMPLETED');
    expect(await elements(pi)).toEqual({
      start: 'COMPLETED',
      wait: 'COMPLETED',
      objection: 'COMPLETED',
      objected: 'COMPLETED',
    });
    const v = await t.api.searchVariables(
      { filter: { processInstanceKey: pi as never, name: 'objector' } },
      NOW,
    );
    expect(v.items[0]!.value).toBe('"邻居"');
    await t.advance({ days: 8 });
    expect(await elements(pi)).not.toHaveProperty('sevenDays');
  });

  it('takes the timer branch after seven days without objection', async () => {
    const key = caseNo();
    const pi = await start('publicity', { caseNo: key });
    await t.advance({ days: 6, hours: 23 });
    expect(await state(pi)).toBe('ACTIVE');
    await t.advance({ hours: 2 });
    expect(await state(pi)).toBe('COMPLETED');
    expect(await elements(pi)).toMatchObject({ sevenDays: 'COMPLETED', confirmed: 'COMPLETED' });
    const subs = await t.api.searchMessageSubscriptions({ filter: { processInstanceKey: pi as never } }, NOW);
    expect(subs.items[0]!.messageSubscriptionState).toBe('DELETED');
    await expect(t.api.correlateMessage({ name: 'objection', correlationKey: key })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('buffers a message with a time to live for a subscription opened later, and forgets it after', async () => {
    const early = caseNo();
    await publish('objection', early, { timeToLive: 60_000, variables: { buffered: true } });
    const pi = await start('publicity', { caseNo: early });
    expect(await state(pi)).toBe('COMPLETED');
    expect(await elements(pi)).toHaveProperty('objection', 'COMPLETED');

    const late = caseNo();
    await publish('objection', late, { timeToLive: 60_000 });
    await t.advance({ minutes: 2 });
    const pi2 = await start('publicity', { caseNo: late });
    expect(await state(pi2)).toBe('ACTIVE');
  });

  it('correlates a buffered message published while the command opening the subscription commits', async () => {
    // The 公示 of the case models: a job (the 公示 document, its period) and then the wait. The
    // objection arrives while completing that job is still writing its transaction: neither sees
    // the other's uncommitted row (the message; the subscription), yet the message must be taken.
    const key = caseNo();
    const pi = await start('notice-after-job', { caseNo: key });
    const [job] = (
      await t.api.activateJobs({
        type: 'publish-notice',
        maxJobsToActivate: 1,
        timeout: 60_000,
        requestTimeout: -1,
      })
    ).jobs;
    const locker = new pg.Client({ connectionString: t.url });
    await locker.connect();
    try {
      // Holds the completion after it has looked for buffered messages, before it commits.
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM engine_element_instance WHERE key = $1 FOR UPDATE', [
        job!.elementInstanceKey,
      ]);
      const completing = t.api.completeJob({ jobKey: job!.jobKey });
      const blocked = async (what: string) => {
        for (;;) {
          const { rows } = await locker.query(
            `SELECT 1 FROM pg_locks WHERE NOT granted AND locktype = $1 AND pid <> pg_backend_pid()`,
            [what],
          );
          if (rows.length) return;
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await blocked('transactionid');
      let published = false;
      const publishing = publish('objection', key, { timeToLive: 60_000 }).then(() => (published = true));
      // Either the publication is done (it missed the subscription) or it waits for the command.
      for (;;) {
        const { rows } = await locker.query(
          `SELECT 1 FROM pg_locks WHERE NOT granted AND locktype = 'advisory' AND pid <> pg_backend_pid()`,
        );
        if (published || rows.length) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await locker.query('COMMIT');
      await Promise.all([completing, publishing]);
    } finally {
      await locker.end();
    }
    expect(await elements(pi)).toMatchObject({ objection: 'COMPLETED', objected: 'COMPLETED' });
    expect(await state(pi)).toBe('COMPLETED');
  });

  it('rejects a second message with the same id while the first is buffered', async () => {
    const key = caseNo();
    await publish('objection', key, { timeToLive: 60_000, messageId: 'm-1' });
    await expect(publish('objection', key, { timeToLive: 60_000, messageId: 'm-1' })).rejects.toMatchObject({
      status: 409,
    });
    await publish('objection', key, { timeToLive: 60_000, messageId: 'm-2' });
    await t.advance({ minutes: 2 });
    await publish('objection', key, { timeToLive: 60_000, messageId: 'm-1' });
  });

  it('correlates a message at most once per process, and to each process that waits', async () => {
    const key = caseNo();
    const a = await start('publicity', { caseNo: key });
    const b = await start('publicity', { caseNo: key });
    await publish('objection', key);
    expect([await state(a), await state(b)].sort()).toEqual(['ACTIVE', 'COMPLETED']);
    const result = await t.api.correlateMessage({ name: 'objection', correlationKey: key });
    expect([a, b]).toContain(result.processInstanceKey);
    expect([await state(a), await state(b)]).toEqual(['COMPLETED', 'COMPLETED']);
  });

  it('completes a receive task with the message variables; a non-interrupting boundary leaves it waiting', async () => {
    const key = caseNo();
    const pi = await start('docs', { caseNo: key });
    await publish('remind', key);
    expect(await elements(pi)).toMatchObject({
      waitDocs: 'ACTIVE',
      reminder: 'COMPLETED',
      remindTask: 'ACTIVE',
    });
    // bpmn-elements runs one token per element and scope: the second reminder waits for the first.
    const [job] = (
      await t.api.activateJobs({
        type: 'send-reminder',
        maxJobsToActivate: 1,
        timeout: 60_000,
        requestTimeout: -1,
      })
    ).jobs;
    await t.api.completeJob({ jobKey: job!.jobKey });
    await publish('remind', key);
    const reminders = await t.api.searchJobs(
      { filter: { processInstanceKey: pi as never, type: 'send-reminder' } },
      NOW,
    );
    expect(reminders.items.map((j: any) => j.state)).toEqual(['COMPLETED', 'CREATED']);
    await publish('docs-arrived', key, { variables: { docs: ['户口簿', '收入证明'] } });
    expect(await elements(pi)).toMatchObject({ waitDocs: 'COMPLETED', received: 'COMPLETED' });
    const docs = await t.api.searchVariables(
      { filter: { processInstanceKey: pi as never, name: 'docs' } },
      NOW,
    );
    expect(JSON.parse(docs.items[0]!.value)).toEqual(['户口簿', '收入证明']);
  });

  it('interrupts the receive task with an interrupting message boundary', async () => {
    const key = caseNo();
    const pi = await start('docs', { caseNo: key });
    await t.api.correlateMessage({ name: 'withdraw', correlationKey: key });
    expect(await elements(pi)).toMatchObject({
      waitDocs: 'TERMINATED',
      withdrawn: 'COMPLETED',
      withdrawnEnd: 'COMPLETED',
    });
    expect(await state(pi)).toBe('COMPLETED');
  });

  it('starts an instance at a message start event with the message variables', async () => {
    const { processInstanceKey } = await t.api.correlateMessage({
      name: 'apply',
      correlationKey: '',
      variables: { applicant: 'A' },
    });
    expect(await elements(processInstanceKey)).toMatchObject({ mstart: 'COMPLETED', intake: 'ACTIVE' });
    const v = await t.api.searchVariables(
      { filter: { processInstanceKey: processInstanceKey as never, name: 'applicant' } },
      NOW,
    );
    expect(v.items[0]!.value).toBe('"A"');
  });
});
