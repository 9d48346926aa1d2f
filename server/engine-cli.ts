/**
 * `npm run engine`: the embedded engine alone, for trying models or pointing any Camunda 8.8
 * client at it. Uses DATABASE_URL when set, otherwise its own embedded PostgreSQL under
 * DATA_DIR/engine-postgres (port EMBEDDED_PG_PORT + 1), and prints the CAMUNDA_* settings.
 */
import path from 'node:path';
import { loadConfig } from './config';
import { startEmbeddedPostgres } from './db/embedded-postgres';
import { startEngine } from './engine';
import { createLogger } from './log';
import { enginePassword } from './workflow/engine-password';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, { component: 'engine' });
  const database = config.database.url
    ? { url: config.database.url, stop: async () => {} }
    : await startEmbeddedPostgres(
        { dir: path.join(config.dataDir, 'engine-postgres'), port: config.database.embedded.port + 1 },
        log,
      );
  const password = await enginePassword(config);
  const engine = await startEngine({
    databaseUrl: database.url,
    host: config.engine.host,
    port: config.engine.port,
    user: config.engine.user,
    password,
    log,
  }).catch(async (err: unknown) => {
    await database.stop();
    throw err;
  });
  process.stdout.write(
    [
      '',
      `流程引擎（Camunda 8.8 REST API v2）：${engine.address}/v2`,
      '用任意 Camunda 8.8 客户端连接：',
      `  CAMUNDA_REST_ADDRESS=${engine.address}`,
      '  CAMUNDA_AUTH_STRATEGY=BASIC',
      `  CAMUNDA_BASIC_AUTH_USERNAME=${config.engine.user}`,
      `  CAMUNDA_BASIC_AUTH_PASSWORD=${config.engine.password ? '（ENGINE_PASSWORD 的值）' : password}`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await engine.close();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`流程引擎启动失败：${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
