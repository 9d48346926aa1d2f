/**
 * The real server as `npm start` runs it — `node --import tsx server/main.ts` in a child process —
 * with the embedded engine on its own port, either on a fresh PostgreSQL database of the machine's
 * cluster (CREATE DATABASE, dropped at the end) or, as `npm start` does by default, on its own
 * embedded PostgreSQL under DATA_DIR. For the reliability suite (kill -9 and restart on the same
 * data) and the load bench (HTTP from another process than the one measured).
 *
 *   const db = await createFreshDatabase('rel');
 *   const server = await startServerProcess({ databaseUrl: db.url });
 *   // or: startServerProcess({ env: { DATA_DIR } })  → embedded PostgreSQL, server.databaseUrl
 *   await server.kill9(); await server.restart();     // same ports, same database
 *   await server.stop(); await db.drop();
 *
 * SERVER_NODE_ARGS adds Node flags to the child (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`; a
 * profile is written on a clean stop, not on kill -9).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { EMBEDDED_DATABASE, stopLeftoverServer } from '../../server/db/embedded-postgres';
import { createLogger } from '../../server/log';
import { ROOT } from '../../server/paths';
import { baseUrl } from './db';

/** Distinct free ports: every socket stays open until all are picked, so none is handed out twice. */
export async function freePorts(n: number): Promise<number[]> {
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

export interface FreshDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on DATABASE_URL's cluster; the server migrates and seeds it itself. */
export async function createFreshDatabase(label: string): Promise<FreshDatabase> {
  const name = `${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: baseUrl() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  const u = new URL(baseUrl());
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
  };
}

export interface ServerProcess {
  url: string;
  /** The database the server runs on (for the embedded PostgreSQL: its URL with the password). */
  databaseUrl: string;
  /** The embedded engine's REST address and basic-auth credentials (CAMUNDA_* for a client). */
  engine: { address: string; user: string; password: string };
  demoPassword: string;
  child: ChildProcess;
  /** Everything the current child wrote (stdout + stderr). */
  output(): string;
  /** SIGKILL, as a crash or `kill -9` would: no shutdown hook runs. */
  kill9(): Promise<void>;
  /** Starts a new child on the same database and ports; resolves when /readyz answers 200. */
  restart(): Promise<void>;
  /** SIGTERM and wait for the exit (clean shutdown). */
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Unset: the default of `npm start`, an embedded PostgreSQL under `env.DATA_DIR`. */
  databaseUrl?: string;
  /** Further environment (settings of server/config.ts). */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

export async function startServerProcess(opts: ServerProcessOptions): Promise<ServerProcess> {
  const [httpPort, enginePort, pgPort] = await freePorts(3);
  const dataDir = opts.env?.DATA_DIR;
  if (!opts.databaseUrl && !dataDir) throw new Error('embedded PostgreSQL needs env.DATA_DIR');
  const engine = {
    address: `http://127.0.0.1:${enginePort}`,
    user: 'engine',
    password: randomBytes(12).toString('hex'),
  };
  const demoPassword = `Demo-${randomBytes(6).toString('hex')}`;
  const url = `http://127.0.0.1:${httpPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: '',
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATABASE_URL: opts.databaseUrl,
    EMBEDDED_PG_PORT: String(pgPort),
    PORT: String(httpPort),
    ENGINE_PORT: String(enginePort),
    ENGINE_USER: engine.user,
    ENGINE_PASSWORD: engine.password,
    DEMO_PASSWORD: demoPassword,
    SEED_DEMO: 'true',
    ...opts.env,
  };
  if (!opts.databaseUrl) delete env.DATABASE_URL;
  let child!: ChildProcess;
  let out = '';
  const spawnChild = async () => {
    out = '';
    child = spawn(
      process.execPath,
      [
        ...(process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
        '--import',
        'tsx',
        'server/main.ts',
      ],
      {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.on('data', (d: Buffer) => (out = (out + d).slice(-200_000)));
    child.stderr!.on('data', (d: Buffer) => (out = (out + d).slice(-200_000)));
    await waitReady(url, child, () => out, opts.readyTimeoutMs ?? 60_000);
  };
  const exited = (c: ChildProcess) =>
    c.exitCode !== null || c.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((r) => c.once('exit', () => r()));
  await spawnChild();
  const embeddedDir = dataDir && path.join(path.resolve(dataDir), 'postgres');
  const databaseUrl =
    opts.databaseUrl ??
    `postgresql://postgres:${encodeURIComponent(readFileSync(`${embeddedDir}.password`, 'utf8').trim())}` +
      `@127.0.0.1:${pgPort}/${EMBEDDED_DATABASE}`;
  return {
    url,
    databaseUrl,
    engine,
    demoPassword,
    get child() {
      return child;
    },
    output: () => out,
    kill9: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
    restart: spawnChild,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited(child);
        clearTimeout(timer);
      }
      // A PostgreSQL left running by a killed server (or a server that had to be killed).
      if (!opts.databaseUrl) await stopLeftoverServer(embeddedDir!, createLogger('silent'));
    },
  };
}

async function waitReady(url: string, child: ChildProcess, output: () => string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output()}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server not ready within ${ms} ms:\n${output()}`);
}
