/**
 * Feature: the server serves the built UI (server/ui-static.ts) under its Content-Security-Policy:
 * deep links get index.html, hashed assets are cached for good, API paths stay API answers.
 */
import { startUiServer, type UiServer } from './support/server';

let server: UiServer;

beforeAll(async () => {
  server = await startUiServer('e2e_static');
});
afterAll(async () => {
  await server?.close();
});

const html = { accept: 'text/html,application/xhtml+xml' };

describe('serving the UI', () => {
  it('answers a deep link with index.html, never cached, under a CSP without inline scripts', async () => {
    const r = await fetch(`${server.base}/cases/0d5c7e0e-0000-4000-8000-000000000000`, { headers: html });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(r.headers.get('cache-control')).toBe('no-cache');
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    const body = await r.text();
    expect(body).toContain('<div id="app">');
    // Every script is a file of this server: nothing inline, nothing remote.
    const scripts = [...body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) expect(attrs).toMatch(/src="\/assets\/[^"]+\.js"/);
    expect(body).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('caches hashed assets for a year and answers a missing asset with 404, not the page', async () => {
    const index = await (await fetch(`${server.base}/`, { headers: html })).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index)![1]!;
    const r = await fetch(server.base + asset);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
    const missing = await fetch(`${server.base}/assets/not-built-0000.js`, { headers: html });
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<div id="app">');
  });

  it('keeps unknown API paths as zh-CN problem answers even when a browser asks for HTML', async () => {
    const r = await fetch(`${server.base}/api/no-such-route`, { headers: html });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await r.json()) as { title: string }).title).toBe('未找到');
  });
});
