/**
 * The embedded engine: Camunda 8.8 BPMN models behind the Camunda REST API (v2), run by
 * bpmn-engine with Zeebe semantics, durable in PostgreSQL. `startEngine` applies the engine's
 * schema in the connection's search_path, recovers pending work, starts the timer scheduler and
 * listens (127.0.0.1 by default, basic auth). Only one engine may run on a schema at a time.
 */
import type { Server } from 'node:http';
import pg from 'pg';
import { EngineClock } from './clock';
import type { EngineCore } from './core';
import { silentLogger, type EngineLogger } from './log';
import { openDb } from './persistence/db';
import { applySchema } from './persistence/ddl';
import { KeyGenerator } from './persistence/keys';
import { createRestApp } from './rest/app';
import { IncidentService } from './runtime/incident-service';
import { InstanceService } from './runtime/instances';
import { JobService } from './runtime/jobs';
import { MessageService } from './runtime/messages';
import { ModelRegistry } from './runtime/models';
import { Runtime } from './runtime/runtime';
import { Scheduler } from './runtime/scheduler';
import { UserTaskService } from './runtime/user-tasks';

export interface EngineOptions {
  /** PostgreSQL connection string; the engine's tables go into its search_path. */
  databaseUrl: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  user: string;
  password: string;
  log?: EngineLogger;
  /** Live instances kept in memory (each ~1 MiB of heap); others are recovered on demand. */
  cacheSize?: number;
  poolSize?: number;
  /**
   * Name prefix of the job workers that run in the engine's own process (the app's workers with
   * ENGINE=embedded). They die with the process, so at start the jobs they had activated are
   * activatable again at once instead of after their timeout (up to minutes after a `kill -9`).
   * Jobs of other workers keep their lock until it times out, as in Zeebe.
   */
  inProcessWorkers?: string;
}

export interface EmbeddedEngine {
  /** e.g. http://127.0.0.1:8089 — what CAMUNDA_REST_ADDRESS should be. */
  address: string;
  host: string;
  port: number;
  clock: EngineClock;
  core: EngineCore;
  close(): Promise<void>;
}

export async function startEngine(options: EngineOptions): Promise<EmbeddedEngine> {
  const log = options.log ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  const db = openDb(options.databaseUrl, options.poolSize ?? 10);
  const owner = new pg.Client({ connectionString: options.databaseUrl });
  // The lock holder idles; a server shutting down under it must not crash the process.
  owner.on('error', (err) => log.warn({ err: err.message }, 'engine lock connection lost'));
  const closers: (() => Promise<unknown>)[] = [() => db.close()];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => {});
  };
  try {
    await applySchema(db);
    await owner.connect();
    closers.push(() => owner.end());
    const { rows } = await owner.query<{ ok: boolean }>(
      `SELECT pg_try_advisory_lock(hashtext(current_schema() || '.engine_owner')) AS ok`,
    );
    if (!rows[0]?.ok)
      throw new Error('另一个流程引擎正在使用这个数据库（another engine runs on this schema）');
    if (options.inProcessWorkers) {
      // Safe: the advisory lock above means no other process runs this engine, hence none of
      // its in-process workers either.
      const released = await db.query(
        `UPDATE engine_job SET status = 'activatable', state = 'TIMED_OUT', deadline = NULL, worker = ''
          WHERE status = 'activated' AND starts_with(worker, $1)`,
        [options.inProcessWorkers],
      );
      if (released.rowCount)
        log.info({ jobs: released.rowCount }, 'jobs held by the previous process released');
    }
    const clock = new EngineClock();
    const keys = new KeyGenerator(db);
    await keys.init();
    const models = new ModelRegistry();
    await models.load(db.pool);
    const runtime = new Runtime(db, keys, clock, models, log, { cacheSize: options.cacheSize ?? 100 });
    const jobs = new JobService(runtime);
    const scheduler = new Scheduler(runtime, jobs, log);
    const core: EngineCore = {
      db,
      clock,
      keys,
      models,
      runtime,
      jobs,
      userTasks: new UserTaskService(runtime),
      messages: new MessageService(runtime),
      incidents: new IncidentService(runtime, jobs),
      instances: new InstanceService(runtime),
      scheduler,
      log,
    };
    closers.push(async () => runtime.outbox.close());
    await runtime.outbox.recover();
    scheduler.start();
    closers.push(() => scheduler.stop());
    let port = options.port ?? 0;
    const app = createRestApp(core, {
      user: options.user,
      password: options.password,
      address: () => ({ host, port }),
    });
    const server = await listen(app, host, port);
    closers.push(() => closeServer(server));
    port = (server.address() as { port: number }).port;
    const address = `http://${host}:${port}`;
    log.info({ url: address }, '流程引擎已启动');
    return { address, host, port, clock, core, close };
  } catch (err) {
    await close();
    throw err;
  }
}

function listen(app: ReturnType<typeof createRestApp>, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
    server.on('error', reject);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 200).unref();
  });
}
