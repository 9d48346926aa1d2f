/**
 * The 救助金发放花名册 prints on every page the header row and a 小计 that is the sum of exactly the
 * rows on that page, and the 合计 on the last; and the renderer refuses what would print wrongly:
 * overflowing cells, bad data (zh-CN message), characters no font has. User data stays text.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nameLines, paginateRoster, UNITS_PER_PAGE } from '../../server/documents/roster';
import { DocumentRenderer } from '../../server/documents/renderer';
import { loadTemplates } from '../../server/documents/templating';
import { pdfPagesText, pdfText, sample } from './helpers';

let renderer: DocumentRenderer;
let dir: string;
beforeAll(async () => {
  renderer = await DocumentRenderer.create();
  dir = mkdtempSync(path.join(os.tmpdir(), 'jiuzhu-roster-'));
});
afterAll(async () => {
  await renderer?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Row = { name: string; amount: number; householdSize: number };
const roster = sample('disbursement-roster') as { rows: Row[] } & Record<string, unknown>;

function amountsOnPage(text: string): number[] {
  // A row line ends with: 金额 then the masked account (**** + 4 digits).
  return [...text.matchAll(/(\d+\.\d{2})\s+\*+\d{4}\s*$/gm)].map((m) => Number(m[1]));
}

describe('救助金发放花名册', () => {
  let pages: string[];
  beforeAll(async () => {
    const rows = [...roster.rows, ...roster.rows].map((r, i) => ({
      ...r,
      amount: r.amount + (i % 7) * 0.25,
    }));
    const doc = await renderer.render('disbursement-roster', { ...roster, rows });
    const file = path.join(dir, 'roster.pdf');
    writeFileSync(file, doc.pdf);
    pages = pdfPagesText(file);
    expect(pages.length).toBe(doc.pages);
  }, 120_000);

  it('repeats the title and the header row on every page', () => {
    expect(pages.length).toBeGreaterThan(4);
    pages.forEach((p, i) => {
      expect(p).toMatch(/双龙湖街道2026年12月救助金发放花名册/);
      expect(p.replace(/\s+/g, '')).toContain(`第${i + 1}页共${pages.length}页`);
      expect(p.replace(/\s+/g, '')).toContain('序号户主姓名身份证号码人口类别金额（元）银行账号');
    });
  });

  it('prints on each page the sum of exactly the rows of that page, and the grand total last', () => {
    let grand = 0;
    let households = 0;
    for (const p of pages) {
      const amounts = amountsOnPage(p);
      const sum = amounts.reduce((a, b) => a + b, 0);
      const m = /本页小计（(\d+)户）\s+\d+\s+(\d+\.\d{2})/.exec(p);
      expect(m).not.toBeNull();
      expect(Number(m![1])).toBe(amounts.length);
      expect(Number(m![2])).toBeCloseTo(sum, 2);
      grand += sum;
      households += amounts.length;
    }
    const total = /合计（(\d+)户）\s+\d+\s+(\d+\.\d{2})/.exec(pages.at(-1)!);
    expect(Number(total![1])).toBe(households);
    expect(Number(total![2])).toBeCloseTo(grand, 2);
    expect(households).toBe(roster.rows.length * 2);
  });

  it('masks 身份证号 and bank accounts', () => {
    const all = pages.join('\n');
    for (const r of roster.rows as unknown as { idNumber: string; bankAccount: string }[]) {
      expect(all).not.toContain(r.idNumber);
      expect(all).not.toContain(r.bankAccount);
    }
  });
});

describe('roster pagination', () => {
  it('counts lines of long names and never exceeds a page', () => {
    expect(nameLines('张三')).toBe(1);
    expect(nameLines('阿卜杜热合曼·买买提明')).toBeGreaterThan(1);
    expect(() => nameLines('阿'.repeat(40))).toThrow('花名册姓名过长');
    const rows = Array.from({ length: 103 }, (_, i) => ({
      name: i % 10 === 0 ? '阿卜杜热合曼·买买提明' : '王芳',
      idNumber: '500112195001101009',
      householdSize: 1,
      category: '低保',
      amount: 0.1,
      bankAccount: '6217003940001000000',
    }));
    const { pages, total } = paginateRoster(rows);
    for (const p of pages) {
      const units = p.rows.reduce((s, r) => s + r.lines, 0) + (p.last ? 1 : 0);
      expect(units).toBeLessThanOrEqual(UNITS_PER_PAGE);
    }
    // Sums in fen: 103 × 0.1 is exactly 10.30, not 10.299999.
    expect(total).toBe('10.30');
    expect(pages.flatMap((p) => p.rows.map((r) => r.seq))).toEqual(rows.map((_, i) => i + 1));
  });
});

describe('layout safety', () => {
  it('fails instead of shrinking the page when a cell overflows', async () => {
    const rows = roster.rows.slice(0, 3).map((r) => ({ ...r, category: '分散供养特困人员' }));
    await expect(renderer.render('disbursement-roster', { ...roster, rows })).rejects.toThrow(
      /版面溢出.*横向溢出/,
    );
  });

  it('explains bad data in Chinese and names the field', async () => {
    const data = { ...sample('refusal-notice'), reasons: [] };
    await expect(renderer.render('refusal-notice', data)).rejects.toThrow(
      /不予确认通知书数据不完整或有误：reasons：.*理由/,
    );
    await expect(renderer.render('no-such-template', {})).rejects.toThrow(
      '没有名为 no-such-template 的公文模板',
    );
  });

  it('keeps personal data out of a 公示 (57号 §24): extra fields are refused', async () => {
    const data = sample('public-notice') as { entries: Record<string, unknown>[] };
    data.entries[0] = { ...data.entries[0], idNumber: '500112197803124316' };
    await expect(renderer.render('public-notice', data)).rejects.toThrow(/entries\.0/);
  });

  it('prints markup in user data as text, never as HTML', async () => {
    const evil = '</style><script>x</script>';
    const { html } = await renderer.html('acceptance-notice', {
      ...sample('acceptance-notice'),
      recipient: { name: evil },
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;/style&gt;&lt;script&gt;');
    const doc = await renderer.render('acceptance-notice', {
      ...sample('acceptance-notice'),
      recipient: { name: '<b>张</b>' },
    });
    const file = path.join(dir, 'escaped.pdf');
    writeFileSync(file, doc.pdf);
    expect(pdfText(file)).toContain('<b>张</b>：');
  });

  it('refuses characters no face can draw rather than printing empty boxes', async () => {
    await expect(
      renderer.render('acceptance-notice', {
        ...sample('acceptance-notice'),
        recipient: { name: '张\u{1F600}' },
      }),
    ).rejects.toThrow(/字体无法显示的字符：U\+1F600/);
  });

  it('refuses templates that output unescaped data or carry styles and resources', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'jiuzhu-tpl-'));
    try {
      const write = writeFileSync;
      mkdirSync(path.join(tmp, 'partials'));
      write(path.join(tmp, 'document.css'), '');
      write(path.join(tmp, 'bad.hbs'), '<p>{{{name}}}</p>');
      expect(() => loadTemplates(tmp)).toThrow('不转义的输出');
      write(path.join(tmp, 'bad.hbs'), '<img src="https://example.org/x.png" style="color:red">');
      expect(() => loadTemplates(tmp)).toThrow('外部资源');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
