/**
 * Serves the built web UI (ui/dist): hashed assets with a year-long immutable cache, index.html
 * never cached (so a new build is picked up at once), and the SPA fallback — any GET that is not
 * under /api and asks for HTML gets index.html, so deep links such as /cases/<id> work on reload.
 * Without a build (ui/dist/index.html missing) nothing is mounted and such paths answer 404.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import { UI_DIST_DIR } from './paths';

export function mountUi(app: Express, dir = UI_DIST_DIR): boolean {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) return false;
  app.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }),
  );
  app.use(
    express.static(dir, {
      index: false,
      maxAge: '1h',
      setHeaders: (res, file) => {
        if (file.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  app.get(/^(?!\/api(\/|$)|\/assets\/|\/healthz$|\/readyz$).*/, (req, res, next) => {
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
