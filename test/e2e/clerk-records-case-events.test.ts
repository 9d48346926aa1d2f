/// <reference lib="dom" />
// (Functions passed to page.evaluate run in the browser.)
/**
 * Feature: on the case detail page a street clerk records the materials brought after 一次性告知
 * (登记补正材料) in a real browser against the real server and an embedded engine running the 低保
 * model; the case goes back to 受理审查. A street reviewer is offered 登记公示异议 only. The
 * process is driven to the wait by the test (deadline and document jobs completed here; the real
 * workers run in test/api/case-events.test.ts).
 */
import path from 'node:path';
import { seedDemoCases } from '../../server/api/cases/demo-cases';
import { MATERIALS, type MaterialKind } from '../../server/api/cases/materials-catalogue';
import { addDays, chinaDate, endOfDayInChina } from '../../server/domain/dates';
import { startTestEngine, type TestEngine } from '../helpers/engine';
import { launchBrowser, screenshot, settled, signIn, type TestBrowser } from './support/browser';
import { DEMO_PASSWORD, startUiServer, type UiServer } from './support/server';

const NOW = { consistency: { waitUpToMs: 0 } };
let engine: TestEngine;
let server: UiServer;
let browser: TestBrowser;
let caseId: string;
let pi: string;

async function finishJob(type: string, variables: Record<string, unknown> = {}) {
  const { jobs } = await engine.api.activateJobs({
    type,
    maxJobsToActivate: 1,
    timeout: 60_000,
    requestTimeout: -1,
  });
  expect([type, jobs.length]).toEqual([type, 1]);
  await engine.api.completeJob({ jobKey: jobs[0].jobKey, variables });
}

async function openTasks(elementId: string) {
  const r = await engine.api.searchUserTasks(
    { filter: { processInstanceKey: pi as never, elementId, state: 'CREATED' } },
    NOW,
  );
  return r.items as { userTaskKey: string }[];
}

beforeAll(async () => {
  engine = await startTestEngine('e2e_events');
  await engine.deploy(path.join(import.meta.dirname, '..', '..', 'workflows', 'dibao.bpmn'));
  [server, browser] = await Promise.all([
    startUiServer('e2e_events', { camunda: engine.client }),
    launchBrowser(),
  ]);
  await seedDemoCases(server.tdb.db);
  const c = await server.tdb.db.case.findFirstOrThrow({
    where: { streetCode: '500112001', type: 'dibao' },
    orderBy: { caseNo: 'asc' },
  });
  caseId = c.id;
  const started = await engine.api.createProcessInstance({
    processDefinitionId: 'dibao',
    variables: {
      caseId: c.id,
      caseNo: c.caseNo,
      districtCode: c.districtCode,
      streetCode: c.streetCode,
      appliedOn: chinaDate(new Date()),
      staffRelative: false,
      communityAssessment: true,
    },
  });
  pi = started.processInstanceKey;
  await server.tdb.db.case.update({
    where: { id: c.id },
    data: { processInstanceKey: pi, status: 'in_progress' },
  });
  await finishJob('compute-deadlines', { acceptanceDue: endOfDayInChina(addDays(chinaDate(new Date()), 7)) });
  const missing = await server.tdb.db.caseMaterial.findMany({ where: { caseId, received: false } });
  expect(missing.length).toBeGreaterThan(0);
  const [accept] = await openTasks('dibao-accept');
  await engine.api.completeUserTask({
    userTaskKey: accept!.userTaskKey as never,
    variables: { materialsComplete: false, missingMaterials: missing.map((m) => m.kind) },
  });
  await finishJob('generate-document'); // 补正材料一次性告知书
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await engine?.close();
});

describe('case events on the case detail page', () => {
  it('offers a street reviewer 登记公示异议 but not the clerk’s actions', async () => {
    const { page } = await browser.page();
    await signIn(page, server.base, 'slh-reviewer', DEMO_PASSWORD);
    await page.goto(`${server.base}/cases/${caseId}`);
    await page.waitForSelector('[data-test="record-objection"]');
    expect(await page.$('[data-test="record-supplement"]')).toBeNull();
    expect(await page.$('[data-test="record-withdrawal"]')).toBeNull();
  });

  it('lets the clerk record the supplement; the case goes back to 受理审查', async () => {
    const { page, errors } = await browser.page();
    await signIn(page, server.base, 'slh-clerk', DEMO_PASSWORD);
    await page.goto(`${server.base}/cases/${caseId}`);
    await page.waitForSelector('[data-test="record-supplement"]');
    await page.locator('[data-test="record-supplement"]').click();
    await page.waitForSelector('.el-dialog .el-checkbox.is-checked');
    await settled(page);
    // 57号 §10: the materials told missing at once are listed, each ticked (the clerk may untick).
    const listed = await page.$$eval('.el-dialog .el-checkbox', (es) =>
      es.map((e) => ({ label: e.textContent?.trim(), checked: e.classList.contains('is-checked') })),
    );
    const missing = await server.tdb.db.caseMaterial.findMany({ where: { caseId, received: false } });
    expect(listed).toEqual(
      expect.arrayContaining(
        missing.map((m) => ({ label: MATERIALS[m.kind as MaterialKind], checked: true })),
      ),
    );
    expect(listed).toHaveLength(missing.length);
    await screenshot(page, '30-record-supplement');
    await page.locator('[data-test="case-event-submit"]').click();
    await page.waitForFunction(() =>
      document.querySelector('.el-message--success')?.textContent?.includes('补正材料已登记'),
    );
    expect(errors).toEqual([]);
    expect(await server.tdb.db.caseMaterial.count({ where: { caseId, received: false } })).toBe(0);
    expect(await openTasks('dibao-accept')).toHaveLength(1);
  });
});
