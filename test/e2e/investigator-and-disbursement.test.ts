/// <reference lib="dom" />
// (Functions passed to page.evaluate run in the browser.)
/**
 * Feature: two pages in a real browser against the real server (1366×768, screenshots in
 * test/e2e/screenshots):
 * - 入户调查: the investigator picks the second investigator of the street from the accounts
 *   (GET /api/colleagues), by keyboard, with themself already first; the engine gets both account
 *   ids (57号 §16).
 * - 救助金发放: a run being computed shows its progress done/total; the run awaiting approval shows
 *   its totals, its status as the server names it and the bank file, which downloads.
 * The service tasks before the home visit (deadlines, 受理通知书) and the disbursement run's
 * computation are done by the test through the engine API and server/disbursement: their workers
 * run on another branch and are not what this file tests.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config';
import { bankFileDir, writeBankFile } from '../../server/disbursement/bank-file-store';
import { computeRun } from '../../server/disbursement/compute';
import { enrolRecipient } from '../../server/disbursement/enrolment';
import { addMonths, chinaMonth, monthStart } from '../../server/disbursement/months';
import { markAwaitingApproval, openRun } from '../../server/disbursement/runs';
import { screenshot, settled, signIn, textOf } from './support/browser';
import { dayFromToday, dibaoAtTheWindow, type DibaoAtTheWindow } from './support/dibao-at-the-window';
import { DEMO_PASSWORD } from './support/server';

const NOW = { consistency: { waitUpToMs: 0 } };
const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'e2e-pay-')) });
const day = dayFromToday;
let stage: DibaoAtTheWindow;
let engine: DibaoAtTheWindow['engine'];
let server: DibaoAtTheWindow['server'];
let browser: DibaoAtTheWindow['browser'];
let pi: string;

beforeAll(async () => {
  stage = await dibaoAtTheWindow('e2e_visit_pay', config);
  ({ engine, server, browser, pi } = stage);
  const { finishJob } = stage;
  const c = stage.kase;
  const accept = await engine.api.searchUserTasks(
    { filter: { processInstanceKey: pi as never, elementId: 'dibao-accept' } },
    NOW,
  );
  await engine.api.completeUserTask({
    userTaskKey: accept.items[0].userTaskKey,
    variables: { materialsComplete: true },
  });
  await finishJob('generate-document', {
    lastDocument: { id: 'd1', number: null, template: 'shouli-tongzhi' },
  });
  await finishJob('compute-deadlines', {
    dibaoCaseDue: day(40),
    dibaoCaseExtendedDue: day(60),
    investigationStartDue: day(5),
  });

  // 发放: the case enrolled two months ago; last month's run computed, its bank file written and
  // awaiting approval; this month's run half computed.
  const db = server.tdb.db;
  const now = chinaMonth();
  await enrolRecipient(
    db,
    { caseId: c.id, approvedAmount: 1340, startMonth: addMonths(now, -2) },
    { rounding: config.amountRounding },
  );
  const { run } = await db.$transaction((tx) =>
    openRun(tx, { districtCode: c.districtCode, month: addMonths(now, -1), trigger: 'timer' }),
  );
  await computeRun(db, run.id, { rounding: config.amountRounding, backPayMonths: 12 });
  await writeBankFile(db, run.id, {
    columns: config.disbursement.bankFileColumns,
    header: true,
    dir: bankFileDir(config.dataDir),
  });
  await markAwaitingApproval(db, run.id);
  await db.disbursementRun.create({
    data: {
      districtCode: c.districtCode,
      month: monthStart(now),
      status: 'computing',
      trigger: 'timer',
      total: 120,
      done: 37,
    },
  });
}, 90_000);
afterAll(() => stage?.close());

describe('入户调查: the investigator picker', () => {
  it('puts the signed-in investigator first and lets the second be picked by keyboard from the street’s accounts', async () => {
    const { page, errors } = await browser.page();
    await signIn(page, server.base, 'slh-inv1', DEMO_PASSWORD);
    await page.goto(`${server.base}/inbox`);
    await page.locator('.el-tabs__item ::-p-text(组待办)').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-test="inbox-table"]')?.textContent?.includes('入户调查'),
    );
    await page.evaluate(() => {
      const row = [
        ...document.querySelectorAll<HTMLElement>('[data-test="inbox-table"] .el-table__row'),
      ].find((r) => r.textContent?.includes('入户调查'));
      [...row!.querySelectorAll<HTMLButtonElement>('button')]
        .find((b) => b.textContent?.includes('认领'))!
        .click();
    });
    await page.waitForFunction(() => /^\/tasks\/\d+$/.test(location.pathname));
    await page.waitForSelector('[data-test="people-picker"]');
    await settled(page);

    const picked = () =>
      page.$$eval('[data-test="people-picker"] .el-select__tags-text', (els) =>
        els.map((e) => e.textContent?.trim()),
      );
    await page.waitForFunction(() =>
      document.querySelector('[data-test="people-picker"] .el-select__tags-text'),
    );
    expect(await picked()).toEqual(['双龙湖街道调查员甲']);
    // Labelled: the form label points at the picker's own input, which takes the keyboard.
    const input = await page.$eval('#step-home-visit-investigators', (e) => ({
      tag: e.tagName,
      label: document.querySelector('label[for="step-home-visit-investigators"]')?.textContent?.trim(),
    }));
    expect(input).toEqual({ tag: 'INPUT', label: '入户调查人员' });
    await page.focus('#step-home-visit-investigators');
    await page.keyboard.type('调查员乙');
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].some(
        (e) => e.offsetParent !== null && e.textContent?.includes('调查员乙'),
      ),
    );
    // Only the street's investigators are offered: not the clerk, not 龙溪街道's investigators.
    const offered = await page.$$eval('.el-select-dropdown__item', (els) =>
      els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.textContent?.trim()),
    );
    expect(offered).toEqual(['双龙湖街道调查员乙']);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    expect(await picked()).toEqual(['双龙湖街道调查员甲', '双龙湖街道调查员乙']);

    await page.locator('textarea').fill('两居室，无车辆，申请人无业');
    await page.locator('.money input').fill('300');
    await page.locator('.confirm').click();
    await screenshot(page, '40-home-visit-picker');
    await page.locator('[data-test="complete-step"]').click();
    await page.waitForSelector('.el-message-box');
    await page.locator('.el-message-box button ::-p-text(提交)').click();
    await page.waitForFunction(() => location.pathname === '/inbox');
    expect(errors).toEqual([]);

    const vars = await engine.api.searchVariables(
      { filter: { processInstanceKey: pi as never, name: 'homeVisit' } },
      NOW,
    );
    const users = await server.tdb.db.user.findMany({
      where: { username: { in: ['slh-inv1', 'slh-inv2'] } },
    });
    const id = (u: string) => users.find((x) => x.username === u)!.id;
    expect(JSON.parse(vars.items[0].value).investigators).toEqual([id('slh-inv1'), id('slh-inv2')]);
  });
});

describe('救助金发放', () => {
  it('shows the run being computed with done/total, and the run awaiting approval with totals and its bank file', async () => {
    const { page, errors } = await browser.page();
    await signIn(page, server.base, 'yb-official', DEMO_PASSWORD);
    await page.goto(`${server.base}/disbursements`);
    await page.waitForSelector('[data-test="run"]');
    await settled(page);
    expect(await textOf(page, '[data-test="run-status"]')).toBe('计算中');
    expect(await textOf(page, '[data-test="run-progress"]')).toBe('正在计算：已完成 37 / 120 名发放对象');
    expect(await textOf(page, '[data-test="run-files"]')).toContain('计算完成后生成银行代发文件');
    // No made-up zeros while the amounts are still being computed.
    expect(await textOf(page, '[data-test="run-totals"]')).toContain('计算完成后显示');
    await screenshot(page, '41-disbursement-computing');

    const last = addMonths(chinaMonth(), -1);
    await page.evaluate((m) => {
      const row = [...document.querySelectorAll<HTMLElement>('.history .el-table__row')].find((r) =>
        r.textContent?.includes(m),
      );
      row!.click();
    }, last);
    await page.waitForFunction(
      () => document.querySelector('[data-test="run-status"]')?.textContent?.trim() === '待区县审批',
    );
    await settled(page);
    // The history marks the run shown, and only that one.
    const marked = () => page.$$eval('.history .current-run', (rows) => rows.map((r) => r.textContent));
    await page.waitForFunction(
      (m) => document.querySelector('.history .current-run')?.textContent?.includes(m),
      {},
      last,
    );
    expect(await marked()).toHaveLength(1);
    const totals = await textOf(page, '[data-test="run-totals"]');
    expect(totals).toMatch(/户数\s*1/);
    expect(totals).toContain('¥');
    const link = await page.$eval('[data-test="run-files"] a', (a) => ({
      text: a.textContent?.trim(),
      href: (a as HTMLAnchorElement).getAttribute('href'),
    }));
    expect(link.text).toMatch(/^银行代发文件 /);
    expect(link.href).toMatch(/^\/api\/disbursements\/[0-9a-f-]{36}\/files\/bank-file$/);
    const download = await page.evaluate(async (href) => {
      const res = await fetch(href!, { credentials: 'same-origin' });
      return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
    }, link.href);
    expect(download.status).toBe(200);
    expect(download.type).toContain('text/csv');
    expect(download.body).toMatch(/TOTAL,/);
    await screenshot(page, '42-disbursement-awaiting-approval');
    expect(errors).toEqual([]);
  });
});
