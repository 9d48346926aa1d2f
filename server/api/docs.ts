/**
 * `/api/openapi.json` and the rendered view at `/api/docs`: Swagger UI served from the
 * swagger-ui-dist package on this server (no remote resources; the CSP allows only 'self').
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Express } from 'express';
import { buildOpenApi } from './openapi';
import type { AnyRoute } from './route';

const uiDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>救助帮扶审批 API 文档</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<div id="ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#ui', deepLinking: true,
  requestInterceptor: (req) => { const t = sessionStorage.getItem('csrfToken'); if (t) req.headers['X-CSRF-Token'] = t; return req; },
  responseInterceptor: (res) => { if (res.body && res.body.csrfToken) sessionStorage.setItem('csrfToken', res.body.csrfToken); return res; } });
`;

export function mountDocs(app: Express, routes: readonly AnyRoute[]): void {
  let doc: unknown;
  app.get('/api/openapi.json', (_req, res) => {
    doc ??= buildOpenApi(routes);
    res.json(doc);
  });
  app.get('/api/docs', (_req, res) => {
    res.type('html').send(PAGE);
  });
  app.get('/api/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  app.use('/api/docs/assets', express.static(uiDir, { index: false, fallthrough: true, maxAge: '1d' }));
}
