/**
 * An embedded engine for a test file, reached the way the app reaches it: the official client
 * `@camunda8/orchestration-cluster-api` over real HTTP, with the client's schema validation
 * strict on requests and responses (so every response has the Camunda 8.8 shape).
 *
 *   const t = await startTestEngine('my_feature');     // fresh schema (createTestDatabase), port 0
 *   await t.deploy('workflows/dibao.bpmn');             // or t.deployXml('x.bpmn', xml)
 *   const pi = await t.client.createProcessInstance({ processDefinitionId: 'dibao', variables });
 *   await t.pinClock('2025-03-01T08:00:00+08:00');      // move time instead of waiting
 *   await t.advance({ days: 7 });                       // due timers fire before this resolves
 *   afterAll(() => t.close());                           // stops workers, engine, drops the schema
 *
 * `t.client` is a normal CamundaClient: createJobWorker, searchUserTasks, completeUserTask, …
 * Note: in a createJobWorker handler, `job.complete(vars)` takes the variables themselves
 * (`job.complete({ docId })`), unlike `client.completeJob({ jobKey, variables })`.
 * Queries need the client's consistency argument: `t.client.getUserTask({ userTaskKey }, NOW)`
 * with `const NOW = { consistency: { waitUpToMs: 0 } }` (the engine is immediately consistent).
 * `t.db` is the test schema (Prisma client `t.db.db` for the app's own tables); `t.url` its
 * connection string. Several engines may run at once (one per schema).
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createCamundaClient, type CamundaClient } from '@camunda8/orchestration-cluster-api';
import { startEngine, type EmbeddedEngine, type EngineOptions } from '../../server/engine';
import { createTestDatabase, type TestDatabase } from './db';

/** The client with plain-string keys and untyped results, for terse tests (same calls, same validation). */
export type LooseClient = {
  [K in keyof CamundaClient]: CamundaClient[K] extends (...a: any[]) => unknown
    ? (...a: any[]) => Promise<any>
    : CamundaClient[K];
};

export interface TestEngine {
  client: CamundaClient;
  /** `client`, loosely typed (branded keys accepted as strings). */
  api: LooseClient;
  engine: EmbeddedEngine;
  db: TestDatabase;
  url: string;
  /** CAMUNDA_* settings to point another client (or a child process) at this engine. */
  clientConfig: Record<string, string>;
  deploy(...files: string[]): Promise<Awaited<ReturnType<CamundaClient['createDeployment']>>>;
  deployXml(name: string, xml: string): Promise<Awaited<ReturnType<CamundaClient['createDeployment']>>>;
  /** Pins the engine clock (ISO date-time or epoch ms) through the REST API; due timers fire. */
  pinClock(at: string | number): Promise<void>;
  /** Moves the pinned clock forward; everything due by then has fired when this resolves. */
  advance(by: {
    days?: number;
    hours?: number;
    minutes?: number;
    seconds?: number;
    ms?: number;
  }): Promise<void>;
  /**
   * Plays the worker of a job type: activates the one waiting job of `type` (failing when there is
   * not exactly one) and completes it with `variables`.
   */
  finishJob(type: string, variables?: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export async function startTestEngine(
  label = 'engine',
  options: Partial<EngineOptions> = {},
): Promise<TestEngine> {
  const db = await createTestDatabase(label);
  const password = randomBytes(12).toString('hex');
  let engine: EmbeddedEngine;
  try {
    engine = await startEngine({ databaseUrl: db.url, port: 0, user: 'test', password, ...options });
  } catch (err) {
    await db.drop();
    throw err;
  }
  const clientConfig = {
    CAMUNDA_REST_ADDRESS: engine.address,
    CAMUNDA_AUTH_STRATEGY: 'BASIC',
    CAMUNDA_BASIC_AUTH_USERNAME: 'test',
    CAMUNDA_BASIC_AUTH_PASSWORD: password,
    CAMUNDA_SDK_VALIDATION: 'req:strict,res:strict',
    CAMUNDA_SDK_LOG_LEVEL: 'error',
  };
  const client = createCamundaClient({ config: clientConfig as never });
  const toFile = (name: string, content: string | Buffer) =>
    new File([typeof content === 'string' ? content : new Uint8Array(content)], path.basename(name), {
      type: 'application/xml',
    });
  const pinned = { at: Date.now() };
  const pinClock = async (at: string | number) => {
    pinned.at = typeof at === 'number' ? at : Date.parse(at);
    await client.pinClock({ timestamp: pinned.at });
  };
  return {
    client,
    api: client as unknown as LooseClient,
    engine,
    db,
    url: db.url,
    clientConfig,
    deploy: async (...files) =>
      client.createDeployment({
        resources: await Promise.all(files.map(async (f) => toFile(f, await readFile(f)))),
      }),
    deployXml: (name, xml) => client.createDeployment({ resources: [toFile(name, xml)] }),
    pinClock,
    finishJob: async (type, variables = {}) => {
      const api = client as unknown as LooseClient;
      const { jobs } = await api.activateJobs({
        type,
        maxJobsToActivate: 1,
        timeout: 60_000,
        requestTimeout: -1,
      });
      expect([type, jobs.length]).toEqual([type, 1]);
      await api.completeJob({ jobKey: jobs[0].jobKey, variables });
    },
    advance: async (by) => {
      const ms =
        (by.days ?? 0) * 86_400_000 +
        (by.hours ?? 0) * 3_600_000 +
        (by.minutes ?? 0) * 60_000 +
        (by.seconds ?? 0) * 1000 +
        (by.ms ?? 0);
      await pinClock(pinned.at + ms);
    },
    close: async () => {
      client.stopAllWorkers();
      await engine.close();
      await db.drop();
    },
  };
}
