/**
 * The real server for the browser: the Express app (API + the built UI from ui/dist) on a free
 * port, over a fresh PostgreSQL schema seeded with the demo district (渝北区, two streets, one
 * user per role), exactly as `npm start` seeds an empty database.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { createApp, type AppContext } from '../../../server/app';
import { loadConfig } from '../../../server/config';
import { seedDemo } from '../../../server/db/seed-demo';
import { createLogger } from '../../../server/log';
import { UI_DIST_DIR } from '../../../server/paths';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';

export const DEMO_PASSWORD = 'E2e-demo-pass-2026';

export interface UiServer {
  base: string;
  tdb: TestDatabase;
  close(): Promise<void>;
}

/** `extra` plugs in what a test connects, e.g. `{ camunda }` of a test engine. */
export async function startUiServer(label: string, extra: Partial<AppContext> = {}): Promise<UiServer> {
  if (!existsSync(path.join(UI_DIST_DIR, 'index.html'))) {
    throw new Error('ui/dist 不存在：先运行 `npm run build:ui`（`npm test` 经 scripts/setup.sh 自动构建）');
  }
  const tdb = await createTestDatabase(label);
  await seedDemo(tdb.db, DEMO_PASSWORD);
  const app = createApp({
    config: loadConfig({ NODE_ENV: 'test' }),
    log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    db: tdb.db,
    ...extra,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;
  return {
    base: `http://127.0.0.1:${port}`,
    tdb,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await tdb.drop();
    },
  };
}
