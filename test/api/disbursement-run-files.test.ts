/**
 * A run's files as the UI's run page lists and downloads them: the bank file (CSV, only for those
 * who handle payment) and a street's 花名册 (archived PDF), with the summary fields the page
 * reads. A file that no longer matches its hash is refused.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkBankFile } from '../../server/disbursement/bank-file';
import { disbursementFixtures, type DisbursementFixtures } from './support/disbursement';
import { application } from './support/applications';
import { archiveForCase, storeOf } from './support/archive';
import { Client, S1, seedFixtures, startApi, type Api, type Fixtures } from './support/harness';

let api: Api;
let fx: Fixtures;
let d: DisbursementFixtures;
let roster: { id: string; fileSha256: string };
const as = (role: Parameters<Fixtures['inside']>[0]) => Client.minted(api, fx.inside(role).id);

beforeAll(async () => {
  api = await startApi('disb_files', { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'disb-files-')) });
  fx = await seedFixtures(api);
  const created = await (await as('street_clerk')).post('/api/cases', application());
  d = await disbursementFixtures(api, created.body.id);
  roster = await archiveForCase(api, created.body.id, 'disbursement-roster');
  await api.tdb.db.disbursementRunStreet.updateMany({
    where: { runId: d.runId, streetCode: S1.code },
    data: { rosterDocumentId: roster.id },
  });
});
afterAll(() => api.close());

describe('files of a disbursement run', () => {
  it('lists the bank file and each street’s roster with the run’s totals', async () => {
    const r = await (await as('archivist')).get(`/api/disbursements/${d.runId}`);
    expect(r.status).toBe(200);
    expect(r.body.totalAmount).toBe(r.body.totals.amount);
    expect(r.body.households).toBe(r.body.totals.households);
    expect(r.body.finishedAt).toBe(r.body.paidAt);
    expect(r.body.byStreet).toEqual([
      expect.objectContaining({ streetCode: S1.code, streetName: S1.name, amount: r.body.streets[0].amount }),
    ]);
    expect(r.body.files).toEqual([
      { id: 'bank-file', kind: 'bank-file', label: `银行代发文件 ${r.body.bankFile.name}`, streetName: null },
      { id: roster.id, kind: 'roster', label: `救助金发放花名册（${S1.name}）`, streetName: S1.name },
    ]);
    const list = await (await as('archivist')).get('/api/disbursements');
    expect(list.body.items.find((x: any) => x.id === d.runId)).toMatchObject({
      totalAmount: r.body.totalAmount,
    });
  });

  it('downloads the bank file for payment staff only, checked and audited', async () => {
    const r = await (await as('district_section_head')).get(`/api/disbursements/${d.runId}/files/bank-file`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(
      checkBankFile(r.text, { columns: api.ctx.config.disbursement.bankFileColumns, header: true }).ok,
    ).toBe(true);
    const archivist = await (await as('archivist')).get(`/api/disbursements/${d.runId}/files/bank-file`);
    expect(archivist.status).toBe(403);
    expect(
      await api.tdb.db.auditEvent.count({ where: { action: 'disbursement.bank-file-downloaded' } }),
    ).toBe(1);
  });

  it('downloads a street’s roster, refuses another document and a changed file', async () => {
    const c = await as('archivist');
    const r = await c.get(`/api/disbursements/${d.runId}/files/${roster.id}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    const other = await archiveForCase(api, (await api.tdb.db.case.findFirstOrThrow()).id);
    expect((await c.get(`/api/disbursements/${d.runId}/files/${other.id}`)).status).toBe(404);
    const file = storeOf(api).pathOf(roster.fileSha256);
    chmodSync(file, 0o644);
    writeFileSync(file, '%PDF-1.4\n% changed\n');
    expect((await c.get(`/api/disbursements/${d.runId}/files/${roster.id}`)).status).toBe(409);
  });
});
