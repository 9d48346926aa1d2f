/** The OpenAPI document covers every registered route; /api/docs renders it in a real Chromium from local files only. */
import puppeteer from 'puppeteer-core';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiRoutes } from '../../server/api/registry';
import { startApi, type Api } from './support/harness';

let api: Api;
beforeAll(async () => {
  api = await startApi('docs');
});
afterAll(() => api.close());

describe('OpenAPI document', () => {
  it('describes every registered route with its schemas, problems and security', async () => {
    const doc = (await (await fetch(`${api.base}/api/openapi.json`)).json()) as any;
    expect(doc.openapi).toBe('3.0.3');
    for (const r of apiRoutes) {
      const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method];
      expect([r.method, r.path, Boolean(op)]).toEqual([r.method, r.path, true]);
      expect(op.responses['400'].content['application/problem+json'].schema.$ref).toBe(
        '#/components/schemas/Problem',
      );
      if (r.access.kind === 'public') expect(op.security).toEqual([]);
      else expect(op.security[0]).toHaveProperty('session');
      if (r.body) expect(op.requestBody.content['application/json'].schema).toBeDefined();
    }
    expect(doc.components.schemas.Application.properties.members.type).toBe('array');
    expect(doc.components.schemas.Application.properties.members.items.properties.idNumber.type).toBe(
      'string',
    );
  });
});

describe('/api/docs', () => {
  it('renders the API reference in Chromium without any remote request', async () => {
    const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'jz-docs-'));
    const browser = await puppeteer.launch({
      executablePath: '/usr/bin/chromium',
      userDataDir,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      const urls: string[] = [];
      page.on('request', (req) => urls.push(req.url()));
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${api.base}/api/docs`, { waitUntil: 'networkidle0' });
      await page.waitForSelector('.swagger-ui .info .title', { timeout: 20_000 });
      const title = await page.$eval('.swagger-ui .info .title', (el) => el.textContent ?? '');
      expect(title).toContain('救助帮扶审批 API');
      const operations = await page.$$eval('.opblock', (els) => els.length);
      expect(operations).toBe(apiRoutes.length);
      expect(urls.filter((u) => !u.startsWith(api.base) && !u.startsWith('data:'))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });
});
