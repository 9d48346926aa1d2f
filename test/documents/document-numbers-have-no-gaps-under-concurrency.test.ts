/**
 * 发文字号 per issuer and year: concurrent documents get 1, 2, 3, … without gaps, a render that
 * fails gives its number back, and two concurrent runs of the same job archive one document.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendDocument } from '../../server/documents/archive/append';
import { FileStore } from '../../server/documents/archive/file-store';
import { formatDocumentNumber, issuerPrefix } from '../../server/documents/archive/numbering';
import { verifyChain } from '../../server/documents/archive/verify';
import { documentSpec } from '../../server/documents/catalog';
import { issuerOf } from '../../server/documents/issuer';
import { DocumentRenderer } from '../../server/documents/renderer';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { sample, seedCase } from './helpers';

let t: TestDatabase;
let renderer: DocumentRenderer;
let store: FileStore;
let dir: string;
const issuer = issuerOf(
  'district',
  { code: '500112', name: '渝北区', shortName: '渝北' },
  { code: '500112001', name: '双龙湖街道' },
);

beforeAll(async () => {
  t = await createTestDatabase('numbers');
  renderer = await DocumentRenderer.create();
  dir = mkdtempSync(path.join(os.tmpdir(), 'jiuzhu-numbers-'));
  store = new FileStore(dir);
}, 60_000);
afterAll(async () => {
  await renderer?.close();
  await t?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function grant(
  seeded: Awaited<ReturnType<typeof seedCase>>,
  opts: { key?: string; fail?: boolean; date?: string } = {},
) {
  const date = opts.date ?? '2026-12-01';
  return appendDocument(t.db, store, {
    spec: documentSpec('grant-notice'),
    districtCode: seeded.districtCode,
    streetCode: seeded.streetCode,
    householdId: seeded.household.id,
    caseId: seeded.case.id,
    issuer,
    documentDate: date,
    idempotencyKey: opts.key,
    render: async (documentNumber) => {
      if (opts.fail) throw new Error('渲染失败（测试）');
      return renderer.render('grant-notice', {
        ...sample('grant-notice'),
        issuer: { code: issuer.code, name: issuer.name },
        date,
        documentNumber,
      });
    },
  });
}

test('formats 发文字号 as GB/T 9704 writes them', () => {
  expect(issuerPrefix('渝北')).toBe('渝北民救');
  expect(issuerPrefix('渝北', '双龙湖街道')).toBe('渝北双龙湖民救');
  expect(issuerPrefix('武隆', '仙女山镇')).toBe('武隆仙女山民救');
  expect(formatDocumentNumber('渝北民救', 2026, 12)).toBe('渝北民救〔2026〕12号');
  expect(() => formatDocumentNumber('渝北民救', 2026, 0)).toThrow('发文顺序号无效');
});

test('concurrent documents of one issuer get consecutive numbers; a failed render gives its number back', async () => {
  const seeded = [];
  for (let i = 0; i < 6; i++) seeded.push(await seedCase(t.db));
  const results = await Promise.allSettled(seeded.map((s, i) => grant(s, { fail: i === 2 })));
  expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  const numbers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.document.documentNumber] : []));
  expect(numbers.sort()).toEqual([1, 2, 3, 4, 5].map((n) => `渝北民救〔2026〕${n}号`).sort());
  const counter = await t.db.documentNumberCounter.findUniqueOrThrow({
    where: { issuerCode_year: { issuerCode: '500112', year: 2026 } },
  });
  expect(counter.last).toBe(5);
  // A new year starts again at 1.
  const next = await grant(seeded[0]!, { date: '2027-01-04' });
  expect(next.document.documentNumber).toBe('渝北民救〔2027〕1号');
  expect((await verifyChain(t.db, store, { districtCode: '500112' })).ok).toBe(true);
}, 120_000);

test('two concurrent runs of the same job archive one document with one number', async () => {
  const s = await seedCase(t.db);
  const [a, b] = await Promise.all([grant(s, { key: 'job:9001' }), grant(s, { key: 'job:9001' })]);
  expect(a.document.id).toBe(b.document.id);
  expect([a.created, b.created].sort()).toEqual([false, true]);
  expect(await t.db.archiveDocument.count({ where: { idempotencyKey: 'job:9001' } })).toBe(1);
  const all = await t.db.archiveDocument.findMany({
    where: { documentNumber: { startsWith: '渝北民救〔2026〕' } },
  });
  const seqs = all.map((d) => Number(/〕(\d+)号/.exec(d.documentNumber!)![1])).sort((x, y) => x - y);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
}, 60_000);
