/** Shared output of the benchmarks: ratio lines on stdout, appended to bench/results/<bench>.txt. */
import { appendFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Measure {
  measure: string;
  project: number;
  baseline: number;
  unit?: string;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toPrecision(4));

export function formatMeasure(m: Measure): string {
  const unit = m.unit ? ` ${m.unit}` : '';
  return `${m.measure}: project=${fmt(m.project)}${unit} baseline=${fmt(m.baseline)}${unit} ratio=${fmt(m.project / m.baseline)}`;
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'cpu';
  return `${os.cpus().length}×${cpu.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`;
}

/** Prints each measure and appends the run (date, machine, lines, notes) to bench/results. */
export function report(bench: string, measures: Measure[], notes: string[] = []): void {
  const lines = measures.map(formatMeasure);
  for (const l of lines) console.log(l);
  for (const n of notes) console.log(`# ${n}`);
  const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
  mkdirSync(dir, { recursive: true });
  const header = `## ${new Date().toISOString()} — ${machine()}`;
  appendFileSync(
    path.join(dir, `${bench}.txt`),
    [header, ...lines, ...notes.map((n) => `# ${n}`), ''].join('\n'),
  );
}
