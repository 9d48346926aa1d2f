/**
 * Reads BPMN with the zeebe extensions (bpmn-moddle + zeebe-bpmn-moddle), and lints files with
 * bpmnlint + camunda-compat through scripts/models/lint.ts in a child process (bpmnlint is CommonJS
 * on ESM-only packages, which jest cannot require before Node 24.9).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { BpmnModdle } from 'bpmn-moddle';
import { ROOT, WORKFLOWS_DIR } from '../../server/paths';

const zeebe = createRequire(import.meta.url)('zeebe-bpmn-moddle/resources/zeebe.json') as object;

export type Element = any;

export const modelXml = (file: string) => readFileSync(path.resolve(WORKFLOWS_DIR, file), 'utf8');

export async function parseModel(xml: string): Promise<{ root: Element; warnings: { message: string }[] }> {
  const { rootElement, warnings } = await new BpmnModdle({ zeebe }).fromXML(xml, 'bpmn:Definitions');
  return { root: rootElement, warnings };
}

/** Lint findings per file (errors and warnings as readable lines; empty when clean). */
export async function lintFiles(files: string[]): Promise<Record<string, string[]>> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'scripts/models/lint.ts'), '--json', ...files],
    { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } },
  ).catch((err: { stdout?: string }) => {
    if (err.stdout) return { stdout: err.stdout };
    throw err;
  });
  const byPath = JSON.parse(stdout) as Record<string, string[]>;
  return Object.fromEntries(Object.entries(byPath).map(([f, r]) => [path.basename(f), r]));
}
