/// <reference lib="dom" />
// (Functions passed to page.evaluate run in the browser.)
/**
 * Feature: on the case detail page a street clerk records the materials brought after 一次性告知
 * (登记补正材料) in a real browser against the real server and an embedded engine running the 低保
 * model; the case goes back to 受理审查. A street reviewer is offered 登记公示异议 only. The
 * process is driven to the wait by the test (deadline and document jobs completed here, see
 * support/dibao-at-the-window; the real workers run in test/api/case-events.test.ts).
 */
import { MATERIALS, type MaterialKind } from '../../server/api/cases/materials-catalogue';
import { screenshot, settled, signIn } from './support/browser';
import { dibaoAtTheWindow, type DibaoAtTheWindow } from './support/dibao-at-the-window';
import { DEMO_PASSWORD } from './support/server';

let stage: DibaoAtTheWindow;
let server: DibaoAtTheWindow['server'];
let browser: DibaoAtTheWindow['browser'];
let caseId: string;

beforeAll(async () => {
  stage = await dibaoAtTheWindow('e2e_events');
  ({ server, browser } = stage);
  caseId = stage.kase.id;
  const missing = await server.tdb.db.caseMaterial.findMany({ where: { caseId, received: false } });
  expect(missing.length).toBeGreaterThan(0);
  const [accept] = await stage.openTasks('dibao-accept');
  await stage.engine.api.completeUserTask({
    userTaskKey: accept!.userTaskKey as never,
    variables: { materialsComplete: false, missingMaterials: missing.map((m) => m.kind) },
  });
  await stage.finishJob('generate-document'); // 补正材料一次性告知书
}, 60_000);
afterAll(() => stage?.close());

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
    expect(await stage.openTasks('dibao-accept')).toHaveLength(1);
  });
});
