/**
 * Start-up of the workflow side: with ENGINE=embedded the engine runs in this process on the
 * app's database (its own engine_* tables), bound to ENGINE_HOST:ENGINE_PORT with basic auth;
 * then the official client is created and every model deployed. `close()` stops both.
 */
import type { CamundaClient } from '@camunda8/orchestration-cluster-api';
import type { Config } from '../config';
import { startEngine } from '../engine';
import type { Logger } from '../log';
import { WORKER_PREFIX, createWorkflowClient } from './camunda';
import { deployWorkflows } from './deploy';
import { enginePassword } from './engine-password';

export interface WorkflowSide {
  client: CamundaClient;
  /** Address of the embedded engine (undefined with ENGINE=camunda). */
  engineAddress?: string;
  close(): Promise<void>;
}

export async function startWorkflow(config: Config, databaseUrl: string, log: Logger): Promise<WorkflowSide> {
  if (config.engine.kind === 'camunda') {
    const client = createWorkflowClient(config);
    await deployWorkflows(client, log);
    return { client, close: async () => client.stopAllWorkers() };
  }
  const password = await enginePassword(config);
  const engine = await startEngine({
    databaseUrl,
    host: config.engine.host,
    port: config.engine.port,
    user: config.engine.user,
    password,
    log: log.child({ component: 'engine' }),
    // The app's workers run in this process: after a crash their jobs need not wait out their
    // timeouts (3 minutes for a document).
    inProcessWorkers: WORKER_PREFIX,
  });
  try {
    const client = createWorkflowClient(config, {
      address: engine.address,
      user: config.engine.user,
      password,
    });
    await deployWorkflows(client, log);
    return {
      client,
      engineAddress: engine.address,
      close: async () => {
        client.stopAllWorkers();
        await engine.close();
      },
    };
  } catch (err) {
    await engine.close();
    throw err;
  }
}
