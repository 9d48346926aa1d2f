/// <reference lib="dom" />
// (Functions passed to page.evaluate run in the browser.)
/**
 * Feature: the web UI in a real browser against the real server (API + built UI, PostgreSQL).
 * A street clerk signs in, files a 低保 application, finds it in the lists; a clerk of another
 * street is refused; the district dashboard draws; an administrator's reset forces a new password.
 * Screenshots at 1366×768 go to test/e2e/screenshots/ (gitignored) for people to look at.
 *
 * When the workflow engine is connected, the full path (investigator → district → 确认通知书 in
 * the archive) continues from `filed` in its own file, reusing support/.
 */
import type { Page } from 'puppeteer-core';
import { fillApplication, idNumber } from './support/application';
import {
  clickButton,
  launchBrowser,
  screenshot,
  settled,
  signIn,
  textOf,
  type TestBrowser,
} from './support/browser';
import { DEMO_PASSWORD, startUiServer, type UiServer } from './support/server';

let server: UiServer;
let browser: TestBrowser;
/** The application filed by the clerk (set by the filing test, read by the later ones). */
const filed = { id: '', caseNo: '' };

const applicant = { name: '王芳', idNumber: idNumber('19750310', 122) };

beforeAll(async () => {
  [server, browser] = await Promise.all([startUiServer('e2e_clerk'), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function clerkPage(): Promise<Page> {
  const { page } = await browser.page();
  await signIn(page, server.base, 'slh-clerk', DEMO_PASSWORD);
  return page;
}

describe('signing in', () => {
  it('refuses a wrong password with the server’s zh-CN reason and keeps the user on the login page', async () => {
    const { page } = await browser.page();
    await page.goto(`${server.base}/cases`);
    await page.waitForSelector('#login-username');
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/cases');
    await screenshot(page, '01-login');
    await page.locator('#login-username').fill('slh-clerk');
    await page.locator('#login-password').fill('not-the-password-1');
    await page.keyboard.press('Enter');
    expect(await textOf(page, '[data-test="login-error"]')).toContain('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('shows the user, role and jurisdiction in the top bar and the clerk’s menu', async () => {
    const page = await clerkPage();
    const who = await textOf(page, '[data-test="who"]');
    expect(who).toContain('双龙湖街道经办人');
    expect(who).toContain('街道经办人');
    expect(who).toContain('双龙湖街道（渝北区）');
    const menu = await page.$$eval('nav .el-menu-item', (items) => items.map((i) => i.textContent?.trim()));
    expect(menu).toEqual(['我的待办', '新建申请', '案件查询', '统计分析']);
    // Without the engine the inbox says so (the server's 503) instead of showing an empty or made-up list.
    expect(await textOf(page, '[data-test="error-state"]')).toContain('流程引擎未连接');
    await screenshot(page, '02-inbox');
  });
});

describe('filing a 低保 application', () => {
  it('checks the 身份证号 while it is typed, with the server’s message', async () => {
    const page = await clerkPage();
    await page.goto(`${server.base}/applications/new`);
    const id = page.locator('input[aria-label="第 1 位成员身份证号"]');
    const wrong = applicant.idNumber.slice(0, 17) + (applicant.idNumber[17] === '1' ? '2' : '1');
    await id.fill(wrong);
    expect(await textOf(page, '[data-test="id-error"]')).toBe('身份证号校验位不正确');
    await id.fill(applicant.idNumber);
    await page.waitForFunction(() => !document.querySelector('[data-test="id-error"]'));
    expect(await textOf(page, '[data-test="member-0"]')).toMatch(/女 \/ \d+ 岁/);
  });

  it('registers the household and opens the new case', async () => {
    const page = await clerkPage();
    await page.goto(`${server.base}/applications/new`);
    await fillApplication(page, {
      reason: '家庭无稳定收入，生活困难',
      address: '渝北区双龙湖街道金港路 1 号',
      phone: '13800138000',
      members: [
        { ...applicant, income: '300' },
        { name: '王小明', idNumber: idNumber('20150601', 124), relation: '子女', student: true },
        { name: '王德明', idNumber: idNumber('19480205', 101), relation: '父母' },
      ],
      received: ['书面申请书', '家庭成员身份证、户口簿'],
    });
    // Derived from the 身份证号 and the flags, before anything is sent.
    expect(await textOf(page, '[data-test="member-1"]')).toContain('在校学生');
    expect(await textOf(page, '[data-test="member-2"]')).toContain('70岁以上');
    expect(await textOf(page, '[data-test="one-time-notice"]')).toContain('尚缺 4 项材料');
    await page.$eval('#main', (m) => m.scrollTo(0, 0));
    await screenshot(page, '03-new-application');

    await Promise.all([page.waitForNavigation(), page.locator('[data-test="submit-application"]').click()]);
    const caseNo = await textOf(page, '[data-test="case-no"]');
    expect(caseNo).toMatch(/^DB-500112-\d{4}-000001$/);
    filed.id = new URL(page.url()).pathname.split('/').pop()!;
    filed.caseNo = caseNo;
    await page.waitForSelector('[data-test="workflow-note"]');
    await screenshot(page, '04-case-detail');

    // Stored as entered: three members, the applicant's number upper-cased and intact.
    const stored = await server.tdb.db.case.findUniqueOrThrow({
      where: { id: filed.id },
      include: { household: { include: { members: true } } },
    });
    expect(stored.household.members.map((m) => m.name).sort()).toEqual(['王小明', '王德明', '王芳'].sort());
    expect(stored.household.members.find((m) => m.relation === 'applicant')?.idNumber).toBe(
      applicant.idNumber,
    );
  });

  it('lists everything still missing at once (一次性告知) on the case', async () => {
    expect(filed.id).not.toBe('');
    const page = await clerkPage();
    await page.goto(`${server.base}/cases/${filed.id}?tab=materials`);
    const notice = await textOf(page, '[data-test="materials-notice"]');
    for (const label of ['家庭经济状况核查授权书', '家庭收入证明材料', '家庭财产状况证明材料', '承诺书']) {
      expect(notice).toContain(label);
    }
    expect(notice).not.toContain('书面申请书');
  });

  it('shows the case in 案件查询 and in the timeline with who registered it', async () => {
    const page = await clerkPage();
    await page.goto(`${server.base}/cases`);
    expect(await textOf(page, '[data-test="cases-table"] .el-table__body')).toContain(filed.caseNo);
    await page.goto(`${server.base}/cases/${filed.id}?tab=timeline`);
    const timeline = await textOf(page, '[data-test="timeline"]');
    expect(timeline).toContain('登记申请');
    expect(timeline).toContain('双龙湖街道经办人');
  });
});

describe('jurisdiction', () => {
  it('refuses a clerk of another street the case, in zh-CN, and keeps it out of their list', async () => {
    expect(filed.id).not.toBe('');
    const { page } = await browser.page();
    await signIn(page, server.base, 'lx-clerk', DEMO_PASSWORD);
    await page.goto(`${server.base}/cases/${filed.id}`);
    const denial = await textOf(page, '[data-test="error-state"]');
    expect(denial).toContain('案件不存在，或不在您的辖区内');
    expect(denial).not.toContain(filed.caseNo);
    await page.goto(`${server.base}/cases`);
    await page.waitForSelector('[data-test="cases-table"] .el-table__empty-text');
    expect(await textOf(page, '[data-test="cases-table"]')).not.toContain(filed.caseNo);
  });
});

describe('dashboard', () => {
  it('draws the district’s statistics for the district official', async () => {
    const { page, errors } = await browser.page();
    await signIn(page, server.base, 'yb-official', DEMO_PASSWORD);
    await page.goto(`${server.base}/dashboard`);
    expect(await textOf(page, '[data-test="kpi-total"]')).toBe('1');
    await page.waitForFunction(() => document.querySelectorAll('.chart canvas').length >= 4);
    await screenshot(page, '05-dashboard');
    expect(errors).toEqual([]);
  });
});

describe('administration', () => {
  it('forces a new password after an administrator’s reset', async () => {
    const { page: adminPage } = await browser.page();
    await signIn(adminPage, server.base, 'admin', DEMO_PASSWORD);
    await adminPage.goto(`${server.base}/admin/users`);
    const row = await adminPage.waitForSelector('[data-test="users-table"] tr ::-p-text(lx-inv1)');
    await settled(adminPage);
    const tr = await row!.evaluateHandle((e) => e.closest('tr')!);
    await (await tr.$('button ::-p-text(重置密码)'))!.click();
    await adminPage.locator('.el-message-box button ::-p-text(重置)').click();
    const box = await textOf(adminPage, '.temp-password');
    const temporary = /临时密码：(\S+)/.exec(box)?.[1];
    expect(temporary).toMatch(/^[A-Za-z0-9]{14}$/);

    const { page } = await browser.page();
    await signIn(page, server.base, 'lx-inv1', temporary!);
    expect(new URL(page.url()).pathname).toBe('/password');
    expect(await textOf(page, 'h1')).toBe('首次登录请修改密码');
    // Nothing else opens until the password is changed.
    await page.goto(`${server.base}/cases`);
    await page.waitForSelector('#pw-current');
    expect(new URL(page.url()).pathname).toBe('/password');
    await page.locator('#pw-current').fill(temporary!);
    await page.locator('#pw-next').fill('Neue-Passwort-2026');
    await page.locator('#pw-repeat').fill('Neue-Passwort-2026');
    await Promise.all([page.waitForNavigation(), clickButton(page, '确认修改')]);
    expect(new URL(page.url()).pathname).toBe('/inbox');
    const user = await server.tdb.db.user.findUniqueOrThrow({ where: { username: 'lx-inv1' } });
    expect(user.mustChangePassword).toBe(false);
  });
});
