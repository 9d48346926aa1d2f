/**
 * Renders one official document: validate the data (zod, zh-CN) → Handlebars → HTML with
 * per-document font subsets → Chromium `page.pdf()` on a pooled page → checks (no overflow, the
 * expected page count) → pdf-lib metadata. Bad data or an overflowing layout fails with a zh-CN
 * message; nothing is printed silently shrunk or clipped (PDF-NOTES.md "Layout pitfalls").
 */
import { createHash } from 'node:crypto';
import type { Browser } from 'puppeteer-core';
import { z } from 'zod';
import { BrowserPool, type PoolOptions } from './browser-pool';
import { describeIssues, documentSpec, type DocumentSpec } from './catalog';
import { FontSet, visibleText } from './fonts/embed';
import { finishPdf } from './pdf-metadata';
import { escapeHtml, loadTemplates, type TemplateSet } from './templating';

export class DocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentError';
  }
}

export interface RendererOptions extends PoolOptions {
  fontDir?: string;
  templatesDir?: string;
  /** Per-document limit (ms); the browser is killed and relaunched when it is exceeded. */
  timeoutMs?: number;
}

export interface RenderContext {
  caseId?: string | null;
  generatedAt?: Date;
}

export interface RenderedDocument {
  pdf: Buffer;
  pages: number;
  title: string;
  spec: DocumentSpec;
  /** The validated data (what the PDF shows). */
  data: Record<string, unknown>;
  /** SHA-256 of the template name and the canonical data (embedded in the PDF's metadata). */
  sourceSha256: string;
  /** Time spent in Chromium (setContent, checks, page.pdf), for the bench. */
  chromiumMs: number;
}

