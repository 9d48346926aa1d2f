/// <reference lib="dom" />
// (Functions passed to page.evaluate run in the browser.)
/**
 * Feature: one 低保 application from the service window to the archive, through the whole product
 * as `npm start` runs it (real server, embedded engine, job workers, Chromium documents) and the
 * real UI in headless Chromium at 1366×768.
 *
 * The clerk files and accepts it, the investigator records the home visit, the district official
 * confirms it and the archivist finds the 确认通知书 in the household's file. The steps in between
 * (second investigator's co-sign, neighbour visit, the district's 信息核对, 评议, 初审) are done by
 * their users through the same JSON API the UI uses; the 7-day 公示 passes by moving the engine's
 * clock (Camunda's clock API) instead of waiting a week. A clerk of another street cannot open it.
 */
import type { Page } from 'puppeteer-core';
import { fillApplication, idNumber } from './support/application';
import {
  launchBrowser,
  pickRadio,
  screenshot,
  settled,
  signIn,
  textOf,
  type TestBrowser,
} from './support/browser';
import { startFullServer, type FullServer } from './support/full-server';
import { DEMO_PASSWORD } from './support/server';
import { claimFromGroup, completeViaApi, submitStep } from './support/steps';

let server: FullServer;
let browser: TestBrowser;
const filed = { id: '', caseNo: '' };
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());

async function pageAs(username: string): Promise<Page> {
  const { page } = await browser.page();
  await signIn(page, server.base, username, DEMO_PASSWORD);
  return page;
}

// Each step waits for the workers (documents render in Chromium) on a machine shared with others.
const step = (name: string, fn: () => Promise<void>) => it(name, fn, 300_000);

