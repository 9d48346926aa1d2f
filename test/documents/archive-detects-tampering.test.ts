/**
 * The archive (一户一档) against the real database and real PDFs: a household's file in order,
 * download, district scoping, the zip export with its manifests, append-only rows, and
 * verification that detects a changed file, a changed row, a removed row and a removed last row.
 * Tampering bypasses the append-only trigger the way a database superuser could
 * (session_replication_role = replica).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { appendDocument } from '../../server/documents/archive/append';
import { exportHousehold } from '../../server/documents/archive/export';
import { FileStore, sha256 } from '../../server/documents/archive/file-store';
import { downloadDocument, getDocument, listHouseholdFile } from '../../server/documents/archive/queries';
import { verifyChain, verifyDocument, verifyEverything } from '../../server/documents/archive/verify';
import { documentSpec } from '../../server/documents/catalog';
import { issuerOf } from '../../server/documents/issuer';
import { DocumentRenderer } from '../../server/documents/renderer';
import { ROOT } from '../../server/paths';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { sample, seedCase } from './helpers';

let t: TestDatabase;
let renderer: DocumentRenderer;
let store: FileStore;
let dir: string;
const YB = { districtCode: '500112' };
const district = { code: '500112', name: '渝北区', shortName: '渝北' };
const street = { code: '500112001', name: '双龙湖街道' };

beforeAll(async () => {
  t = await createTestDatabase('archive');
  renderer = await DocumentRenderer.create();
  dir = mkdtempSync(path.join(os.tmpdir(), 'jiuzhu-archive-'));
  store = new FileStore(path.join(dir, 'store'));
}, 60_000);
afterAll(async () => {
  await renderer?.close();
  await t?.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function archive(template: string, seeded: Awaited<ReturnType<typeof seedCase>>, date: string) {
  const spec = documentSpec(template);
  const issuer = issuerOf(spec.issuerLevel, district, street);
  const { document } = await appendDocument(t.db, store, {
    spec,
    districtCode: seeded.districtCode,
    streetCode: seeded.streetCode,
    householdId: seeded.household.id,
    caseId: seeded.case.id,
    issuer,
    documentDate: date,
    render: (documentNumber) =>
      renderer.render(template, {
        ...sample(template),
        issuer: { code: issuer.code, name: issuer.name },
        date,
        documentNumber,
      }),
  });
  return document;
}

/** `npm run archive:verify` against this test's schema and store. */
function archiveVerify() {
  return spawnSync(process.execPath, ['--import', 'tsx', 'server/documents/archive/verify-cli.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      ARCHIVE_DIR: store.root,
      LOG_LEVEL: 'silent',
      NODE_OPTIONS: '',
    },
  });
}

/** Runs SQL with the append-only trigger bypassed, as a database superuser could. */
async function tamper(sql: string, ...values: unknown[]) {
  await t.db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
    await tx.$executeRawUnsafe(sql, ...values);
  });
}

