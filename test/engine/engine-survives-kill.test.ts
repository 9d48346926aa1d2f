/**
 * Durability: the engine runs in a child process and is killed with SIGKILL. After a restart on
 * the same database, waiting instances go on, a timer that fell due fires, and a job activated
 * but never completed becomes activatable again after its timeout — at once when the worker that
 * held it ran in the killed process (`inProcessWorkers`, the app's workers with ENGINE=embedded).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createCamundaClient } from '@camunda8/orchestration-cluster-api';
import { ROOT } from '../../server/paths';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

const NOW = { consistency: { waitUpToMs: 0 } };
const password = randomBytes(8).toString('hex');

function startChild(db: TestDatabase): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures', 'run-engine.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        ENGINE_PASSWORD: password,
        ENGINE_IN_PROCESS_WORKERS: 'in-process-',
        NODE_OPTIONS: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`engine did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      output += d;
      const m = /ENGINE_READY (\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ child, address: m[1]! });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (output += d));
    child.on('exit', (code) => reject(new Error(`engine exited (${code}):\n${output}`)));
  });
}

const clientFor = (address: string) =>
  createCamundaClient({
    config: {
      CAMUNDA_REST_ADDRESS: address,
      CAMUNDA_AUTH_STRATEGY: 'BASIC',
      CAMUNDA_BASIC_AUTH_USERNAME: 'test',
      CAMUNDA_BASIC_AUTH_PASSWORD: password,
      CAMUNDA_SDK_VALIDATION: 'req:strict,res:strict',
      CAMUNDA_SDK_HTTP_RETRY_MAX_ATTEMPTS: 1,
    } as never,
  }) as any;

describe('engine killed with SIGKILL', () => {
  let db: TestDatabase;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('eng_kill');
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await db.drop();
  });

  it('keeps every acknowledged command and carries on after a restart', async () => {
    const first = await startChild(db);
    children.push(first.child);
    let api = clientFor(first.address);
    await api.createDeployment({
      resources: [
        new File(
          [
            await import('node:fs/promises').then((f) =>
              f.readFile(path.join(import.meta.dirname, 'models', 'durable.bpmn')),
            ),
          ],
          'durable.bpmn',
        ),
      ],
    });
    const start = async (kind: string) =>
      (await api.createProcessInstance({ processDefinitionId: 'durable', variables: { kind } }))
        .processInstanceKey as string;
    const withTask = await start('task');
    const withTimer = await start('timer');
    const withJob = await start('job');
    const { jobs } = await api.activateJobs({
      type: 'durable-work',
      maxJobsToActivate: 1,
      timeout: 10 * 60_000,
      requestTimeout: -1,
      worker: 'lost',
    });
    expect(jobs).toHaveLength(1);
    const withOwnJob = await start('job');
    const own = await api.activateJobs({
      type: 'durable-work',
      maxJobsToActivate: 1,
      timeout: 10 * 60_000,
      requestTimeout: -1,
      worker: 'in-process-documents',
    });
    expect(own.jobs).toHaveLength(1);
    await api.publishMessage({
      name: 'late-mail',
      correlationKey: 'k',
      timeToLive: 3_600_000,
      messageId: 'mail-1',
    });

    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const second = await startChild(db);
    children.push(second.child);
    api = clientFor(second.address);
    const state = async (k: string) => (await api.getProcessInstance({ processInstanceKey: k }, NOW)).state;

    // The user task is still there and the instance goes on when it is completed.
    const task = (await api.searchUserTasks({ filter: { processInstanceKey: withTask } }, NOW)).items[0];
    expect(task.state).toBe('CREATED');
    await api.completeUserTask({ userTaskKey: task.userTaskKey });
    expect(await state(withTask)).toBe('COMPLETED');

    // The buffered message survived too: its id is still taken.
    await expect(
      api.publishMessage({ name: 'late-mail', correlationKey: 'k', timeToLive: 60_000, messageId: 'mail-1' }),
    ).rejects.toMatchObject({ status: 409 });

    // The job of a worker that died with the engine's process is free at once; the job of the
    // lost (outside) worker is held until its timeout; then another worker gets it.
    const free = await api.activateJobs({
      type: 'durable-work',
      maxJobsToActivate: 5,
      timeout: 60_000,
      requestTimeout: -1,
      worker: 'in-process-documents',
    });
    expect(free.jobs.map((j: any) => j.jobKey)).toEqual([own.jobs[0].jobKey]);
    await api.completeJob({ jobKey: own.jobs[0].jobKey });
    expect(await state(withOwnJob)).toBe('COMPLETED');
    expect(
      (
        await api.activateJobs({
          type: 'durable-work',
          maxJobsToActivate: 1,
          timeout: 60_000,
          requestTimeout: -1,
        })
      ).jobs,
    ).toEqual([]);
    expect(await state(withTimer)).toBe('ACTIVE');
    await api.pinClock({ timestamp: Date.now() + 2 * 86_400_000 });
    expect(await state(withTimer)).toBe('COMPLETED');
    const again = await api.activateJobs({
      type: 'durable-work',
      maxJobsToActivate: 1,
      timeout: 60_000,
      requestTimeout: -1,
      worker: 'new',
    });
    expect(again.jobs.map((j: any) => j.jobKey)).toEqual([jobs[0].jobKey]);
    await api.completeJob({ jobKey: jobs[0].jobKey });
    expect(await state(withJob)).toBe('COMPLETED');
    second.child.kill('SIGTERM');
  });
});
