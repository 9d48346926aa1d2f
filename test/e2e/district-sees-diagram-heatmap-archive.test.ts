/// <reference lib="dom" />
// (Functions passed to page.evaluate run in the browser.)
/**
 * Feature: what the district sees of running cases in a real browser, against the real server and
 * a real embedded engine: a case's diagram with its current step, the heat-map of where cases
 * wait, a case's documents, and the archivist's household file with its verification. The case is
 * started by the real CaseWorkflow; its deadline job is left waiting (the workers are not what
 * this file tests), so the diagram's current step is 计算受理时限. Documents are appended through
 * the archive's own code with small hand-made PDFs (rendering is tested in test/documents).
 */
import path from 'node:path';
import { seedDemoCases } from '../../server/api/cases/demo-cases';
import { loadConfig } from '../../server/config';
import { caseWorkflowOf } from '../../server/workflow/case-workflow';
import { startTestEngine, type TestEngine } from '../helpers/engine';
import { archiveForCase } from '../api/support/archive';
import type { Api } from '../api/support/harness';
import { launchBrowser, screenshot, settled, signIn, textOf, type TestBrowser } from './support/browser';
import { DEMO_PASSWORD, startUiServer, type UiServer } from './support/server';

let engine: TestEngine;
let server: UiServer;
let browser: TestBrowser;
let caseId: string;
let householdId: string;

beforeAll(async () => {
  engine = await startTestEngine('e2e_district');
  await engine.deploy(path.join(import.meta.dirname, '..', '..', 'workflows', 'dibao.bpmn'));
  const config = loadConfig({ NODE_ENV: 'test' });
  const workflow = {
    startCase: (c: never) => caseWorkflowOf(engine.client, server.tdb.db, config).startCase(c),
  };
  [server, browser] = await Promise.all([
    startUiServer('e2e_district', { camunda: engine.client, workflow }),
    launchBrowser(),
  ]);
  await seedDemoCases(server.tdb.db);
  const c = await server.tdb.db.case.findFirstOrThrow({
    where: { streetCode: '500112001', type: 'dibao' },
    orderBy: { caseNo: 'asc' },
  });
  caseId = c.id;
  householdId = c.householdId;
  const started = await workflow.startCase({
    id: c.id,
    caseNo: c.caseNo,
    type: 'dibao',
    districtCode: c.districtCode,
    streetCode: c.streetCode,
    staffRelative: false,
    linshiKind: null,
  } as never);
  await server.tdb.db.case.update({
    where: { id: c.id },
    data: { processInstanceKey: started.processInstanceKey, status: 'in_progress' },
  });
  // The archive's own append, in the server's archive directory.
  const api = { tdb: server.tdb, ctx: { config } } as unknown as Api;
  await archiveForCase(api, c.id, 'acceptance-notice', '2026-11-02');
  await archiveForCase(api, c.id, 'supplement-notice', '2026-11-03');
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await engine?.close();
});

describe('the district’s view of running cases', () => {
  it('draws the case’s diagram with its current step, and lists its documents', async () => {
    const { page, errors } = await browser.page();
    await signIn(page, server.base, 'yb-official', DEMO_PASSWORD);
    await page.goto(`${server.base}/cases/${caseId}?tab=diagram`);
    await page.waitForSelector('.djs-container svg');
    await page.waitForFunction(() => document.querySelectorAll('.djs-element').length > 20);
    await settled(page);
    await screenshot(page, '30-case-diagram');
    expect(errors).toEqual([]);
  });

  it('shows the heat-map of where the district’s cases wait', async () => {
    const { page, errors } = await browser.page();
    await signIn(page, server.base, 'yb-official', DEMO_PASSWORD);
    await page.goto(`${server.base}/dashboard`);
    await page.waitForSelector('.djs-container svg');
    await settled(page);
    await screenshot(page, '31-heatmap');
    expect(errors).toEqual([]);
  });

  it('lets the archivist open the household file and verify it', async () => {
    const { page, errors } = await browser.page();
    await signIn(page, server.base, 'yb-archivist', DEMO_PASSWORD);
    await page.goto(`${server.base}/archive`);
    await settled(page);
    await screenshot(page, '32-archive');
    await page.goto(`${server.base}/archive/${householdId}`);
    await page.waitForSelector('[data-test="verify-archive"]');
    // The loading mask fades out over the page: click once it is gone.
    await settled(page);
    await page.locator('[data-test="verify-archive"]').click();
    await page.waitForSelector('.el-alert');
    expect(await textOf(page, '.el-alert')).toContain('校验通过');
    await settled(page);
    await screenshot(page, '33-household-file');
    expect(errors).toEqual([]);
  });
});
