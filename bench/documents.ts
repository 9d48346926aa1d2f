/**
 * `npm run bench -- documents [docsPerRound] [rosterRows]`
 *
 * 1. Documents per second on the warm pool (2 pages): the whole product path (zod, Handlebars,
 *    per-document font subsets, Chromium with the layout checks, pdf-lib metadata) against bare
 *    Chromium `page.pdf()` on the same HTML with the same flags and 2 reused pages. The two run
 *    in alternating rounds so that the noise of a shared machine hits both. Goal: ratio ≥ 0.9.
 * 2. The 5,000-row 花名册: product time against bare `page.pdf()` of the same HTML (tagged:false).
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import { CHROMIUM_FLAGS } from '../server/documents/browser-pool';
import { DOCUMENTS } from '../server/documents/catalog';
import { DocumentRenderer } from '../server/documents/renderer';
import { TEMPLATES_DIR } from '../server/paths';
import { report } from './report';

const docsPerRound = Number(process.argv[2] ?? 20);
const rosterRows = Number(process.argv[3] ?? 5000);
const ROUNDS = 3;
const CONCURRENCY = 2;

const sample = (name: string) =>
  JSON.parse(readFileSync(path.join(TEMPLATES_DIR, 'samples', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
const SURNAMES = '王李张刘陈杨黄赵周吴徐孙马朱胡郭何罗谭冉';
const GIVEN = '建华秀兰明玉珍德福春燕志强桂英国平小红永淑芬大军丽文静海涛';

/** Different data for every document (names change the font subsets, as in real use). */
function job(i: number): { template: string; data: Record<string, unknown> } {
  const specs = DOCUMENTS.filter((d) => d.name !== 'disbursement-roster');
  const template = specs[i % specs.length]!.name;
  const data = sample(template);
  const name =
    SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 7) % GIVEN.length]! + GIVEN[(i * 3 + 1) % GIVEN.length]!;
  if (data.recipient) data.recipient = { name };
  return { template, data };
}

async function runConcurrently(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < n; i = next++) await fn(i);
    }),
  );
  return performance.now() - started;
}

const renderer = await DocumentRenderer.create({ size: CONCURRENCY });
const profile = mkdtempSync(path.join(os.tmpdir(), 'jiuzhu-bench-'));
const bare = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`],
  protocolTimeout: 600_000,
});
const barePages: Page[] = await Promise.all(Array.from({ length: CONCURRENCY }, () => bare.newPage()));
const freePages = [...barePages];
async function barePdf(html: string, tagged: boolean): Promise<Uint8Array> {
  const page = freePages.pop()!;
  try {
    await page.setContent(html, { waitUntil: 'load', timeout: 600_000 });
    return await page.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      tagged,
      outline: false,
      timeout: 600_000,
    });
  } finally {
    freePages.push(page);
  }
}

try {
  // The HTML the product gives Chromium, prepared once for the baseline (not timed).
  const total = docsPerRound * ROUNDS;
  const htmls = await Promise.all(
    Array.from({ length: total }, (_, i) => {
      const j = job(i);
      return renderer.html(j.template, j.data).then((h) => h.html);
    }),
  );
  // Warm-up of both.
  await runConcurrently(4, (i) => renderer.render(job(i).template, job(i).data));
  await runConcurrently(4, (i) => barePdf(htmls[i]!, true));

  let projectMs = 0;
  let baselineMs = 0;
  let chromiumMs = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const offset = r * docsPerRound;
    projectMs += await runConcurrently(docsPerRound, async (i) => {
      const j = job(offset + i);
      const doc = await renderer.render(j.template, j.data);
      chromiumMs += doc.chromiumMs;
    });
    baselineMs += await runConcurrently(docsPerRound, (i) => barePdf(htmls[offset + i]!, true));
  }
  const projectRate = (total / projectMs) * 1000;
  const baselineRate = (total / baselineMs) * 1000;

  // The 5,000-row roster.
  const roster = sample('disbursement-roster') as { rows: Record<string, unknown>[] };
  const rows = Array.from({ length: rosterRows }, (_, i) => ({
    ...roster.rows[i % roster.rows.length]!,
    amount: 560 + (i % 40) * 35.5,
  }));
  const rosterData = { ...roster, rows };
  const rosterStarted = performance.now();
  const rosterDoc = await renderer.render('disbursement-roster', rosterData);
  const rosterMs = performance.now() - rosterStarted;
  const { html: rosterHtml } = await renderer.html('disbursement-roster', rosterData);
  const bareStarted = performance.now();
  const bareRoster = await barePdf(rosterHtml, false);
  const bareRosterMs = performance.now() - bareStarted;

  report(
    'documents',
    [
      {
        measure: 'documents per second, warm pool of 2 pages (higher is better)',
        project: projectRate,
        baseline: baselineRate,
        unit: 'docs/s',
      },
      {
        measure: `${rosterRows}-row 花名册 render time (lower is better)`,
        project: rosterMs / 1000,
        baseline: bareRosterMs / 1000,
        unit: 's',
      },
    ],
    [
      `${total} documents (13 templates, varied names) in ${ROUNDS} alternating rounds, concurrency ${CONCURRENCY}`,
      `product path: ${(projectMs / total).toFixed(0)} ms/doc wall, of which Chromium ${(chromiumMs / total).toFixed(0)} ms/doc (summed over both pages)`,
      `花名册: ${rosterDoc.pages} pages, ${(rosterDoc.pdf.length / 2 ** 20).toFixed(1)} MiB (bare Chromium ${(bareRoster.length / 2 ** 20).toFixed(1)} MiB), tagged:false`,
    ],
  );
} finally {
  await renderer.close();
  await bare.close();
  rmSync(profile, { recursive: true, force: true });
}
