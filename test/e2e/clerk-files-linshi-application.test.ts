/// <reference lib="dom" />
// (Functions passed to page.evaluate run in the browser.)
/**
 * Feature: a street clerk files a 临时救助 application in a real browser against the real server.
 * The 新建申请 page asks for 急难型/支出型, the 困难事由 (kind and date) and the 申请金额 only for
 * 临时救助, says what is missing with the server's zh-CN messages, and the case shows what was
 * stored (where the workflow's duplicate check and amount calculation read it).
 */
import type { Page } from 'puppeteer-core';
import { fillApplication, idNumber } from './support/application';
import { choose, launchBrowser, screenshot, signIn, textOf, type TestBrowser } from './support/browser';
import { DEMO_PASSWORD, startUiServer, type UiServer } from './support/server';

let server: UiServer;
let browser: TestBrowser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startUiServer('e2e_linshi'), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function newApplication(): Promise<Page> {
  const { page } = await browser.page();
  await signIn(page, server.base, 'slh-clerk', DEMO_PASSWORD);
  await page.goto(`${server.base}/applications/new`);
  await page.waitForSelector('#app-reason');
  return page;
}

const hasField = (page: Page, label: string) =>
  page.evaluate((l) => Boolean(document.querySelector(`[aria-label="${l}"]`)), label);

it('shows the 临时救助 fields only for 临时救助 and says what is missing', async () => {
  const page = await newApplication();
  expect(await hasField(page, '困难事由类别')).toBe(false);
  expect(await hasField(page, '申请救助金额（元）')).toBe(false);
  await page.locator('.el-radio-button ::-p-text(临时救助)').click();
  await page.waitForSelector('[aria-label="申请救助金额（元）"]');
  expect(await hasField(page, '事由发生日期')).toBe(true);

  await page.locator('[data-test="submit-application"]').click();
  // The messages appear with Element Plus's transition: wait for the texts, not the elements.
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll('.el-form-item__error')].filter((e) =>
          e.textContent?.includes('临时救助须'),
        ).length >= 3,
    )
    .catch(() => undefined);
  const errors = await page.$$eval('.el-form-item__error', (es) => es.map((e) => e.textContent?.trim()));
  expect(errors).toEqual(
    expect.arrayContaining([
      '临时救助须注明急难型或支出型',
      '临时救助须填写困难事由类别和发生日期',
      '临时救助须填写申请救助金额',
    ]),
  );
});

it('files an 急难型 application with its event and amount and shows them on the case', async () => {
  const page = await newApplication();
  await page.locator('.el-radio-button ::-p-text(临时救助)').click();
  await page.locator('.el-radio-button ::-p-text(急难型（先行救助）)').click();
  await choose(page, (await page.$('.el-select:has(input[aria-label="困难事由类别"])'))!, '火灾');
  const date = page.locator('input[aria-label="事由发生日期"]');
  await date.click();
  await date.fill('2026-02-20');
  await page.keyboard.press('Enter');
  await page.locator('input[aria-label="申请救助金额（元）"]').fill('1200');
  await fillApplication(page, {
    reason: '住房失火，生活用品全部损毁',
    address: '渝北区双龙湖街道金港路 9 号',
    phone: '13800138009',
    members: [{ name: '杨春梅', idNumber: idNumber('19850402', 342) }],
    received: ['书面申请书'],
  });
  await page.$eval('#main', (m) => m.scrollTo(0, 0));
  await screenshot(page, 'linshi-01-new-application');

  await Promise.all([page.waitForNavigation(), page.locator('[data-test="submit-application"]').click()]);
  expect(await textOf(page, '[data-test="case-no"]')).toMatch(/^LS-500112-\d{4}-\d{6}$/);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const stored = await server.tdb.db.case.findUniqueOrThrow({ where: { id } });
  expect(stored.data).toMatchObject({
    linshiKind: 'emergency',
    requestedAmount: 1200,
    event: { kind: '火灾', date: '2026-02-20' },
  });
  const summary = await textOf(page, '.summary');
  for (const shown of ['急难型', '火灾', '2026-02-20', '1,200']) expect(summary).toContain(shown);
  await screenshot(page, 'linshi-02-case-detail');
});
