/**
 * A 临时救助 application carries what its process needs: 急难型/支出型, the requested amount (the
 * assessed need, compute-amount's `requestedAmount`) and the hardship event `{ kind, date }` that
 * check-duplicate-application matches. Required for 临时救助 only, refused for 低保 and 特困; kept in
 * the case file where the CaseWorkflow and the workers read them.
 */
import { chinaDate } from '../../server/domain/dates';
import { startVariables } from '../../server/workflow/case-workflow';
import { application } from './support/applications';
import { Client, seedFixtures, startApi, type Api, type Fixtures } from './support/harness';

let api: Api;
let fx: Fixtures;
let clerk: Client;

beforeAll(async () => {
  api = await startApi('linshi_app');
  fx = await seedFixtures(api);
  clerk = await Client.minted(api, fx.inside('street_clerk').id);
});
afterAll(() => api.close());

const cases = () => api.tdb.db.case.count();

it('registers an 急难型 application with its amount and event, in the case file and the detail', async () => {
  const event = { kind: '交通事故', date: '2026-02-03' };
  const r = await clerk.post(
    '/api/cases',
    application({ type: 'linshi', linshiKind: 'emergency', requestedAmount: 2400.5, event }),
  );
  expect([r.status, r.body.errors ?? null]).toEqual([201, null]);
  expect(r.body.caseNo).toMatch(/^LS-/);
  expect(r.body.application).toMatchObject({ linshiKind: 'emergency', requestedAmount: 2400.5, event });

  const row = await api.tdb.db.case.findUniqueOrThrow({ where: { id: r.body.id } });
  expect(row.data).toMatchObject({ linshiKind: 'emergency', requestedAmount: 2400.5, event });
  // The CaseWorkflow starts the process with what the workers and gateways read.
  const vars = await startVariables(api.tdb.db, api.ctx.config, {
    id: row.id,
    caseNo: row.caseNo,
    type: 'linshi',
    districtCode: row.districtCode,
    streetCode: row.streetCode,
    staffRelative: false,
    linshiKind: 'emergency',
  });
  expect(vars).toMatchObject({ assistanceKind: 'urgent', requestedAmount: 2400.5 });
});

it('requires 急难型/支出型, the amount and the event for 临时救助, with zh-CN messages, and stores nothing', async () => {
  const before = await cases();
  const r = await clerk.post('/api/cases', {
    ...application({ type: 'linshi' }),
    requestedAmount: undefined,
    event: undefined,
  });
  expect(r.status).toBe(400);
  expect(r.body.errors).toEqual(
    expect.arrayContaining([
      { field: 'linshiKind', message: '临时救助须注明急难型或支出型' },
      { field: 'requestedAmount', message: '临时救助须填写申请救助金额' },
      { field: 'event', message: '临时救助须填写困难事由类别和发生日期' },
    ]),
  );
  expect(r.body.errors).toHaveLength(3);
  expect(await cases()).toBe(before);
});

it('refuses a bad amount, an unknown event kind and a future or malformed date', async () => {
  const before = await cases();
  const tomorrow = chinaDate(new Date(Date.now() + 86_400_000));
  const bad = async (over: Record<string, unknown>) =>
    (await clerk.post('/api/cases', application({ type: 'linshi', linshiKind: 'expense', ...over }))).body
      .errors as { field: string; message: string }[];

  expect(await bad({ requestedAmount: 0 })).toEqual([
    { field: 'requestedAmount', message: '申请救助金额应大于 0' },
  ]);
  expect(await bad({ requestedAmount: 10.005 })).toEqual([
    { field: 'requestedAmount', message: '金额最多两位小数' },
  ]);
  const unknownKind = await bad({ event: { kind: '失火', date: '2026-02-01' } });
  expect(unknownKind).toHaveLength(1);
  expect(unknownKind[0]!.field).toBe('event.kind');
  expect(unknownKind[0]!.message).toContain('困难事由类别应为：火灾、交通事故、重大疾病');
  expect(await bad({ event: { kind: '火灾', date: tomorrow } })).toEqual([
    { field: 'event.date', message: '事由发生日期不能晚于今天' },
  ]);
  expect(await bad({ event: { kind: '火灾', date: '2026-02-30' } })).toEqual([
    { field: 'event.date', message: '应为日期（YYYY-MM-DD）' },
  ]);
  expect(await bad({ event: { kind: '火灾', date: '2026-02-01', place: '户籍地' } })).toEqual([
    expect.objectContaining({ field: 'event' }),
  ]);
  expect(await cases()).toBe(before);
});

it.each(['dibao', 'tekun'])('refuses the 临时救助 fields on a %s application', async (type) => {
  const before = await cases();
  const r = await clerk.post(
    '/api/cases',
    application({ type, requestedAmount: 500, event: { kind: '火灾', date: '2026-02-01' } }),
  );
  expect(r.status).toBe(400);
  expect(r.body.errors).toEqual([
    { field: 'requestedAmount', message: '仅临时救助填写' },
    { field: 'event', message: '仅临时救助填写' },
  ]);
  expect(await cases()).toBe(before);
});

it('lists the missing 临时救助 items together with the other wrong fields', async () => {
  const r = await clerk.post('/api/cases', {
    ...application({ type: 'linshi', linshiKind: 'emergency', reason: '' }),
    requestedAmount: undefined,
  });
  expect(r.status).toBe(400);
  expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['reason', 'requestedAmount']);
});
