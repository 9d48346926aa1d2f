/// <reference lib="dom" />
// (Functions passed to page.evaluate run in the browser.)
/**
 * Headless Chromium (the system's /usr/bin/chromium through puppeteer-core) with the flags the
 * project uses everywhere, a fresh profile per run, pages at 1366×768, and helpers that drive
 * Element Plus the way a user does (click, type, pick from a dropdown).
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type BrowserContext, type ElementHandle, type Page } from 'puppeteer-core';
import { ROOT } from '../../../server/paths';

export const SCREENSHOTS = path.join(ROOT, 'test', 'e2e', 'screenshots');
export const VIEWPORT = { width: 1366, height: 768 };

export interface TestBrowser {
  browser: Browser;
  /** A new incognito-like context (own cookies) with one page. */
  page(): Promise<{ page: Page; context: BrowserContext; errors: string[] }>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'jz-e2e-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    userDataDir: profile,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    page: async () => {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport(VIEWPORT);
      page.setDefaultTimeout(15_000);
      // Script errors fail the tests that read them; failed requests (401 probes) are expected.
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push((e as Error).message));
      return { page, context, errors };
    },
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Let loading masks, charts, transitions and fonts settle before the picture.
  await settled(page);
  await new Promise((r) => setTimeout(r, 400));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) as `${string}.png` });
}

/** Signs in through the login form and waits for the shell. */
export async function signIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.keyboard.press('Enter')]);
}

/** Text of the first element matching `selector`, once it exists. */
export async function textOf(page: Page, selector: string): Promise<string> {
  const el = await page.waitForSelector(selector);
  return ((await el!.evaluate((e) => e.textContent)) ?? '').trim();
}

/** Picks `label` in an Element Plus select (its dropdown lives in a popper at the end of body). */
export async function choose(page: Page, select: ElementHandle, label: string): Promise<void> {
  await select.click();
  await page.waitForFunction(
    (t) =>
      [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].some(
        (e) => e.offsetParent !== null && e.textContent?.trim() === t,
      ),
    {},
    label,
  );
  await page.evaluate((t) => {
    const item = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find(
      (e) => e.offsetParent !== null && e.textContent?.trim() === t,
    );
    item!.click();
  }, label);
}

/** Waits until no loading mask covers the page (Element Plus fades it out over the loaded table). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.el-loading-mask'));
}

/** Clicks the button whose visible text is `text`. */
export async function clickButton(page: Page, text: string): Promise<void> {
  await page.locator(`button ::-p-text(${text})`).click();
}

/** Picks the radio whose visible text is exactly `label` (「确认」 is not 「不予确认」). */
export async function pickRadio(page: Page, label: string): Promise<void> {
  await page.waitForFunction(
    (t) => [...document.querySelectorAll('.el-radio')].some((e) => e.textContent?.trim() === t),
    {},
    label,
  );
  await page.evaluate((t) => {
    const radio = [...document.querySelectorAll<HTMLElement>('.el-radio')].find(
      (e) => e.textContent?.trim() === t,
    );
    radio!.click();
  }, label);
}
