/**
 * The default deployment end to end: `server/main.ts` with no DATABASE_URL starts a real embedded
 * PostgreSQL under DATA_DIR, migrates it and seeds demo users; after `kill -9` of Node (PostgreSQL
 * left running) a new start comes back on the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../server/paths';

/** Distinct free ports: every socket stays open until all are picked, so none is handed out twice. */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Server>((resolve) => {
          const s = net.createServer().listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...rest, NODE_ENV: 'development', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

async function waitReady(url: string, child: ChildProcess, output: () => string, ms = 45_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output()}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.status === 200) return r.json();
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not ready within ${ms} ms:\n${output()}`);
}

/** The child's exit code, or a failure with its output when it has not exited within `ms`. */
function exitOf(child: ChildProcess, output: () => string, ms = 45_000): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not exit within ${ms} ms:\n${output()}`)),
      ms,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('embedded PostgreSQL default', () => {
  let dataDir: string;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'jiuzhu-data-'));
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    // A last clean start+stop would be slow; stop any postmaster we left through the same helper.
    const { stopLeftoverServer } = await import('../../server/db/embedded-postgres');
    const { createLogger } = await import('../../server/log');
    await stopLeftoverServer(path.join(dataDir, 'postgres'), createLogger('silent'));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts, survives kill -9 of Node, and stops cleanly on SIGTERM with data kept', async () => {
    const [httpPort, pgPort] = await freePorts(2);
    const env = {
      DATA_DIR: dataDir,
      PORT: String(httpPort),
      EMBEDDED_PG_PORT: String(pgPort),
      ENGINE_PORT: '0',
      DEMO_PASSWORD: 'demo-password-1',
    };
    const url = `http://127.0.0.1:${env.PORT}`;

    const first = start(env);
    children.push(first.child);
    expect(await waitReady(url, first.child, first.output)).toEqual({ status: 'ready' });
    expect(first.output()).toContain('演示账号');
    first.child.kill('SIGKILL');
    await exitOf(first.child, first.output);

    const second = start(env);
    children.push(second.child);
    expect(await waitReady(url, second.child, second.output)).toEqual({ status: 'ready' });
    expect(second.output()).toContain('遗留的 PostgreSQL 进程');
    // Same data: the demo users exist, so nothing is seeded a second time.
    expect(second.output()).not.toContain('演示账号');

    second.child.kill('SIGTERM');
    expect(await exitOf(second.child, second.output)).toBe(0);
    expect(second.output()).toContain('嵌入式 PostgreSQL 已停止');
    // Two real starts (initdb on the first) and a stop, on a machine shared with the other test
    // workers: each phase has its own bound above, with the server's output when it is exceeded.
  }, 150_000);
});
