/**
 * The street rosters (救助金发放花名册, 条例 §22) of a computed disbursement run, measured apart from
 * the amounts: the product path of the `generate-document` worker for each street (the run's rows
 * from SQL, zod, Handlebars, font subsets, Chromium with the layout checks, pdf-lib metadata) on a
 * warm pool of 2 pages, against bare Chromium `page.pdf()` of the same HTML on 2 reused pages.
 * Used by bench/disbursement.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import type { Db } from '../server/db/client';
import { CHROMIUM_FLAGS } from '../server/documents/browser-pool';
import { documentData, issuerFor, loadRosterContext } from '../server/documents/case-data';
import { documentSpec } from '../server/documents/catalog';
import { DocumentRenderer } from '../server/documents/renderer';

const CONCURRENCY = 2;

export interface RosterMeasure {
  streets: number;
  pages: number;
  projectSeconds: number;
  baselineSeconds: number;
  peakMb: number;
}

async function pool<T>(items: T[], fn: (item: T) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < items.length; i = next++) await fn(items[i]!);
    }),
  );
  return (performance.now() - started) / 1000;
}

export async function measureRosters(db: Db, runId: string, streetCodes: string[]): Promise<RosterMeasure> {
  const spec = documentSpec('disbursement-roster');
  const renderer = await DocumentRenderer.create({ size: CONCURRENCY });
  const profile = mkdtempSync(path.join(os.tmpdir(), 'jiuzhu-bench-rosters-'));
  const bare = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`],
    protocolTimeout: 600_000,
  });
  const dataOf = async (streetCode: string) => {
    const ctx = await loadRosterContext(db, runId, streetCode);
    const issuer = issuerFor(spec, ctx);
    return documentData(spec, ctx, issuer, { runId, streetCode, date: '2026-11-30' }, {});
  };
  try {
    let pages = 0;
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const projectSeconds = await pool(streetCodes, async (code) => {
      const doc = await renderer.render(spec.name, { ...(await dataOf(code)), documentNumber: null });
      pages += doc.pages;
    });
    clearInterval(sampler);
    // The baseline gets the product's HTML (prepared untimed) and prints it bare.
    const htmls: string[] = [];
    for (const code of streetCodes) {
      htmls.push((await renderer.html(spec.name, { ...(await dataOf(code)), documentNumber: null })).html);
    }
    const pagesBare = await Promise.all(Array.from({ length: CONCURRENCY }, () => bare.newPage()));
    const baselineSeconds = await pool(htmls, async (html) => {
      const page = pagesBare.pop()!;
      try {
        await page.setContent(html, { waitUntil: 'load', timeout: 600_000 });
        await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: false, timeout: 600_000 });
      } finally {
        pagesBare.push(page);
      }
    });
    return { streets: streetCodes.length, pages, projectSeconds, baselineSeconds, peakMb: peak / 2 ** 20 };
  } finally {
    await renderer.close();
    await bare.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
