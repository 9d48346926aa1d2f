/**
 * `npm run audit:verify`: checks the whole audit chain and prints a zh-CN report.
 * Exit 0 = intact, 1 = changed / inserted / removed events found, 2 = could not check.
 * Database: DATABASE_URL (a `?schema=` parameter selects the schema, as in Prisma URLs), or the
 * embedded PostgreSQL under DATA_DIR — the running one when `npm start` is up, else started here.
 * Nothing is migrated or written. Record the printed last hash elsewhere: that is what proves
 * later that the newest events were not cut off together with the head row.
 */
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { loadConfig } from '../config';
import { createDb } from '../db/client';
import { EMBEDDED_DATABASE, startEmbeddedPostgres } from '../db/embedded-postgres';
import { createLogger } from '../log';
import { verifyAuditChain } from './audit';

async function connectionUrl(): Promise<{ url: string; stop(): Promise<void> }> {
  const config = loadConfig();
  if (config.database.url) return { url: config.database.url, stop: async () => {} };
  const { dir, port } = config.database.embedded;
  const pwFile = `${dir}.password`;
  if (existsSync(pwFile)) {
    const pw = encodeURIComponent(readFileSync(pwFile, 'utf8').trim());
    const url = `postgresql://postgres:${pw}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
    const probe = new pg.Client({ connectionString: url });
    const running = await probe.connect().then(
      () => true,
      () => false,
    );
    await probe.end().catch(() => {});
    if (running) return { url, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres(config.database.embedded, createLogger('warn'));
  return server;
}

async function main(): Promise<number> {
  const { url, stop } = await connectionUrl();
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? undefined;
  u.searchParams.delete('schema');
  const db = createDb(u.toString(), schema ? { schema, max: 2 } : { max: 2 });
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
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`审计链校验失败：${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
