/**
 * The engine's HTTP face: the subset of the Camunda 8.8 Orchestration Cluster REST API (v2) the
 * app and the official client use, under `/v2`, behind basic auth.
 */
import express, { type Express } from 'express';
import type { EngineCore } from '../core';
import { basicAuth } from './auth';
import { problemHandler, sendProblem } from './problem';
import { clusterRoutes } from './routes/cluster';
import { deploymentRoutes } from './routes/deployments';
import { instanceRoutes } from './routes/instances';
import { jobRoutes } from './routes/jobs';
import { recordRoutes } from './routes/records';
import { userTaskRoutes } from './routes/user-tasks';
import { variableWriteRoutes } from './routes/variables';

export interface RestOptions {
  user: string;
  password: string;
  address: () => { host: string; port: number };
}

export function createRestApp(core: EngineCore, options: RestOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  const v2 = express.Router();
  v2.use(basicAuth(options.user, options.password));
  v2.use(express.json({ limit: '8mb' }));
  // Replies wait for the work a command hands to other instances, so callers read their writes.
  const track = <T>(fn: () => Promise<T>) => core.runtime.outbox.track(fn);
  clusterRoutes(v2, core, options.address, track);
  deploymentRoutes(v2, core);
  instanceRoutes(v2, core, track);
  jobRoutes(v2, core, track);
  userTaskRoutes(v2, core, track);
  recordRoutes(v2, core, track);
  variableWriteRoutes(v2, core, track);
  v2.use((req, res) =>
    sendProblem(res, 404, 'NOT_FOUND', `The embedded engine does not serve ${req.method} ${req.path}`),
  );
  app.use('/v2', v2);
  app.use((req, res) => sendProblem(res, 404, 'NOT_FOUND', `No such path: ${req.method} ${req.path}`));
  app.use(problemHandler(core.log));
  return app;
}
