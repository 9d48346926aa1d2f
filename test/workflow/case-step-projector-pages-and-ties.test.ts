/**
 * The step projector over more events than one page, all in the same millisecond (the engine
 * clock is pinned): 260 cases on a two-step model move through both steps and end; every round
 * writes each case once per change, one page after another, and a round of a projector started
 * afresh changes nothing (restart). Cases are bulk-inserted in SQL; the engine is the embedded one
 * through the official client.
 */
import { createLogger } from '../../server/log';
import { createStepProjector } from '../../server/workflow/case-step-projector';
import { DISTRICT, STREETS, seedDistrict } from '../disbursement/support/world';
import { startTestEngine, type TestEngine } from '../helpers/engine';

const NOW = { consistency: { waitUpToMs: 0 } };
const CASES = 260;
const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

const TWO_STEPS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="steps-defs" targetNamespace="http://jiuzhu.test">
  <bpmn:process id="two-steps" name="两步" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="first" />
    <bpmn:userTask id="first" name="第一步"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="first" targetRef="second" />
    <bpmn:userTask id="second" name="第二步"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="second" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>
`;

let t: TestEngine;
const pis: string[] = [];

beforeAll(async () => {
  t = await startTestEngine('wf_step_pages');
  await t.pinClock('2026-03-02T09:00:00+08:00');
  await t.deployXml('two-steps.bpmn', TWO_STEPS);
  await seedDistrict(t.db.db);
  for (let i = 0; i < CASES; i++) {
    pis.push(
      String((await t.api.createProcessInstance({ processDefinitionId: 'two-steps' })).processInstanceKey),
    );
  }
  await t.db.db.$executeRawUnsafe(
    `INSERT INTO household (id, district_code, street_code, address, updated_at)
     SELECT overlay(overlay(md5('h' || i) placing '4' from 13) placing '8' from 17)::uuid, $1, $2, '路 ' || i || ' 号', now()
       FROM generate_series(1, $3::int) i`,
    DISTRICT.code,
    STREETS[0]!.code,
    CASES,
  );
  await t.db.db.$executeRawUnsafe(
    `INSERT INTO "case" (id, case_no, type, status, current_step, process_instance_key, household_id,
                         district_code, street_code, updated_at)
     SELECT overlay(overlay(md5('c' || i) placing '4' from 13) placing '8' from 17)::uuid,
            'DB-500112-2026-' || lpad(i::text, 6, '0'), 'dibao', 'in_progress', '受理审查', ($4::text[])[i],
            overlay(overlay(md5('h' || i) placing '4' from 13) placing '8' from 17)::uuid, $1, $2, now()
       FROM generate_series(1, $3::int) i`,
    DISTRICT.code,
    STREETS[0]!.code,
    CASES,
    pis,
  );
}, 300_000);
afterAll(() => t?.close());

async function stepsShown(): Promise<Record<string, number>> {
  const rows = await t.db.db.case.groupBy({ by: ['currentStep'], _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.currentStep ?? '', r._count._all]));
}

async function completeAll(elementId: string) {
  for (const pi of pis) {
    const r = await t.api.searchUserTasks(
      { filter: { processInstanceKey: pi, elementId, state: 'CREATED' } },
      NOW,
    );
    await t.api.completeUserTask({ userTaskKey: r.items[0].userTaskKey });
  }
}

async function restartedRound() {
  const again = createStepProjector({ db: t.db.db, camunda: t.client, log });
  const counts = await again.runOnce();
  await again.stop();
  return counts;
}

it('projects every case through pages of events of one millisecond, and a restart changes nothing', async () => {
  const projector = createStepProjector({ db: t.db.db, camunda: t.client, log });
  expect(await projector.runOnce()).toEqual({ opened: CASES, ended: 0, settled: 0 });
  expect(await stepsShown()).toEqual({ 第一步: CASES });
  expect(await projector.runOnce()).toEqual({ opened: 0, ended: 0, settled: 0 });

  await completeAll('first');
  expect(await projector.runOnce()).toEqual({ opened: CASES, ended: 0, settled: 0 });
  expect(await stepsShown()).toEqual({ 第二步: CASES });
  expect(await restartedRound()).toEqual({ opened: 0, ended: 0, settled: 0 });

  await completeAll('second');
  expect(await projector.runOnce()).toEqual({ opened: 0, ended: CASES, settled: 0 });
  expect(await stepsShown()).toEqual({ 已办结: CASES });
  expect(await restartedRound()).toEqual({ opened: 0, ended: 0, settled: 0 });
  expect(await stepsShown()).toEqual({ 已办结: CASES });
  await projector.stop();
}, 300_000);
