/**
 * `npm run bench -- <name> [args]` runs bench/<name>.ts. Each bench prints one line per measure,
 * `<measure>: project=<v> baseline=<v> ratio=<project/baseline>`, with the baseline measured in the
 * same run, and appends them to bench/results/<name>.txt with the date and machine.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [name, ...args] = process.argv.slice(2);
const dir = path.dirname(new URL(import.meta.url).pathname);
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'report.ts'].includes(f))
  .map((f) => f.slice(0, -3));
if (!name || !available.includes(name)) {
  console.error(`用法：npm run bench -- <${available.join('|')}> [参数]`);
  process.exit(2);
}
const file = path.join(dir, `${name}.ts`);
if (!existsSync(file)) process.exit(2);
process.argv = [process.argv[0]!, file, ...args];
await import(pathToFileURL(file).href);
