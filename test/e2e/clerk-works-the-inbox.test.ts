/// <reference lib="dom" />
// (Functions passed to page.evaluate run in the browser.)
/**
 * Feature: the inbox in a real browser against the real server and a real embedded engine running
 * the 低保 model. A street clerk finds the 受理审查 of a registered case in the group inbox, claims
 * it, completes its form, and the engine moves on; a clerk of another street sees an empty inbox.
 * The process is started and its first deadline job completed by the test: the CaseWorkflow and
 * the job workers are built on another branch.
 */
import path from 'node:path';
import { seedDemoCases } from '../../server/api/cases/demo-cases';
import { addDays, chinaDate, endOfDayInChina } from '../../server/domain/dates';
import { startTestEngine, type TestEngine } from '../helpers/engine';
import { launchBrowser, screenshot, settled, signIn, textOf, type TestBrowser } from './support/browser';
import { DEMO_PASSWORD, startUiServer, type UiServer } from './support/server';

const NOW = { consistency: { waitUpToMs: 0 } };
let engine: TestEngine;
let server: UiServer;
let browser: TestBrowser;
let caseNo: string;
let pi: string;

beforeAll(async () => {
  engine = await startTestEngine('e2e_inbox');
  await engine.deploy(path.join(import.meta.dirname, '..', '..', 'workflows', 'dibao.bpmn'));
  [server, browser] = await Promise.all([
    startUiServer('e2e_inbox', { camunda: engine.client }),
    launchBrowser(),
  ]);
  await seedDemoCases(server.tdb.db);
  const c = await server.tdb.db.case.findFirstOrThrow({
    where: { streetCode: '500112001', type: 'dibao' },
    orderBy: { caseNo: 'asc' },
  });
  caseNo = c.caseNo;
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
  const { jobs } = await engine.api.activateJobs({
    type: 'compute-deadlines',
    maxJobsToActivate: 1,
    timeout: 60_000,
    requestTimeout: -1,
  });
  await engine.api.completeJob({
    jobKey: jobs[0].jobKey,
    variables: { acceptanceDue: endOfDayInChina(addDays(chinaDate(new Date()), 7)) },
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await engine?.close();
});

describe('the inbox', () => {
  it('lets the clerk claim the 受理审查 from the group inbox and complete it with its form (一次性告知)', async () => {
    const { page, errors } = await browser.page();
    await signIn(page, server.base, 'slh-clerk', DEMO_PASSWORD);
    await page.goto(`${server.base}/inbox`);
    await page.locator('.el-tabs__item ::-p-text(组待办)').click();
    await page.waitForFunction(
      (no) => document.querySelector('[data-test="inbox-table"]')?.textContent?.includes(no),
      {},
      caseNo,
    );
    const row = await textOf(page, '[data-test="inbox-table"] .el-table__body');
    expect(row).toContain('受理审查');
    expect(row).toContain('最低生活保障');
    expect(row).toMatch(/\d+ ?个?工作日/);
    await screenshot(page, '20-group-inbox');

    await page.locator('[data-test="inbox-table"] button ::-p-text(认领)').click();
    await page.waitForFunction(() => /^\/tasks\/\d+$/.test(location.pathname));
    await page.waitForSelector('[data-test="complete-step"]');
    await settled(page);
    await screenshot(page, '21-accept-form');
    await page.locator('textarea').fill('请补齐所缺材料');
    await page.locator('[data-test="complete-step"]').click();
    await page.waitForSelector('.el-message-box');
    await page.locator('.el-message-box button ::-p-text(提交)').click();
    await page.waitForFunction(() => location.pathname === '/inbox');
    expect(errors).toEqual([]);

    const vars = await engine.api.searchVariables({ filter: { processInstanceKey: pi as never } }, NOW);
    const byName = Object.fromEntries(vars.items.map((v: any) => [v.name, JSON.parse(v.value)]));
    // The demo case lacks materials: the form started from the checklist, so the notice lists them all.
    const missing = await server.tdb.db.caseMaterial.findMany({
      where: { case: { caseNo }, received: false },
    });
    expect(missing.length).toBeGreaterThan(0);
    expect(byName.materialsComplete).toBe(false);
    expect([...byName.missingMaterials].sort()).toEqual(missing.map((m) => m.kind).sort());
    // The 补正材料一次性告知书 will list them by name.
    const c = await server.tdb.db.case.findUniqueOrThrow({ where: { caseNo } });
    expect((c.data as any)['supplement-notice'].missing).toHaveLength(missing.length);
    const tasks = await engine.api.searchUserTasks({ filter: { processInstanceKey: pi as never } }, NOW);
    expect(tasks.items[0]).toMatchObject({ state: 'COMPLETED', assignee: 'slh-clerk' });
  });

  it('shows a clerk of another street an empty group inbox', async () => {
    const { page } = await browser.page();
    await signIn(page, server.base, 'lx-clerk', DEMO_PASSWORD);
    await page.goto(`${server.base}/inbox`);
    await page.locator('.el-tabs__item ::-p-text(组待办)').click();
    await settled(page);
    expect(await textOf(page, '[data-test="inbox-table"]')).toContain('组内暂无待认领的任务');
  });
});
