/// <reference lib="dom" />
// (Functions passed to page.evaluate run in the browser.)
/**
 * Feature: the inbox in a real browser against the real server and a real embedded engine running
 * the 低保 model. A street clerk finds the 受理审查 of a registered case in the group inbox, claims
 * it, completes its form, and the engine moves on; a clerk of another street sees an empty inbox.
 * The process is started and its first deadline job completed by the test (support/dibao-at-the-window).
 */
import { screenshot, settled, signIn, textOf } from './support/browser';
import { dibaoAtTheWindow, type DibaoAtTheWindow } from './support/dibao-at-the-window';
import { DEMO_PASSWORD } from './support/server';

const NOW = { consistency: { waitUpToMs: 0 } };
let stage: DibaoAtTheWindow;
let engine: DibaoAtTheWindow['engine'];
let server: DibaoAtTheWindow['server'];
let browser: DibaoAtTheWindow['browser'];
let caseNo: string;
let pi: string;

beforeAll(async () => {
  stage = await dibaoAtTheWindow('e2e_inbox');
  ({ engine, server, browser, pi } = stage);
  caseNo = stage.kase.caseNo;
}, 60_000);
afterAll(() => stage?.close());

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
