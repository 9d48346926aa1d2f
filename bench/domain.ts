/**
 * `npm run bench -- domain`: throughput of the pure rules a disbursement run or a busy window leans on.
 *  - working-day deadlines (25 working days) vs the `chinese-days` package's own findWorkday on the
 *    same start dates (our JSON-based, time-zone-proof lookup against the package API);
 *  - trial calculations (validate + calculate one household) vs validation alone (the cost of the
 *    rules on top of parsing).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import chineseDays from 'chinese-days';
import { calculate, parseCalculationInput } from '../server/domain/calculation';
import { addDays } from '../server/domain/dates';
import { PUBLISHED_STANDARDS } from '../server/domain/standards';
import { addWorkingDays } from '../server/domain/working-days';
import { ROOT } from '../server/paths';
import { report } from './report';

function rate(fn: (i: number) => unknown, ms: number): number {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) fn(n++);
  return n / ((performance.now() - start) / 1000);
}

/**
 * Ops/s of project and baseline, measured in alternating 200 ms rounds and reduced to the median,
 * so load from other processes on the machine hits both sides alike.
 */
function compare(project: (i: number) => unknown, baseline: (i: number) => unknown, rounds = 9) {
  for (let i = 0; i < 500; i++) {
    project(i); // warm up
    baseline(i);
  }
  const p: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    p.push(rate(project, 200));
    b.push(rate(baseline, 200));
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return { project: Math.round(median(p)), baseline: Math.round(median(b)) };
}

const starts = Array.from({ length: 300 }, (_, i) => addDays('2025-01-02', i));
const deadlines = compare(
  (i) => addWorkingDays(starts[i % starts.length]!, 25),
  (i) => {
    const [y, m, d] = starts[i % starts.length]!.split('-').map(Number) as [number, number, number];
    return chineseDays.findWorkday(25, new Date(y, m - 1, d));
  },
);

const raw = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/household-dibao.json'), 'utf8'));
const calculations = compare(
  () => {
    const p = parseCalculationInput(raw);
    if (p.ok) calculate(p.input, PUBLISHED_STANDARDS, { amountRounding: 'half-up' });
  },
  () => parseCalculationInput(raw),
);

report('domain', [
  { measure: '25-working-day deadlines/s', ...deadlines },
  {
    measure: 'trial calculations/s (4-person 低保 household, validate + calculate vs validate only)',
    ...calculations,
  },
]);
