/**
 * `npm run audit:verify`: checks the whole audit chain of the configured database (DATABASE_URL,
 * or the embedded PostgreSQL under DATA_DIR) and prints a zh-CN report. Exit 0 = intact, 1 = not.
 * Record the printed last hash elsewhere: a later run proves nothing before it was removed.
 */
import { loadConfig } from '../config';
import { createDb } from '../db/client';
import { openDatabase } from '../db/database';
import { createLogger } from '../log';
import { verifyAuditChain } from './audit';

async function main(): Promise<number> {
  const config = loadConfig();
  const log = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn');
  const database = await openDatabase(config, log);
  const db = createDb(database.url);
  try {
    const report = await verifyAuditChain(db);
    const out = process.stdout;
    out.write(`审计链校验：共 ${report.events} 条事件，最后哈希 ${report.lastHash}\n`);
    if (report.problems.length === 0) {
      out.write('结果：完整，未发现修改、插入或删除。\n');
      return 0;
    }
    out.write(`结果：发现 ${report.problems.length} 处问题，审计记录已被篡改：\n`);
    for (const p of report.problems) out.write(`  - ${p.message}\n`);
    return 1;
  } finally {
    await db.$disconnect();
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`审计链校验失败：${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