/** JSON with sorted keys, so equal data always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; script-src 'none'";

/** Everything Chromium gets: our stylesheet and fonts around the escaped template output. */
export function assembleHtml(title: string, fontCss: string, stylesheet: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${escapeHtml(title)}</title>
<style>${fontCss}</style>
<style>${stylesheet}</style>
</head><body><div class="doc">${body}</div></body></html>`;
}

interface LayoutReport {
  failedFonts: string[];
  overflow: string[];
}

/**
 * Runs inside the page (the page's own JavaScript stays disabled; this runs through the DevTools
 * protocol). Plain JavaScript in a string, so that no compiler helper leaks into the page. Waits
 * for every font, then reports fonts that failed and elements that overflow the text block or
 * their own box. Reports name the element and table row, never the text (personal data).
 */
const INSPECT_LAYOUT = `(async () => {
  await Promise.all([...document.fonts].map((f) => f.load().catch(() => null)));
  const failedFonts = [...document.fonts].filter((f) => f.status === 'error').map((f) => f.family);
  const doc = document.querySelector('.doc');
  const limit = doc.getBoundingClientRect().right + 0.5;
  const overflow = [];
  const where = (el) => {
    const row = el.closest('tr');
    const table = el.closest('table');
    const index = row && table ? [...table.querySelectorAll('tr')].indexOf(row) : -1;
    const cls = el.className ? ' class="' + el.className + '"' : '';
    const column = el.closest('td, th');
    const where = index >= 0 ? '（表格第 ' + (index + 1) + ' 行' + (column ? '第 ' + (column.cellIndex + 1) + ' 列' : '') + '）' : '';
    return '<' + el.tagName.toLowerCase() + cls + '>' + where;
  };
  // Table cells clip (overflow: hidden): each one is checked. Everything else overflows visibly
  // and so widens the text block's scrollable area: only then are all elements searched.
  for (const el of doc.querySelectorAll('td, th')) {
    if (el.scrollWidth > el.clientWidth + 1) overflow.push(where(el) + ' 横向溢出');
    else if (el.scrollHeight > el.clientHeight + 1) overflow.push(where(el) + ' 纵向溢出');
    if (overflow.length >= 5) break;
  }
  if (overflow.length === 0 && doc.scrollWidth > doc.clientWidth + 1) {
    for (const el of doc.querySelectorAll('*')) {
      if (el.getBoundingClientRect().right > limit) overflow.push(where(el) + ' 超出版心');
      if (overflow.length >= 5) break;
    }
  }
  return { failedFonts, overflow };
})()`;

const zhCN = z.locales.zhCN().localeError;

/** Errors puppeteer raises when the browser or its page went away underneath a call. */
const BROWSER_GONE = /Target closed|Session closed|Connection closed|Protocol error|disconnected|detached/i;

export class DocumentRenderer {
  private constructor(
    private readonly templates: TemplateSet,
    private readonly fonts: FontSet,
    readonly pool: BrowserPool,
    private readonly timeoutMs: number,
  ) {}

  static async create(opts: RendererOptions = {}): Promise<DocumentRenderer> {
    const fonts = await FontSet.load(opts.fontDir);
    return new DocumentRenderer(
      loadTemplates(opts.templatesDir),
      fonts,
      new BrowserPool(opts),
      opts.timeoutMs ?? 120_000,
    );
  }

  /** Validates `data` against the template's schema; throws a zh-CN DocumentError. */
  validate(template: string, data: unknown): { spec: DocumentSpec; data: Record<string, unknown> } {
    const spec = documentSpec(template);
    const parsed = spec.schema.safeParse(data, { error: zhCN });
    if (!parsed.success)
      throw new DocumentError(`${spec.title}数据不完整或有误：${describeIssues(parsed.error)}`);
    return { spec, data: parsed.data as Record<string, unknown> };
  }

  /** The HTML Chromium receives (also used by the bench as the baseline's input). */
  async html(
    template: string,
    data: unknown,
  ): Promise<{ html: string; spec: DocumentSpec; data: Record<string, unknown>; expectedPages?: number }> {
    const v = this.validate(template, data);
    const model = v.spec.model ? v.spec.model(v.data as never) : v.data;
    const body = this.templates.render(template, { ...model, documentTitle: v.spec.title });
    const text = visibleText(body) + v.spec.title;
    const missing = this.fonts.missing(text);
    if (missing.length) {
      const list = missing.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase()}`).join(' ');
      throw new DocumentError(`${v.spec.title}含有字体无法显示的字符：${list}`);
    }
    const html = assembleHtml(v.spec.title, this.fonts.css(body), this.templates.stylesheet, body);
    return { html, spec: v.spec, data: v.data, expectedPages: model.pageCount as number | undefined };
  }

  async render(template: string, data: unknown, ctx: RenderContext = {}): Promise<RenderedDocument> {
    const { html, spec, data: valid, expectedPages } = await this.html(template, data);
    const started = Date.now();
    // The time limit starts once a page is free: waiting in the queue or for a launch is not the
    // document's fault.
    const print = () =>
      this.pool.withPage((page) =>
        this.withTimeout(spec.title, page.browser(), async () => {
          await page.setContent(html, { waitUntil: 'load', timeout: this.timeoutMs });
          const report = (await page.evaluate(INSPECT_LAYOUT)) as LayoutReport;
          if (report.failedFonts.length)
            throw new DocumentError(`${spec.title}字体加载失败：${report.failedFonts.join('、')}`);
          if (report.overflow.length)
            throw new DocumentError(
              `${spec.title}版面溢出（内容超出版心或表格单元格）：${report.overflow.join('；')}`,
            );
          return page.pdf({
            preferCSSPageSize: true,
            printBackground: true,
            tagged: spec.tagged,
            outline: false,
            timeout: this.timeoutMs,
          });
        }),
      );
    let raw: Uint8Array;
    try {
      raw = await print();
    } catch (err) {
      // A browser that crashed under this document is relaunched; the document is tried once more.
      if (err instanceof DocumentError || !BROWSER_GONE.test((err as Error).message)) throw err;
      raw = await print();
    }
    const chromiumMs = Date.now() - started;
    const issuer = valid.issuer as { code: string; name: string };
    const sourceSha256 = createHash('sha256')
      .update(`${template}\n${canonicalJson(valid)}`)
      .digest('hex');
    const { bytes, pages } = await finishPdf(raw, {
      title: spec.title,
      issuer: issuer.name,
      issuerCode: issuer.code,
      documentNumber: (valid.documentNumber as string | null | undefined) ?? null,
      caseId: ctx.caseId ?? null,
      caseNo: (valid.caseNo as string | null | undefined) ?? null,
      documentType: spec.name,
      documentDate: valid.date as string,
      sourceSha256,
      generatedAt: ctx.generatedAt,
    });
    if (expectedPages !== undefined && pages !== expectedPages) {
      throw new DocumentError(`${spec.title}分页与小计不一致：应为 ${expectedPages} 页，实际 ${pages} 页`);
    }
    return { pdf: bytes, pages, title: spec.title, spec, data: valid, sourceSha256, chromiumMs };
  }

  private async withTimeout<T>(title: string, browser: Browser, fn: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void this.pool.discard(browser);
        reject(
          new DocumentError(
            `${title}生成超时（超过 ${Math.round(this.timeoutMs / 1000)} 秒），已重启 Chromium`,
          ),
        );
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([fn(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
