/**
 * The app's side of the contract: the client factory, deploying workflows/*.bpmn at start (an
 * unchanged model keeps its version across restarts) and the generated engine password.
 */
import { copyFile, mkdtemp, rm, stat, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/log';
import { createWorkflowClient } from '../../server/workflow/camunda';
import { deployWorkflows } from '../../server/workflow/deploy';
import { enginePassword } from '../../server/workflow/engine-password';
import { startTestEngine, type TestEngine } from '../helpers/engine';

describe('app wiring', () => {
  let t: TestEngine;
  let dir: string;
  const log = createLogger('silent');
  beforeAll(async () => {
    t = await startTestEngine('eng_wiring');
    dir = await mkdtemp(path.join(os.tmpdir(), 'jiuzhu-workflows-'));
    await copyFile(path.join(import.meta.dirname, 'models', 'order.bpmn'), path.join(dir, 'order.bpmn'));
    await copyFile(path.join(import.meta.dirname, 'models', 'jobs.bpmn'), path.join(dir, 'jobs.bpmn'));
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('deploys every model once; a restart redeploys without new versions; a change makes one', async () => {
    const config = loadConfig({ ENGINE_USER: 'test' });
    const client = createWorkflowClient(config, {
      address: t.engine.address,
      user: 'test',
      password: t.clientConfig.CAMUNDA_BASIC_AUTH_PASSWORD!,
    });
    const first = await deployWorkflows(client, log, dir);
    expect(first.map((m) => [m.processDefinitionId, m.processDefinitionVersion])).toEqual([
      ['jobs', 1],
      ['order', 1],
    ]);
    const again = await deployWorkflows(client, log, dir);
    expect(again).toEqual(first);
    const xml = await readFile(path.join(dir, 'order.bpmn'), 'utf8');
    await writeFile(path.join(dir, 'order.bpmn'), xml.replace('name="Prepare"', 'name="准备"'));
    const changed = await deployWorkflows(client, log, dir);
    expect(changed.map((m) => [m.processDefinitionId, m.processDefinitionVersion])).toEqual([
      ['jobs', 1],
      ['order', 2],
    ]);
  });

  it('deploys nothing (and says so) when there are no models', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'jiuzhu-empty-'));
    expect(await deployWorkflows(t.client, log, empty)).toEqual([]);
    await rm(empty, { recursive: true });
  });

  it('generates the engine password once, readable by the owner only', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'jiuzhu-data-'));
    const config = loadConfig({ DATA_DIR: dataDir });
    const first = await enginePassword(config);
    expect(first.length).toBeGreaterThanOrEqual(24);
    expect(await enginePassword(config)).toBe(first);
    expect((await stat(path.join(dataDir, 'engine.password'))).mode & 0o777).toBe(0o600);
    expect(await enginePassword(loadConfig({ DATA_DIR: dataDir, ENGINE_PASSWORD: 'given-password' }))).toBe(
      'given-password',
    );
    await rm(dataDir, { recursive: true });
  });

  it('refuses ENGINE=camunda without CAMUNDA_REST_ADDRESS', () => {
    expect(() => createWorkflowClient(loadConfig({ ENGINE: 'camunda' }))).toThrow('CAMUNDA_REST_ADDRESS');
  });
});
