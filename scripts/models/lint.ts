/**
 * Lints BPMN files with bpmnlint + bpmnlint-plugin-camunda-compat under workflows/.bpmnlintrc
 * (Camunda 8.8), parsing them with the zeebe moddle extension so zeebe:* elements are checked.
 *   node --import tsx scripts/models/lint.ts [--json] [file.bpmn …]   (default: workflows/*.bpmn)
 * Exit code 1 when any file has an error or a warning. (A separate process, because bpmnlint is
 * CommonJS on top of ESM-only packages, which jest cannot load before Node 24.9.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { WORKFLOWS_DIR } from '../../server/paths';

const require = createRequire(import.meta.url);
type Report = Record<string, { id?: string; message: string; category: string }[]>;
const { Linter } = require('bpmnlint') as {
  Linter: new (o: object) => { lint(root: unknown): Promise<Report> };
};
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as new () => object;
const zeebe = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

export async function lintFile(file: string): Promise<string[]> {
  const config = JSON.parse(readFileSync(path.join(WORKFLOWS_DIR, '.bpmnlintrc'), 'utf8')) as object;
  const { rootElement, warnings } = await new BpmnModdle({ zeebe }).fromXML(readFileSync(file, 'utf8'));
  const report = await new Linter({ config, resolver: new NodeResolver() }).lint(rootElement);
  return [
    ...warnings.map((w) => `error moddle: ${w.message}`),
    ...Object.entries(report).flatMap(([rule, items]) =>
      items.map((i) => `${i.category} ${rule} ${i.id ?? ''}: ${i.message}`),
    ),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const given = args.filter((a) => a !== '--json');
  const files = given.length
    ? given.map((f) => path.resolve(f))
    : readdirSync(WORKFLOWS_DIR)
        .filter((f) => f.endsWith('.bpmn'))
        .map((f) => path.join(WORKFLOWS_DIR, f));
  const results: Record<string, string[]> = {};
  for (const f of files) results[f] = await lintFile(f);
  if (json) process.stdout.write(JSON.stringify(results));
  else {
    for (const [f, findings] of Object.entries(results)) {
      console.log(`${path.relative(process.cwd(), f)}: ${findings.length ? '' : '无问题'}`);
      for (const line of findings) console.log(`  ${line}`);
    }
  }
  process.exitCode = Object.values(results).some((r) => r.length) ? 1 : 0;
}
