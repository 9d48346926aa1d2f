/**
 * `npm run archive:verify`: checks every district's archive chain and every file; prints a zh-CN
 * report and exits with 1 when anything does not match (0 when all is intact).
 */
import { loadConfig } from '../../config';
import { createDb } from '../../db/client';
import { openDatabase } from '../../db/database';
import { createLogger } from '../../log';
import { FileStore } from './file-store';
import { verifyEverything } from './verify';

const config = loadConfig();
const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
const handle = await openDatabase(config, log);
// A DATABASE_URL may select a schema through `options=-c search_path=…` (the tests do); Prisma
// qualifies table names itself, so it has to be told.
const searchPath = /search_path=([A-Za-z0-9_]+)/.exec(
  new URL(handle.url).searchParams.get('options') ?? '',
)?.[1];
const db = createDb(handle.url, { max: 2, schema: searchPath });
let code = 0;
try {
  const store = new FileStore(config.documents.archiveDir);
  const result = await verifyEverything(db, store);
  const out = process.stdout;
  out.write(
    `档案校验：${result.districts.length} 个区县，${result.checked} 份档案（文件目录 ${store.root}）\n`,
  );
  if (result.ok) {
    out.write('结果：全部一致，未发现改动、缺失或删除。\n');
  } else {
    code = 1;
    out.write(`结果：发现 ${result.problems.length} 处问题：\n`);
    for (const p of result.problems) out.write(`  - ${p.message}\n`);
  }
} catch (err) {
  code = 2;
  process.stderr.write(`档案校验失败：${(err as Error).message}\n`);
} finally {
  await db.$disconnect();
  await handle.stop();
}
process.exit(code);