describe('a 低保 application from the window to the archive', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startFullServer('e2e_full'), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  step('is filed by the street clerk and starts its process', async () => {
    const page = await pageAs('slh-clerk');
    await page.goto(`${server.base}/applications/new`);
    await page.waitForSelector('#app-reason');
    await fillApplication(page, {
      reason: '丈夫病故，本人无业，家庭无稳定收入',
      address: '渝北区双龙湖街道金港路 8 号',
      phone: '13800138008',
      members: [
        { name: '刘秀英', idNumber: idNumber('19780412', 141), income: '400' },
        { name: '刘小军', idNumber: idNumber('20120903', 153), relation: '子女', student: true },
      ],
      received: [
        '书面申请书',
        '家庭成员身份证、户口簿',
        '家庭经济状况核查授权书',
        '家庭收入证明材料',
        '家庭财产状况证明材料',
        '承诺书',
      ],
    });
    expect(await page.$('[data-test="one-time-notice"]')).toBeNull(); // 材料齐全
    await Promise.all([page.waitForNavigation(), page.locator('[data-test="submit-application"]').click()]);
    filed.caseNo = await textOf(page, '[data-test="case-no"]');
    filed.id = new URL(page.url()).pathname.split('/').pop()!;
    const stored = await server.running.db.case.findUniqueOrThrow({ where: { id: filed.id } });
    expect(stored.processInstanceKey).toMatch(/^\d+$/);
  });

  step('is accepted by the clerk in the 受理审查 step form', async () => {
    const page = await pageAs('slh-clerk');
    await claimFromGroup(page, server.base, filed.caseNo, '受理');
    await screenshot(page, '20-step-form-accept');
    await submitStep(page);
  });

  step('gets its home visit from the investigator, with two investigators named', async () => {
    const page = await pageAs('slh-inv1');
    await claimFromGroup(page, server.base, filed.caseNo, '入户调查');
    // The picker puts the signed-in investigator first; the second is picked by typing the name.
    await page.waitForSelector('[data-test="people-picker"] .el-select__tags-text');
    await page.focus('#step-home-visit-investigators');
    await page.keyboard.type('调查员乙');
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].some(
        (e) => e.offsetParent !== null && e.textContent?.includes('调查员乙'),
      ),
    );
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page
      .locator('#step-home-visit-livingConditions')
      .fill('租住两室一厅，无车辆，母亲无业，儿子在读初中。');
    await page.locator('#step-home-visit-assessedMonthlyIncome').fill('400');
    await page.locator('.confirm ::-p-text(已在入户调查表上签字)').click();
    await screenshot(page, '21-step-form-home-visit');
    await submitStep(page);
  });

  step('passes the co-sign, neighbour visit, 信息核对, 评议 and 初审 by their users', async () => {
    const { base } = server;
    await completeViaApi(base, 'slh-inv2', filed.id, 'home-visit-cosign', { confirmed: true });
    await completeViaApi(base, 'slh-inv2', filed.id, 'neighbour-visit', {
      visitDate: today(),
      interviewees: ['张大爷'],
      summary: '邻居反映家庭确实困难，无隐瞒收入情况。',
    });
    await completeViaApi(base, 'yb-verifier', filed.id, 'verification', {
      reportNo: 'YBHD-2026-0088',
      consistent: true,
      assessedMonthlyIncome: 400,
      findings: '无车辆、无商品房、无工商登记，存款 2000 元。',
    });
    await completeViaApi(base, 'slh-reviewer', filed.id, 'community-assessment', {
      assessedOn: today(),
      participants: 9,
      result: 'agree',
      record: '参加评议 9 人，均同意。',
    });
    await completeViaApi(base, 'slh-reviewer', filed.id, 'initial-review', {
      initialOpinion: 'eligible',
      proposedAmount: 740,
      deadlineExtended: false,
    });
    // 公示 7 days (57号 §19) without objection: move the engine's clock past it.
    const now = Date.now();
    await server.running.camunda.pinClock({ timestamp: now + 8 * 24 * 3600 * 1000 });
  });

  step('is confirmed by the district official, whose case diagram shows where it stands', async () => {
    const page = await pageAs('yb-official');
    await claimFromGroup(page, server.base, filed.caseNo, '审核确认');
    await pickRadio(page, '确认');
    await page.locator('#step-decision-amount').fill('740');
    await screenshot(page, '22-step-form-decision');
    await submitStep(page);

    await page.goto(`${server.base}/cases/${filed.id}?tab=diagram`);
    await page.waitForSelector('.djs-container svg');
    await settled(page);
    await screenshot(page, '23-case-diagram');
    const marked = await page.$$eval('.djs-element.done, .djs-element.current', (e) => e.length);
    expect(marked).toBeGreaterThan(5);
  });

  step(
    'puts the 确认通知书 in the household’s archive, where the archivist finds and verifies it',
    async () => {
      const kase = await server.running.db.case.findUniqueOrThrow({ where: { id: filed.id } });
      const deadline = Date.now() + 120_000;
      let grant;
      while (
        !(grant = await server.running.db.archiveDocument.findFirst({
          where: { caseId: filed.id, documentType: 'grant-notice' },
        }))
      ) {
        if (Date.now() > deadline) throw new Error('两分钟内没有生成确认通知书');
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(grant.documentNumber).toMatch(/^渝北民救〔\d{4}〕\d+号$/);

      const page = await pageAs('yb-archivist');
      await page.goto(`${server.base}/archive/${kase.householdId}`);
      await settled(page);
      const file = await textOf(page, 'main');
      expect(file).toContain('确认通知书');
      expect(file).toContain(grant.documentNumber!);
      await page.locator('[data-test="verify-archive"]').click();
      await page.waitForFunction(() => document.body.textContent?.includes('校验通过'));
      await screenshot(page, '24-archive-file');
    },
  );

  step('cannot be opened by a clerk of another street', async () => {
    const page = await pageAs('lx-clerk');
    await page.goto(`${server.base}/cases/${filed.id}`);
    await settled(page);
    const text = await textOf(page, 'main');
    expect(text).not.toContain('刘秀英');
    expect(text).toMatch(/无权|不存在|未找到/);
  });
});
