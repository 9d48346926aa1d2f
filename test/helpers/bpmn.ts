/**
 * Reads a BPMN file with the zeebe extensions (bpmn-moddle + zeebe-bpmn-moddle) and lints it with
 * bpmnlint and bpmnlint-plugin-camunda-compat under workflows/.bpmnlintrc (Camunda 8.8).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { WORKFLOWS_DIR } from '../../server/paths';

const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint') as {
  Linter: new (o: object) => { lint(root: unknown): Promise<Report> };
};
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as new () => object;
const zeebe = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

export type Report = Record<string, { id?: string; message: string; category: string }[]>;

 
export type Element = any;

export async function readModel(file: string): Promise<{ root: Element; warnings: unknown[] }> {
  const moddle = new BpmnModdle({ zeebe });
  const xml = readFileSync(path.resolve(WORKFLOWS_DIR, file), 'utf8');
  const { rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
  return { root: rootElement, warnings };
}

export async function lintModel(file: string): Promise<string[]> {
  const config = JSON.parse(readFileSync(path.join(WORKFLOWS_DIR, '.bpmnlintrc'), 'utf8')) as object;
  const linter = new Linter({ config, resolver: new NodeResolver() });
  const { root } = await readModel(file);
  const report = await linter.lint(root);
  return Object.entries(report).flatMap(([rule, items]) =>
    items.map((i) => `${i.category} ${rule} ${i.id ?? ''}: ${i.message}`),
  );
}
