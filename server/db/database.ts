/**
 * Chooses the database: DATABASE_URL when set, otherwise the embedded PostgreSQL under DATA_DIR.
 * Migrates it with the product's own migrator before anything else touches it.
 */
import type { Config } from '../config';
import type { Logger } from '../log';
import { startEmbeddedPostgres } from './embedded-postgres';
import { migrate } from './migrate';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function openDatabase(config: Config, log: Logger): Promise<DatabaseHandle> {
  let handle: DatabaseHandle;
  if (config.database.url) {
    handle = { url: config.database.url, embedded: false, stop: async () => {} };
  } else {
    const server = await startEmbeddedPostgres(config.database.embedded, log);
    handle = { url: server.url, embedded: true, stop: server.stop };
  }
  try {
    const { applied, alreadyApplied } = await migrate(handle.url);
    log.info({ applied, alreadyApplied }, applied.length ? '数据库迁移已执行' : '数据库结构已是最新');
  } catch (err) {
    await handle.stop();
    throw err;
  }
  return handle;
}
