import { readFileSync } from 'node:fs';
import { DocumentRenderer } from '../server/documents/renderer';
import { finishPdf } from '../server/documents/pdf-metadata';
const sample = (n: string) => JSON.parse(readFileSync(`templates/samples/${n}.json`, 'utf8'));
const r = await DocumentRenderer.create({ size: 1 });
const t = 'grant-notice';
for (let i = 0; i < 3; i++) await r.render(t, sample(t));
const N = 8;
let a = 0,
  b = 0,
  c = 0,
  d = 0,
  e = 0,
  f = 0;
for (let i = 0; i < N; i++) {
  const data = { ...sample(t), recipient: { name: '测试' + '王李张刘陈杨黄赵'[i] } };
  let t0 = performance.now();
  const { html } = await r.html(t, data);
  a += performance.now() - t0;
  const raw = await r.pool.withPage(async (page) => {
    t0 = performance.now();
    await page.setContent(html, { waitUntil: 'load' });
    b += performance.now() - t0;
    t0 = performance.now();
    await page.evaluate(
      `(async () => { await Promise.all([...document.fonts].map((f) => f.load())); return 1; })()`,
    );
    c += performance.now() - t0;
    t0 = performance.now();
    const pdf = await page.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      tagged: true,
      outline: false,
    });
    d += performance.now() - t0;
    return pdf;
  });
  t0 = performance.now();
  await finishPdf(raw, {
    title: 'x',
    issuer: 'y',
    issuerCode: '500112',
    documentType: t,
    documentDate: '2026-11-29',
    sourceSha256: 'a'.repeat(64),
  });
  e += performance.now() - t0;
  t0 = performance.now();
  await r.render(t, data);
  f += performance.now() - t0;
}
console.log({
  html: a / N,
  setContent: b / N,
  fontsLoad: c / N,
  pdf: d / N,
  finish: e / N,
  fullRender: f / N,
});
await r.close();
