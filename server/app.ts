/**
 * The Express app, separate from the listener so tests mount it in-process.
 * Routers are added per resource by later modules through `AppContext`.
 */
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Config } from './config';
import type { Db } from './db/client';
import { pendingMigrationsVia } from './db/readiness';
import type { Logger } from './log';
import { errorHandler, notFoundHandler } from './api/problem';
import { mountApi } from './api/registry';
import { mountUi } from './ui-static';
import type { CamundaClient } from '@camunda8/orchestration-cluster-api';
import type { CaseWorkflow, DisbursementWorkflow } from './api/seams';

export interface AppContext {
  config: Config;
  log: Logger;
  db: Db;
  /** The official Camunda client (embedded engine or Camunda 8.8); absent in tests without an engine. */
  camunda?: CamundaClient;
  /** The workflow engine's entry for new cases; absent until the engine is connected. */
  workflow?: CaseWorkflow;
  /** The monthly disbursement process (issue 7); absent until the engine is connected. */
  disbursementWorkflow?: DisbursementWorkflow;
}

export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // Security headers; no upgrade-insecure-requests so plain http on 127.0.0.1 keeps working.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));

  /** Liveness: the process answers. */
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  /** Readiness: the database answers and every migration is applied. */
  app.get('/readyz', async (_req, res) => {
    try {
      const pending = await pendingMigrationsVia(ctx.db);
      if (pending.length) {
        res.status(503).json({ status: 'migrating', pending });
        return;
      }
      res.json({ status: 'ready' });
    } catch (err) {
      ctx.log.warn({ err: (err as Error).message }, 'readiness check failed');
      res.status(503).json({ status: 'database-unreachable' });
    }
  });

  app.use('/api', express.json({ limit: '1mb' }));
  mountApi(app, ctx);
  // The web UI (ui/dist) and its SPA fallback for every non-API page.
  mountUi(app);
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.log));
  return app;
}
