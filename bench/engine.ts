/**
 * `npm run bench -- engine [instances=300] [waiting=10000]`: the embedded engine against bare
 * bpmn-engine on the same models, in the same run.
 *  - complete instances/s of a 10-node model through the REST contract with instant workers
 *    (official client, job workers; 16 instances in flight, awaitCompletion) vs bare
 *    bpmn-engine running the model in memory, one after the other;
 *  - heap with 10,000 instances waiting at a user task (goal < 300 MB) vs bare bpmn-engine
 *    keeping them in memory (measured on 200, extrapolated);
 *  - restart-ready time with those instances waiting (goal < 5 s) vs an engine on an empty schema;
 *  - time to recover 1,000 waiting instances after the restart vs bare recover + resume.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createCamundaClient } from '@camunda8/orchestration-cluster-api';
import pg from 'pg';
import { startEngine, type EmbeddedEngine } from '../server/engine';
import { bareRecover, bareSource, bareThroughput, bareWaiting, stateWithoutSource } from './engine-baseline';
import { report, type Measure } from './report';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const [instances = 300, waiting = 10_000] = process.argv.slice(2).map(Number);
const base = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const models = path.join(path.dirname(new URL(import.meta.url).pathname), 'models');
const password = randomBytes(8).toString('hex');

async function schema(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${name}`);
  await admin.end();
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await c.end();
    },
  };
}

const clientFor = (engine: EmbeddedEngine) =>
  createCamundaClient({
    config: {
      CAMUNDA_REST_ADDRESS: engine.address,
      CAMUNDA_AUTH_STRATEGY: 'BASIC',
      CAMUNDA_BASIC_AUTH_USERNAME: 'bench',
      CAMUNDA_BASIC_AUTH_PASSWORD: password,
      CAMUNDA_SDK_VALIDATION: 'none',
      CAMUNDA_SDK_LOG_LEVEL: 'silent',
    } as never,
  });

async function inParallel(n: number, width: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

async function countCompleted(engine: EmbeddedEngine, id: string): Promise<number> {
  const { rows } = await engine.core.db.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM engine_process_instance WHERE bpmn_process_id = $1 AND state = 'COMPLETED'`,
    [id],
  );
  return Number(rows[0]!.n);
}

const tag = randomBytes(3).toString('hex');
const main = await schema(`bench_engine_${tag}`);
const empty = await schema(`bench_engine_empty_${tag}`);
const measures: Measure[] = [];
const notes: string[] = [];
const start = () => startEngine({ databaseUrl: main.url, port: 0, user: 'bench', password });
try {
  let engine = await start();
  let client = clientFor(engine);
  const deploy = async (file: string) =>
    client.createDeployment({ resources: [new File([await readFile(path.join(models, file))], file)] });

  // 1. throughput through the REST contract with instant workers
  await deploy('ten-nodes.bpmn');
  const workers = ['t1', 't2', 't3', 't4', 't5', 't6', 't7'].map((t) =>
    client.createJobWorker({
      jobType: `bench-${t}`,
      maxParallelJobs: 64,
      jobTimeoutMs: 60_000,
      pollIntervalMs: 1,
      validateSchemas: false,
      jobHandler: (job) => job.complete(),
    }),
  );
  const run = async (n: number) => {
    const before = await countCompleted(engine, 'bench10');
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    // Closed loop: 16 instances in flight, each request returns when its instance completed.
    await inParallel(n, 16, () =>
      client.createProcessInstance({
        processDefinitionId: 'bench10' as never,
        awaitCompletion: true,
        requestTimeout: 120_000,
      }),
    );
    if ((await countCompleted(engine, 'bench10')) < before + n) throw new Error('instances did not complete');
    const cpu = process.cpuUsage(cpu0);
    return { rate: n / ((performance.now() - t0) / 1000), cpuMs: (cpu.user + cpu.system) / 1000 / n };
  };
  await run(30);
  const { rate: throughput, cpuMs } = await run(instances);
  notes.push(
    `throughput run: ${JSON.stringify(engine.core.runtime.stats)} (instances recovered from snapshots, failed commands)`,
  );
  workers.forEach((w) => w.stop());
  const bare = await bareSource('ten-nodes.bpmn');
  await bareThroughput(bare, 30);
  const bareCpu0 = process.cpuUsage();
  const bareRate = await bareThroughput(bare, instances);
  const bareCpu = process.cpuUsage(bareCpu0);
  measures.push({
    measure: 'completed instances/s (10-node model, REST + instant workers)',
    project: throughput,
    baseline: bareRate,
  });
  measures.push({
    measure: 'Node CPU per completed instance (engine + client + workers in one process)',
    project: cpuMs,
    baseline: (bareCpu.user + bareCpu.system) / 1000 / instances,
    unit: 'ms',
  });

  // 2. heap with many instances waiting at a user task
  await deploy('waiting.bpmn');
  const idle = heapMb();
  const keys: string[] = [];
  const t0 = performance.now();
  await inParallel(waiting, 16, async (i) => {
    const r = await client.createProcessInstance({
      processDefinitionId: 'waiting' as never,
      variables: { street: String(i % 7) },
    });
    keys.push(r.processInstanceKey);
  });
  notes.push(
    `created ${waiting} waiting instances through REST in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const heapWaiting = heapMb();
  const waitingSource = await bareSource('waiting.bpmn');
  const before = heapMb();
  const bareEngines = await bareWaiting(waitingSource, 200);
  const perBare = (heapMb() - before) / 200;
  measures.push({
    measure: `heap with ${waiting} waiting instances`,
    project: heapWaiting,
    baseline: perBare * waiting,
    unit: 'MB',
  });
  notes.push(
    `heap: engine idle ${idle.toFixed(0)} MB; bare bpmn-engine ${perBare.toFixed(2)} MB per waiting instance (measured on 200); goal < 300 MB`,
  );
  const bareStates = [];
  for (let i = 0; i < 1000; i++)
    bareStates.push(await stateWithoutSource(bareEngines[i % bareEngines.length]!));
  bareEngines.length = 0;

  // 3. restart with them waiting, then recover 1,000 of them
  await engine.close();
  const restart0 = performance.now();
  engine = await start();
  const ready = performance.now() - restart0;
  const empty0 = performance.now();
  const emptyEngine = await startEngine({ databaseUrl: empty.url, port: 0, user: 'bench', password });
  const emptyReady = performance.now() - empty0;
  await emptyEngine.close();
  measures.push({
    measure: `restart-ready time with ${waiting} waiting`,
    project: ready,
    baseline: emptyReady,
    unit: 'ms',
  });
  client = clientFor(engine);
  const sample = keys.slice(0, 1000);
  const r0 = performance.now();
  for (const key of sample) await engine.core.runtime.onInstance(key, () => undefined);
  const recovered = performance.now() - r0;
  const bareRecovered = await bareRecover(waitingSource, bareStates);
  measures.push({
    measure: 'recover 1,000 waiting instances after restart',
    project: recovered,
    baseline: bareRecovered,
    unit: 'ms',
  });
  notes.push(
    'recover = load the snapshot from PostgreSQL, bpmn-engine recover + resume, write it back (one transaction each); baseline = bare recover + resume from memory',
  );
  const { rows } = await engine.core.db.query<{ avg: string }>(
    `SELECT avg(length(snapshot))::int::text AS avg FROM engine_instance_state`,
  );
  notes.push(`snapshot size: ${rows[0]!.avg} bytes on average`);
  await engine.close();
} finally {
  await main.drop();
  await empty.drop();
}
report('engine', measures, notes);
process.exit(0);
