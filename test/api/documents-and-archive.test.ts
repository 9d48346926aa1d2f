/**
 * 文书 and 一户一档 over HTTP: a case's documents in order, the PDF inline or as an attachment,
 * households' files for the district archive, verification per document, the zip export, and
 * refusal of bytes that no longer match the archive. Other jurisdictions get 404.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { application } from './support/applications';
import { archiveForCase, storeOf } from './support/archive';
import { Client, seedFixtures, startApi, type Api, type Fixtures } from './support/harness';

let api: Api;
let fx: Fixtures;
let caseId: string;
let householdId: string;
const docs: { id: string; fileSha256: string; title: string }[] = [];
const as = (role: Parameters<Fixtures['inside']>[0], side: 'inside' | 'outside' = 'inside') =>
  Client.minted(api, fx[side](role).id);

beforeAll(async () => {
  api = await startApi('docs', { DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'api-docs-')) });
  fx = await seedFixtures(api);
  const created = await (await as('street_clerk')).post('/api/cases', application());
  caseId = created.body.id;
  householdId = (await api.tdb.db.case.findUniqueOrThrow({ where: { id: caseId } })).householdId;
  docs.push(await archiveForCase(api, caseId, 'acceptance-notice', '2026-03-02'));
  docs.push(await archiveForCase(api, caseId, 'home-visit-record', '2026-03-05'));
  docs.push(await archiveForCase(api, caseId, 'grant-notice', '2026-03-20'));
});
afterAll(() => api.close());

describe('documents of a case', () => {
  it('lists them in issue order with 文号, issuer, date, retention class and checksum', async () => {
    const r = await (await as('street_clerk')).get(`/api/cases/${caseId}/documents`);
    expect(r.status).toBe(200);
    expect(r.body.map((d: any) => d.type)).toEqual(['受理通知书', '入户调查表', '确认通知书']);
    expect(r.body[0]).toMatchObject({
      id: docs[0]!.id,
      caseId,
      caseNo: expect.stringMatching(/^DB-500112-/),
      issuedOn: '2026-03-02',
      retentionClass: '审批类',
      issuer: '重庆市渝北区双龙湖街道办事处',
      sha256: docs[0]!.fileSha256,
    });
    expect(r.body[2].issuer).toBe('重庆市渝北区民政局');
    expect((await (await as('street_clerk', 'outside')).get(`/api/cases/${caseId}/documents`)).status).toBe(
      404,
    );
  });

  it('serves the PDF inline, or as an attachment with ?download=1, and audits both', async () => {
    const c = await as('district_official');
    const inline = await c.get(`/api/documents/${docs[0]!.id}/file`);
    expect(inline.status).toBe(200);
    expect(inline.headers.get('content-type')).toBe('application/pdf');
    expect(inline.headers.get('content-disposition')).toMatch(/^inline; .*filename\*=UTF-8''%E5%8F%97/);
    expect(inline.text.startsWith('%PDF-')).toBe(true);
    const attached = await c.get(`/api/documents/${docs[0]!.id}/file?download=1`);
    expect(attached.headers.get('content-disposition')).toMatch(/^attachment; /);
    const events = await api.tdb.db.auditEvent.findMany({
      where: { action: { in: ['document.viewed', 'document.downloaded'] } },
    });
    expect(events.map((e) => e.action).sort()).toEqual(['document.downloaded', 'document.viewed']);
    expect(
      (await (await as('district_official', 'outside')).get(`/api/documents/${docs[0]!.id}/file`)).status,
    ).toBe(404);
    expect((await (await as('admin')).get(`/api/documents/${docs[0]!.id}/file`)).status).toBe(403);
  });
});

describe('the archive (一户一档)', () => {
  it('lists households with documents in the district, applicant masked, and finds them by name', async () => {
    const c = await as('archivist');
    const all = await c.get('/api/archive/households');
    expect(all.status).toBe(200);
    expect(all.body.items).toEqual([
      expect.objectContaining({
        id: householdId,
        applicantName: '王芳',
        applicantIdNumber: expect.stringContaining('*'),
        streetName: '双龙湖街道',
        documents: 3,
      }),
    ]);
    expect((await c.get(`/api/archive/households?q=${encodeURIComponent('王芳')}`)).body.total).toBe(1);
    expect((await c.get(`/api/archive/households?q=${encodeURIComponent('李四')}`)).body.total).toBe(0);
    expect((await (await as('archivist', 'outside')).get('/api/archive/households')).body.total).toBe(0);
    expect((await (await as('street_clerk')).get('/api/archive/households')).status).toBe(403);
  });

  it('shows a household’s file in order', async () => {
    const r = await (await as('archivist')).get(`/api/archive/households/${householdId}`);
    expect(r.status).toBe(200);
    expect(r.body.household.documents).toBe(3);
    expect(r.body.documents.map((d: any) => d.id)).toEqual(docs.map((d) => d.id));
    expect(
      (await (await as('archivist', 'outside')).get(`/api/archive/households/${householdId}`)).status,
    ).toBe(404);
  });

  it('exports the file as a zip with every PDF and the manifests', async () => {
    const r = await fetch(`${api.base}/api/archive/households/${householdId}/export`, {
      headers: { cookie: (await as('archivist')).cookie! },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/zip');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'api-export-'));
    const zip = path.join(dir, 'x.zip');
    writeFileSync(zip, Buffer.from(await r.arrayBuffer()));
    const listing = execFileSync(
      'python3',
      ['-c', 'import sys,zipfile;print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', zip],
      {
        encoding: 'utf8',
      },
    );
    expect(listing.trim().split('\n').sort()).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'manifest.xml',
        expect.stringMatching(/^documents\/001-受理通知书/),
      ]),
    );
    expect(listing.match(/^documents\//gm)).toHaveLength(3);
    expect(await api.tdb.db.auditEvent.count({ where: { action: 'archive.exported' } })).toBe(1);
  });

  it('verifies every document, then names the one whose file was changed and refuses its bytes', async () => {
    const c = await as('archivist');
    const good = await c.post(`/api/archive/households/${householdId}/verification`);
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ ok: true, chain: { ok: true, problem: null } });
    expect(good.body.documents.every((d: any) => d.ok)).toBe(true);

    const file = storeOf(api).pathOf(docs[1]!.fileSha256);
    chmodSync(file, 0o644);
    writeFileSync(file, '%PDF-1.4\n% changed\n%%EOF\n');
    const bad = await c.post(`/api/archive/households/${householdId}/verification`);
    expect(bad.body.ok).toBe(false);
    expect(bad.body.documents.map((d: any) => d.ok)).toEqual([true, false, true]);
    expect(bad.body.documents[1].problem).toContain('文件已被改动');
    const refused = await c.get(`/api/documents/${docs[1]!.id}/file`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('拒绝下载');
    const noExport = await c.get(`/api/archive/households/${householdId}/export`);
    expect(noExport.status).toBe(409);
    expect(
      (await api.tdb.db.auditEvent.findMany({ where: { action: { startsWith: 'archive.verif' } } })).map(
        (e) => e.action,
      ),
    ).toEqual(['archive.verified', 'archive.verification-failed']);
  });
});