describe('a household file of four documents', () => {
  let seeded: Awaited<ReturnType<typeof seedCase>>;
  let ids: string[];

  beforeAll(async () => {
    seeded = await seedCase(t.db);
    // Archived out of date order on purpose: the file lists by 成文日期.
    const a = await archive('acceptance-notice', seeded, '2026-11-20');
    const h = await archive('home-visit-record', seeded, '2026-11-24');
    const g = await archive('grant-notice', seeded, '2026-11-29');
    const s = await archive('supplement-notice', seeded, '2026-11-19');
    ids = [s.id, a.id, h.id, g.id];
  }, 120_000);

  it('lists the file in order with issuer, date, 文号, retention and checksum', async () => {
    const file = await listHouseholdFile(t.db, YB, seeded.household.id);
    expect(file.map((d) => d.id)).toEqual(ids);
    expect(file.map((d) => [d.title, d.documentNumber, d.documentDate])).toEqual([
      ['补正材料一次性告知书', '渝北双龙湖民救〔2026〕2号', '2026-11-19'],
      ['受理通知书', '渝北双龙湖民救〔2026〕1号', '2026-11-20'],
      ['入户调查表', null, '2026-11-24'],
      ['确认通知书', '渝北民救〔2026〕1号', '2026-11-29'],
    ]);
    expect(file[3]).toMatchObject({
      issuerName: '重庆市渝北区民政局',
      issuerCode: '500112',
      retentionClass: 'approval',
      retentionYears: 3,
      retentionUntil: null,
    });
    for (const d of file) expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('downloads a document whose bytes match the archived SHA-256, only within its district', async () => {
    const { pdf, fileName, document } = await downloadDocument(t.db, store, YB, ids[3]!);
    expect(sha256(pdf)).toBe(document.sha256);
    expect(fileName).toBe('确认通知书-渝北民救〔2026〕1号.pdf');
    await expect(getDocument(t.db, { districtCode: '500105' }, ids[3]!)).rejects.toThrow(
      '不存在或不属于本区县',
    );
    await expect(listHouseholdFile(t.db, { districtCode: '500105' }, seeded.household.id)).rejects.toThrow(
      '不属于本区县',
    );
  });

  it('exports the file as a zip with the PDFs and JSON and XML manifests of metadata and hashes', async () => {
    const { zip, manifest } = await exportHousehold(t.db, store, YB, seeded.household.id);
    expect(manifest.documents).toHaveLength(4);
    const zipFile = path.join(dir, 'export.zip');
    await pipeline(zip, createWriteStream(zipFile));
    const out = path.join(dir, 'unzipped');
    execFileSync('unzip', ['-q', '-o', zipFile, '-d', out]);
    const json = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as typeof manifest;
    expect(json.documents.map((d) => d.id)).toEqual(ids);
    for (const d of json.documents)
      expect(sha256(readFileSync(path.join(out, 'documents', d.file)))).toBe(d.sha256);
    const xml = readFileSync(path.join(out, 'manifest.xml'), 'utf8');
    expect(xml).toContain('<documentNumber>渝北民救〔2026〕1号</documentNumber>');
    expect(xml).toContain(`<file-hash algorithm="SHA-256" size="${json.documents[0]!.size}"`);
    expect(xml.match(/<document /g)).toHaveLength(4);
  });

  it('is append-only: the database refuses to change or delete a row', async () => {
    await expect(
      t.db.archiveDocument.update({ where: { id: ids[0]! }, data: { title: '改' } }),
    ).rejects.toThrow(/只能追加/);
    await expect(t.db.archiveDocument.delete({ where: { id: ids[0]! } })).rejects.toThrow(/只能追加/);
  });

  it('verifies the whole chain when nothing was touched', async () => {
    expect(await verifyChain(t.db, store, YB)).toEqual({ ok: true, checked: 4, problems: [] });
    expect((await verifyDocument(t.db, store, YB, ids[2]!)).ok).toBe(true);
    const run = archiveVerify();
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('档案校验：1 个区县，4 份档案');
    expect(run.stdout).toContain('结果：全部一致');
  });
});

describe('verification detects tampering', () => {
  // Each case works in its own district so that the cases do not disturb one another.
  let n = 0;
  async function chainOfThree() {
    n++;
    const districtCode = `5009${String(n).padStart(2, '0')}`;
    await t.db.district.create({ data: { code: districtCode, name: '测试区', shortName: '测试' } });
    const seeded = await seedCase(t.db, { districtCode });
    const docs = [];
    for (const [tpl, date] of [
      ['acceptance-notice', '2026-11-20'],
      ['home-visit-record', '2026-11-24'],
      ['grant-notice', '2026-11-29'],
    ] as const) {
      docs.push(await archive(tpl, seeded, date));
    }
    return { scope: { districtCode }, docs, seeded };
  }

  it('a changed file (and refuses to download or export it)', async () => {
    const { scope, docs, seeded } = await chainOfThree();
    const file = store.pathOf(docs[1]!.fileSha256);
    chmodSync(file, 0o644);
    const bytes = readFileSync(file);
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0xff;
    writeFileSync(file, bytes);
    const r = await verifyChain(t.db, store, scope);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      expect.objectContaining({
        kind: 'file_changed',
        chainSeq: 2,
        message: expect.stringContaining('文件已被改动'),
      }),
    ]);
    expect((await verifyDocument(t.db, store, scope, docs[1]!.id)).problems[0]!.kind).toBe('file_changed');
    await expect(downloadDocument(t.db, store, scope, docs[1]!.id)).rejects.toThrow('拒绝下载');
    await expect(exportHousehold(t.db, store, scope, seeded.household.id)).rejects.toThrow('不能导出');
  });

  it('a changed row', async () => {
    const { scope, docs } = await chainOfThree();
    await tamper(
      'UPDATE archive_document SET document_date = $1::date WHERE id = $2::uuid',
      '2026-11-01',
      docs[2]!.id,
    );
    const r = await verifyChain(t.db, store, scope);
    expect(r.problems).toEqual([
      expect.objectContaining({
        kind: 'row_changed',
        chainSeq: 3,
        message: expect.stringContaining('档案记录已被改动'),
      }),
    ]);
  });

  it('a row rewritten with a recomputed hash breaks the link to the next row', async () => {
    const { scope, docs } = await chainOfThree();
    const { rowHash } = await import('../../server/documents/archive/chain');
    const row = await t.db.archiveDocument.findUniqueOrThrow({ where: { id: docs[0]!.id } });
    const forged = { ...row, title: '伪造的通知书' };
    await tamper(
      'UPDATE archive_document SET title = $1, row_hash = $2 WHERE id = $3::uuid',
      forged.title,
      rowHash(forged),
      row.id,
    );
    const r = await verifyChain(t.db, store, scope);
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'link_broken', chainSeq: 2 })]);
    expect((await verifyDocument(t.db, store, scope, docs[0]!.id)).problems).toEqual([
      expect.objectContaining({ kind: 'link_broken', message: expect.stringContaining('后一份') }),
    ]);
  });

  it('a removed row in the middle', async () => {
    const { scope, docs } = await chainOfThree();
    await tamper('DELETE FROM archive_document WHERE id = $1::uuid', docs[1]!.id);
    const r = await verifyChain(t.db, store, scope);
    expect(r.problems).toEqual([
      expect.objectContaining({
        kind: 'row_missing',
        chainSeq: 2,
        message: expect.stringContaining('已被删除'),
      }),
    ]);
    expect((await verifyDocument(t.db, store, scope, docs[2]!.id)).problems[0]!.kind).toBe('row_missing');
  });

  it('a removed last row', async () => {
    const { scope, docs } = await chainOfThree();
    await tamper('DELETE FROM archive_document WHERE id = $1::uuid', docs[2]!.id);
    const r = await verifyChain(t.db, store, scope);
    expect(r.problems).toEqual([
      expect.objectContaining({
        kind: 'row_missing',
        message: expect.stringContaining('末尾的档案记录已被删除'),
      }),
    ]);
  });

  it('and the check over every district reports them all', async () => {
    const all = await verifyEverything(t.db, store);
    expect(all.ok).toBe(false);
    expect(new Set(all.problems.map((p) => p.kind))).toEqual(
      new Set(['file_changed', 'row_changed', 'link_broken', 'row_missing']),
    );
    expect(all.districts).toContain('500112');
    expect(all.problems.some((p) => p.districtCode === '500112')).toBe(false);
    const run = archiveVerify();
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`结果：发现 ${all.problems.length} 处问题`);
    expect(run.stdout).toContain('文件已被改动');
  });
});
