/// <reference lib="dom" />
// (Functions passed to page.evaluate / waitForFunction run in the browser.)
/**
 * Doing a step the way its user does: find the case's task in 组待办, claim it, fill the step
 * form (fields are addressed by their labels and ids from ui/src/forms), submit and confirm.
 * And the same step through the JSON API as a signed-in colleague, for the steps a scenario only
 * passes through.
 */
import type { Page } from 'puppeteer-core';
import { Client } from '../../api/support/harness';
import { settled } from './browser';
import { DEMO_PASSWORD } from './server';

/** Waits (reloading the list) until the case's task is in 组待办, then claims it and opens it. */
export async function claimFromGroup(page: Page, base: string, caseNo: string, step: string): Promise<void> {
  await page.goto(`${base}/inbox`);
  await page.locator('.el-tabs__item ::-p-text(组待办)').click();
  const deadline = Date.now() + 120_000;
  for (;;) {
    await settled(page);
    const found = await page.evaluate(
      (no, name) =>
        [...document.querySelectorAll<HTMLElement>('[data-test="inbox-table"] .el-table__row')].some(
          (r) => r.textContent?.includes(no) && r.textContent.includes(name),
        ),
      caseNo,
      step,
    );
    if (found) break;
    if (Date.now() > deadline) throw new Error(`组待办中没有出现 ${caseNo} 的「${step}」`);
    await new Promise((r) => setTimeout(r, 500));
    await page.locator('button ::-p-text(查询)').click();
  }
  await Promise.all([
    page.waitForFunction(() => location.pathname.startsWith('/tasks/')),
    page.evaluate(
      (no, name) => {
        const row = [
          ...document.querySelectorAll<HTMLElement>('[data-test="inbox-table"] .el-table__row'),
        ].find((r) => r.textContent?.includes(no) && r.textContent.includes(name));
        // The fixed 操作 column is drawn twice by Element Plus; the visible button is the one to press.
        const button = [...(row?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find(
          (b) => b.textContent?.trim() === '认领',
        );
        button!.click();
      },
      caseNo,
      step,
    ),
  ]);
  await page.waitForSelector('[data-test="complete-step"]');
}

/** Submits the open step form and confirms the dialog; resolves back on the inbox. */
export async function submitStep(page: Page): Promise<void> {
  await page.locator('[data-test="complete-step"]').click();
  await page.locator('.el-message-box button ::-p-text(提交)').click();
  await page.waitForFunction(() => location.pathname === '/inbox', { timeout: 30_000 });
}

/** Completes the case's open task with the given form through the API, as `username`. */
export async function completeViaApi(
  base: string,
  username: string,
  caseId: string,
  formKey: string,
  form: Record<string, unknown>,
): Promise<void> {
  const c = await Client.signIn(base, username, DEMO_PASSWORD);
  const key = await waitForTask(c, caseId, formKey);
  const claimed = await c.post(`/api/tasks/${key}/assignment`);
  if (claimed.status !== 200) throw new Error(`认领失败 ${claimed.status} ${claimed.text}`);
  const done = await c.post(`/api/tasks/${key}/completion`, { form });
  if (done.status !== 200) throw new Error(`办结「${formKey}」失败 ${done.status} ${done.text}`);
}

async function waitForTask(c: Client, caseId: string, formKey: string): Promise<string> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const r = await c.get(`/api/tasks?scope=group&formKey=${formKey}&pageSize=100`);
    const t = (r.body.items ?? []).find((i: { caseId: string }) => i.caseId === caseId);
    if (t) return String(t.userTaskKey);
    if (Date.now() > deadline) throw new Error(`没有等到「${formKey}」任务：${r.status} ${r.text}`);
    await new Promise((res) => setTimeout(res, 300));
  }
}
