/**
 * The whole product for the browser: `startServer` exactly as `npm start` runs it — migrations,
 * demo district, the embedded engine with every model deployed, every job worker (documents are
 * rendered by the real Chromium pool) and the HTTP server with the built UI — on a fresh database
 * of the machine's PostgreSQL, an archive under a temporary folder, and ports picked by the OS.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../../server/config';
import { createLogger } from '../../../server/log';
import { startServer, type RunningServer } from '../../../server/server';
import { baseUrl } from '../../helpers/db';
import { DEMO_PASSWORD } from './server';

export interface FullServer {
  base: string;
  running: RunningServer;
  close(): Promise<void>;
}

async function admin<T>(run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: baseUrl() });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

export async function startFullServer(label: string): Promise<FullServer> {
  const name = `${label}_${randomBytes(4).toString('hex')}`.toLowerCase();
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(baseUrl());
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jz-e2e-data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url.toString(),
    PORT: '0',
    ENGINE_PORT: '0',
    DATA_DIR: dataDir,
    DEMO_PASSWORD,
    ENGINE_PASSWORD: randomBytes(12).toString('hex'),
    DOCUMENT_FONT_DIR: process.env.DOCUMENT_FONT_DIR,
  });
  const running = await startServer(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
  return {
    base: running.url,
    running,
    close: async () => {
      await running.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
