/**
 * `npm run models` writes workflows/*.bpmn from the definitions in this folder; `--check` only
 * compares (exit 1 when a committed model is out of date).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WORKFLOWS_DIR } from '../../server/paths';
import { toXml, type Model } from './builder';
import { dibaoModel } from './dibao';
import { disbursementModel } from './disbursement';
import { linshiModel } from './linshi';
import { recheckModel } from './recheck';
import { tekunModel } from './tekun';
import { yishiyiyiModel } from './yishiyiyi';

export const MODELS: (() => Model)[] = [
  dibaoModel,
  tekunModel,
  linshiModel,
  yishiyiyiModel,
  disbursementModel,
  recheckModel,
];

export function buildAll(): { file: string; xml: string }[] {
  return MODELS.map((make) => {
    const m = make();
    return { file: path.join(WORKFLOWS_DIR, `${m.id}.bpmn`), xml: toXml(m) };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const { file, xml } of buildAll()) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      /* new model */
    }
    if (current === xml) continue;
    if (check) {
      console.error(`过期：${path.relative(process.cwd(), file)}（运行 npm run models）`);
      stale++;
    } else {
      writeFileSync(file, xml);
      console.log(`已生成 ${path.relative(process.cwd(), file)}`);
    }
  }
  process.exitCode = stale ? 1 : 0;
}
