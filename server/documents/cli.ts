/**
 * Renders documents from the command line:
 *   npm run render -- <template> <data.json> <out.pdf>
 *   npm run render -- --all <dir>      every template with templates/samples/<name>.json
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { TEMPLATES_DIR } from '../paths';
import { DOCUMENTS } from './catalog';
import { DocumentRenderer } from './renderer';

function usage(): never {
  process.stderr.write(
    `用法：npm run render -- <模板> <数据.json> <输出.pdf>\n      npm run render -- --all <目录>\n模板：${DOCUMENTS.map((d) => d.name).join(' ')}\n`,
  );
  process.exit(2);
}

const args = process.argv.slice(2);
const jobs: { template: string; data: string; out: string }[] = [];
if (args[0] === '--all' && args[1]) {
  mkdirSync(args[1], { recursive: true });
  for (const d of DOCUMENTS) {
    jobs.push({
      template: d.name,
      data: path.join(TEMPLATES_DIR, 'samples', `${d.name}.json`),
      out: path.join(args[1], `${d.name}.pdf`),
    });
  }
} else if (args.length === 3) {
  jobs.push({ template: args[0]!, data: args[1]!, out: args[2]! });
} else usage();

const renderer = await DocumentRenderer.create({ fontDir: loadConfig().documents.fontDir });
let failed = 0;
try {
  await Promise.all(
    jobs.map(async (j) => {
      const started = Date.now();
      try {
        const data: unknown = JSON.parse(readFileSync(j.data, 'utf8'));
        const doc = await renderer.render(j.template, data);
        writeFileSync(j.out, doc.pdf);
        process.stdout.write(
          `${j.out}：${doc.title}，${doc.pages} 页，${doc.pdf.length} 字节，${Date.now() - started} ms\n`,
        );
      } catch (err) {
        failed++;
        process.stderr.write(`${j.template}：${(err as Error).message}\n`);
      }
    }),
  );
} finally {
  await renderer.close();
}
process.exit(failed ? 1 : 0);
