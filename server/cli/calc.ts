/**
 * `npm run --silent calc -- --file household.json` — the trial calculation (试算) from the command
 * line, printing the same JSON as POST /api/calculations. Standards come from the database at
 * DATABASE_URL when it is set (table assistance_standard; `?schema=` selects a schema), otherwise
 * from the published table built into server/domain/standards.ts; stderr says which.
 * Exit codes: 0 result printed, 2 bad input (zh-CN message per field on stderr), 1 other failure.
 */
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../config';
import { createDb } from '../db/client';
import { loadStandards } from '../db/standards-repository';
import { calculate, CalculationInputError, parseCalculationInput } from '../domain/calculation';
import { domainSettings } from '../domain/settings';
import { PUBLISHED_STANDARDS, type StandardRow } from '../domain/standards';

const USAGE = '用法：npm run --silent calc -- --file <家庭信息.json>（--file - 从标准输入读取）';

class UsageError extends Error {}

async function readInput(argv: string[]): Promise<unknown> {
  const i = argv.indexOf('--file');
  const file = i >= 0 ? argv[i + 1] : undefined;
  if (!file) throw new UsageError(USAGE);
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`无法读取文件：${file}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`文件不是合法的 JSON：${file}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function standardsFrom(databaseUrl: string | undefined): Promise<StandardRow[]> {
  if (!databaseUrl) {
    process.stderr.write('标准来源：内置的重庆市公布标准表（未设置 DATABASE_URL）\n');
    return [...PUBLISHED_STANDARDS];
  }
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  const db = createDb(url.toString(), { ...(schema ? { schema } : {}), max: 1 });
  try {
    const rows = await loadStandards(db);
    process.stderr.write(`标准来源：数据库 ${url.host}${url.pathname}（${rows.length} 条标准）\n`);
    return rows;
  } catch (err) {
    throw new Error(`无法从数据库读取标准表（是否已启动过服务以执行迁移？）：${(err as Error).message}`, {
      cause: err,
    });
  } finally {
    await db.$disconnect();
  }
}

async function main(argv: string[]): Promise<number> {
  try {
    const raw = await readInput(argv);
    const parsed = parseCalculationInput(raw);
    if (!parsed.ok) throw new CalculationInputError(parsed.errors);
    const config = loadConfig(process.env);
    const standards = await standardsFrom(config.database.url);
    const result = calculate(parsed.input, standards, domainSettings(config));
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    if (err instanceof CalculationInputError) {
      process.stderr.write('输入有误：\n');
      for (const e of err.errors) process.stderr.write(`  ${e.field}：${e.message}\n`);
      return 2;
    }
    process.stderr.write(`试算失败：${(err as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
