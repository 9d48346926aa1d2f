/**
 * The app's one way to its workflow engine: the official Camunda 8.8 client. With the embedded
 * engine it points at the engine's address with basic auth; with ENGINE=camunda it points at
 * CAMUNDA_REST_ADDRESS and leaves authentication to the client's own CAMUNDA_* variables
 * (CAMUNDA_AUTH_STRATEGY, CAMUNDA_CLIENT_ID, …), as for any Camunda 8.8 cluster.
 */
import { createCamundaClient, type CamundaClient } from '@camunda8/orchestration-cluster-api';
import type { Config } from '../config';

/**
 * Every job worker of the app is named `jiuzhu-<job type>`. With ENGINE=embedded they run in the
 * engine's process, which releases their jobs when it starts again after a crash.
 */
export const WORKER_PREFIX = 'jiuzhu-';

export interface EngineEndpoint {
  address: string;
  user: string;
  password: string;
}

export function createWorkflowClient(config: Config, embedded?: EngineEndpoint): CamundaClient {
  if (config.engine.kind === 'embedded') {
    if (!embedded) throw new Error('内嵌流程引擎未启动，无法创建客户端');
    return createCamundaClient({
      config: {
        CAMUNDA_REST_ADDRESS: embedded.address,
        CAMUNDA_AUTH_STRATEGY: 'BASIC',
        CAMUNDA_BASIC_AUTH_USERNAME: embedded.user,
        CAMUNDA_BASIC_AUTH_PASSWORD: embedded.password,
        // Observe backpressure, never gate: once gating starts, the job workers' long polls hold
        // the permits and every API call through this client (case start, inbox) waits seconds
        // for one to return. The embedded engine is in this process; it sheds no load by 429s.
        CAMUNDA_SDK_BACKPRESSURE_PROFILE: 'LEGACY',
      } as never,
    });
  }
  if (!config.engine.camundaRestAddress) throw new Error('ENGINE=camunda 需要设置 CAMUNDA_REST_ADDRESS');
  return createCamundaClient({ config: { CAMUNDA_REST_ADDRESS: config.engine.camundaRestAddress } as never });
}
