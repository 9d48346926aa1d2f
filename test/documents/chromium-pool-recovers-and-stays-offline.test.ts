/**
 * The Chromium pool: pages run without JavaScript and reach nothing but data: URLs; the browser is
 * relaunched after a crash (the document in flight is tried again), after N documents, and after
 * a timeout; profiles of dead processes are removed.
 */
import { existsSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BrowserPool, removeStaleProfiles, treeRssMb } from '../../server/documents/browser-pool';
import { DocumentRenderer } from '../../server/documents/renderer';
import { sample } from './helpers';

test('pages run no JavaScript and load nothing from the network', async () => {
  let requests = 0;
  const server = http.createServer((_req, res) => {
    requests++;
    res.end('x');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const pool = new BrowserPool({ size: 1 });
  try {
    const title = await pool.withPage(async (page) => {
      await page.setContent(
        `<title>t</title><img src="http://127.0.0.1:${port}/a.png"><link rel="stylesheet" href="http://127.0.0.1:${port}/b.css"><script>document.title = 'ran'</script><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">`,
        { waitUntil: 'load' },
      );
      return page.title();
    });
    expect(title).toBe('t');
    expect(requests).toBe(0);
  } finally {
    await pool.close();
    server.close();
  }
});

describe('a renderer whose browser fails', () => {
  let renderer: DocumentRenderer;
  beforeAll(async () => {
    renderer = await DocumentRenderer.create({ size: 1, recycleAfter: 3 });
  });
  afterAll(() => renderer?.close());

  it('relaunches after a crash and still renders the document', async () => {
    await renderer.render('acceptance-notice', sample('acceptance-notice'));
    const launches = renderer.pool.launches;
    const pid = await renderer.pool.browserPid();
    const pending = renderer.render('grant-notice', sample('grant-notice'));
    process.kill(pid!, 'SIGKILL');
    const doc = await pending;
    expect(doc.pages).toBeGreaterThan(0);
    expect(renderer.pool.launches).toBeGreaterThan(launches);
    expect(await renderer.pool.browserPid()).not.toBe(pid);
  });

  it('relaunches after N documents', async () => {
    const before = renderer.pool.launches;
    for (let i = 0; i < 4; i++) await renderer.render('public-notice', sample('public-notice'));
    expect(renderer.pool.launches).toBeGreaterThan(before);
    const pid = await renderer.pool.browserPid();
    expect(treeRssMb(pid!)).toBeGreaterThan(10);
  });
});

test('a document that takes too long fails with a Chinese message and the next one renders', async () => {
  const renderer = await DocumentRenderer.create({ size: 1, timeoutMs: 1000 });
  try {
    const roster = sample('disbursement-roster') as { rows: unknown[] };
    const rows = Array.from({ length: 40 }, () => roster.rows).flat();
    await expect(renderer.render('disbursement-roster', { ...roster, rows })).rejects.toThrow(
      /生成超时（超过 1 秒），已重启 Chromium/,
    );
    const doc = await renderer.render('acceptance-notice', sample('acceptance-notice'));
    expect(doc.pages).toBeGreaterThan(0);
  } finally {
    await renderer.close();
  }
}, 60_000);

test('profiles left by processes that no longer exist are removed at launch', () => {
  const stale = path.join(os.tmpdir(), 'jiuzhu-chromium-999999999-test');
  const mine = path.join(os.tmpdir(), `jiuzhu-chromium-${process.pid}-test`);
  mkdirSync(stale, { recursive: true });
  mkdirSync(mine, { recursive: true });
  expect(removeStaleProfiles()).toBeGreaterThanOrEqual(1);
  expect(existsSync(stale)).toBe(false);
  expect(existsSync(mine)).toBe(true);
});
