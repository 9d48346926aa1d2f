/** Fills the 新建申请 form the way a clerk does: fields, member rows, materials. */
import type { Page } from 'puppeteer-core';
import { checkCharacter } from '../../../server/domain/id-number';
import { choose, clickButton } from './browser';

/** A valid 身份证号 of 渝北区 (GB 11643 check character) for a birth date and sequence. */
export function idNumber(birth: string, seq: number): string {
  const first17 = `500112${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

export interface MemberInput {
  name: string;
  idNumber: string;
  /** Label as shown (子女, 父母 …); the first member is the applicant already. */
  relation?: string;
  student?: boolean;
  income?: string;
}

export async function fillMember(page: Page, i: number, m: MemberInput): Promise<void> {
  if (i > 0) await clickButton(page, '添加家庭成员');
  const row = `[data-test="member-${i}"]`;
  await page.locator(`${row} input[aria-label="第 ${i + 1} 位成员姓名"]`).fill(m.name);
  await page.locator(`${row} input[aria-label="第 ${i + 1} 位成员身份证号"]`).fill(m.idNumber);
  if (m.relation) await choose(page, (await page.$(`${row} .el-select`))!, m.relation);
  if (m.student) await page.locator(`${row} .el-checkbox ::-p-text(在校生)`).click();
  if (m.income)
    await page.locator(`${row} input[aria-label="第 ${i + 1} 位成员月收入（元）"]`).fill(m.income);
}

export async function fillApplication(
  page: Page,
  a: { reason: string; address: string; phone: string; members: MemberInput[]; received: string[] },
): Promise<void> {
  await page.locator('#app-reason').fill(a.reason);
  await page.locator('#app-address').fill(a.address);
  await page.locator('#app-phone').fill(a.phone);
  for (const [i, m] of a.members.entries()) await fillMember(page, i, m);
  await checkMaterials(page, a.received);
}

/**
 * Ticks the received materials and looks that each one shows as ticked, as a clerk would: the
 * checklist is re-drawn while the household is typed in (the materials depend on the members), so
 * a click that lands during that redraw is looked for and made again.
 */
export async function checkMaterials(page: Page, labels: string[]): Promise<void> {
  const unticked = () =>
    page.evaluate(
      (wanted) =>
        wanted.filter(
          (label) =>
            ![...document.querySelectorAll('.materials .el-checkbox.is-checked')].some(
              (c) => c.textContent?.trim() === label,
            ),
        ),
      labels,
    );
  for (let attempt = 0; attempt < 3; attempt++) {
    const left = await unticked();
    if (left.length === 0) break;
    for (const label of left) await page.locator(`.materials .el-checkbox ::-p-text(${label})`).click();
  }
  const left = await unticked();
  if (left.length > 0) throw new Error(`材料未能勾选：${left.join('、')}`);
}
