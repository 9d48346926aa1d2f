/**
 * Feature: the monthly run through the JSON API, as a district office uses it before the engine
 * is connected: start (twice), follow progress and totals, download the bank file, approve with
 * two people; a household's payment history and the re-checks due, seen from the street.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkBankFile } from '../../server/disbursement/bank-file';
import { bankFileDir, writeBankFile } from '../../server/disbursement/bank-file-store';
import { computeRun } from '../../server/disbursement/compute';
import { enrolRecipient } from '../../server/disbursement/enrolment';
import { addMonths, chinaMonth } from '../../server/disbursement/months';
import { application } from './support/applications';
import { A, Client, S1, seedFixtures, startApi, type Api, type Fixtures } from './support/harness';

let api: Api;
let fx: Fixtures;
let official: Client;
let section: Client;
let clerk: Client;
let householdId: string;
let recipientId: string;
const month = addMonths(chinaMonth(), -1);

beforeAll(async () => {
  api = await startApi('disb_http', { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'disb-http-')) });
  fx = await seedFixtures(api);
  official = await Client.minted(api, fx.inside('district_official').id);
  section = await Client.minted(api, fx.inside('district_section_head').id);
  clerk = await Client.minted(api, fx.inside('street_clerk').id);
  const created = await clerk.post('/api/cases', application());
  expect(created.status).toBe(201);
  const e = await enrolRecipient(
    api.tdb.db,
    { caseId: created.body.id, approvedAmount: 1340, startMonth: month },
    { rounding: 'half-up' },
  );
  recipientId = e.recipientId;
  householdId = (await api.tdb.db.recipient.findUniqueOrThrow({ where: { id: recipientId } })).householdId;
});
afterAll(() => api.close());

describe('a monthly run over HTTP', () => {
  let runId: string;

  it('starts the month once: the second start returns the same run and pays nothing twice', async () => {
    const first = await official.post('/api/disbursements', { month });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: true, month, status: 'pending', workflowConnected: false });
    runId = first.body.id;
    const again = await official.post('/api/disbursements', { month });
    expect(again.body).toMatchObject({ created: false, id: runId });
    const actions = (
      await api.tdb.db.auditEvent.findMany({ where: { action: { startsWith: 'disbursement.' } } })
    ).map((a) => a.action);
    expect(actions).toEqual(['disbursement.run-opened', 'disbursement.run-start-repeated']);
  });

  it('refuses a future month and a month after an unapproved one, in zh-CN, changing nothing', async () => {
    const future = await official.post('/api/disbursements', { month: addMonths(chinaMonth(), 1) });
    expect([future.status, future.body.detail]).toEqual([400, expect.stringContaining('不能为未来月份')]);
    const later = await official.post('/api/disbursements', { month: chinaMonth() });
    expect([later.status, later.body.detail]).toEqual([
      409,
      `${month} 的发放尚未审批（待计算），请先完成该月发放`,
    ]);
    const bad = await official.post('/api/disbursements', { month: '2026-13' });
    expect([bad.status, bad.body.errors]).toEqual([400, [{ field: 'month', message: '应为 YYYY-MM' }]]);
    expect(await api.tdb.db.disbursementRun.count()).toBe(1);
  });

  it('shows progress and totals once computed, and serves a bank file whose TOTAL line checks', async () => {
    await computeRun(api.tdb.db, runId, { rounding: 'half-up', backPayMonths: 12 });
    await writeBankFile(api.tdb.db, runId, {
      columns: ['seq', 'account', 'holder', 'amount'],
      header: true,
      dir: bankFileDir(api.ctx.config.dataDir),
    });
    await api.tdb.db.disbursementRun.update({ where: { id: runId }, data: { status: 'awaiting_approval' } });
    const detail = await section.get(`/api/disbursements/${runId}`);
    expect(detail.body).toMatchObject({
      status: 'awaiting_approval',
      progress: { done: 1, total: 1, percent: 100 },
      totals: { households: 1, lines: 1, amount: '1340.00', missingAccounts: 0 },
      streets: [{ streetCode: S1.code, households: 1, amount: '1340.00', computed: true }],
    });
    const file = await official.get(`/api/disbursements/${runId}/bank-file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="500112-/);
    expect(
      checkBankFile(file.text, { columns: ['seq', 'account', 'holder', 'amount'], header: true }),
    ).toMatchObject({
      ok: true,
      records: 1,
      total: '1340.00',
    });
    expect(
      await api.tdb.db.auditEvent.count({ where: { action: 'disbursement.bank-file-downloaded' } }),
    ).toBe(1);
  });

  it('is approved by a second person only, once', async () => {
    const starter = await Client.minted(api, fx.inside('district_official').id);
    expect((await starter.post(`/api/disbursements/${runId}/approval`, { approved: true })).status).toBe(403);
    // The head who starts nothing may approve; a refusal needs reasons.
    const noReason = await section.post(`/api/disbursements/${runId}/approval`, { approved: false });
    expect([noReason.status, noReason.body.errors]).toEqual([
      400,
      [{ field: 'opinion', message: '不同意时须填写理由' }],
    ]);
    const ok = await section.post(`/api/disbursements/${runId}/approval`, {
      approved: true,
      opinion: '同意发放',
    });
    expect(ok.body).toMatchObject({
      status: 'approved',
      approval: { opinion: '同意发放', approvedById: fx.inside('district_section_head').id },
    });
    const twice = await section.post(`/api/disbursements/${runId}/approval`, { approved: true });
    expect([twice.status, twice.body.detail]).toEqual([409, '发放批次状态为“已审批”，不在待审批状态']);
  });

  it('refuses approval by the person recorded as having started the run', async () => {
    const other = await api.tdb.db.disbursementRun.create({
      data: {
        districtCode: A.code,
        month: new Date('2020-01-01'),
        status: 'awaiting_approval',
        trigger: 'manual',
        startedById: fx.inside('district_head').id,
      },
    });
    const head = await Client.minted(api, fx.inside('district_head').id);
    const r = await head.post(`/api/disbursements/${other.id}/approval`, { approved: true });
    expect([r.status, r.body.detail]).toEqual([
      409,
      '发起本月发放的人员不能审批同一批次，请由其他负责人审批',
    ]);
  });

  it("shows the street the household's payments with the reason, and the re-checks due", async () => {
    const history = await clerk.get(`/api/households/${householdId}/payments`);
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({ forMonth: month, kind: 'regular', amount: '1340.00', runStatus: 'approved' }),
    ]);
    expect(history.body.items[0].reason).toMatch(
      /城市低保：标准 770 元 × 2 人 − 家庭月收入 300\.00 元，补差 1240 元；分类重点救助 100\.00 元$/,
    );
    const due = await clerk.get(`/api/rechecks?month=${chinaMonth()}`);
    expect(due.body.items.map((r: { recipientId: string }) => r.recipientId)).toEqual([recipientId]);
    const list = await clerk.get('/api/recipients');
    expect(list.body.items[0]).toMatchObject({ id: recipientId, monthlyAmount: '1340.00', status: 'active' });
    expect(list.body.items[0].applicantIdNumber).toMatch(/\*{8}/);
    const outside = await Client.minted(api, fx.outside('street_clerk').id);
    expect((await outside.get(`/api/households/${householdId}/payments`)).status).toBe(404);
  });
});
