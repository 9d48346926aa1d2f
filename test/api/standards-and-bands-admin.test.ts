/**
 * Administration of the money rules over HTTP: an effective-dated standard entered by an
 * administrator is what the trial calculation of that month uses; the district's 临时救助 band
 * table is replaced as a whole and refused when its ceilings do not rise.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, seedFixtures, startApi, type Api, type Fixtures } from './support/harness';

let api: Api;
let fx: Fixtures;
const as = (role: Parameters<Fixtures['inside']>[0], side: 'inside' | 'outside' = 'inside') =>
  Client.minted(api, fx[side](role).id);
const household = () =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'household-dibao.json'), 'utf8'));

beforeAll(async () => {
  api = await startApi('standards_admin');
  fx = await seedFixtures(api);
});
afterAll(() => api.close());

const standard = {
  dibao: 800,
  tekunBasic: 1040,
  careFull: 520,
  careHalf: 310,
  careSelf: 100,
  source: '渝民规〔2026〕9号（测试）',
};

describe('standards', () => {
  it('lists the published standards', async () => {
    const r = await (await as('admin')).get('/api/admin/standards');
    expect(r.status).toBe(200);
    expect(r.body.items).toContainEqual(
      expect.objectContaining({ area: 'urban', effectiveFrom: '2025-07-01', dibao: 770 }),
    );
  });

  it('takes a new standard from a month on, and the trial calculation of that month uses it', async () => {
    const clerk = await as('street_clerk');
    const before = await clerk.post('/api/calculations', { ...household(), month: '2031-07' });
    expect(before.body.standard).toBe(770);
    const put = await (await as('admin')).put('/api/admin/standards/urban/2031-07-01', standard);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ area: 'urban', effectiveFrom: '2031-07-01', dibao: 800 });
    const after = await clerk.post('/api/calculations', { ...household(), month: '2031-07' });
    expect(after.body.standard).toBe(800);
    expect((await clerk.post('/api/calculations', { ...household(), month: '2031-06' })).body.standard).toBe(
      770,
    );
    const audit = await api.tdb.db.auditEvent.findFirst({ where: { action: 'standard.added' } });
    expect(audit?.summary).toMatchObject({ area: 'urban', effectiveFrom: '2031-07-01', retroactive: false });
  });

  it('refuses a standard that does not start on the first of a month or has negative amounts', async () => {
    const admin = await as('admin');
    const mid = await admin.put('/api/admin/standards/urban/2031-08-15', standard);
    expect(mid.status).toBe(400);
    expect(mid.body.errors).toEqual([{ field: 'effectiveFrom', message: '生效日期必须是某月 1 日' }]);
    const negative = await admin.put('/api/admin/standards/urban/2031-08-01', { ...standard, careHalf: -1 });
    expect(negative.status).toBe(400);
    expect(negative.body.errors[0].field).toBe('careHalf');
    expect((await (await as('district_official')).get('/api/admin/standards')).status).toBe(403);
  });
});

describe('the 临时救助 band table', () => {
  const policy = {
    streetApprovalLimit: 2000,
    incomeReference: { year: 2025, urban: 48000, rural: 22000 },
    bands: [
      { kind: 'urgent', level: 1, name: '一般困难', ceiling: 2000 },
      { kind: 'urgent', level: 2, name: '较大困难', ceiling: 5000 },
      { kind: 'expense', level: 1, name: '一般困难', ceiling: 3000 },
      { kind: 'expense', level: 2, name: '严重困难', ceiling: 8000 },
    ],
  };

  it('is set for the administrator’s own district only', async () => {
    const admin = await as('admin');
    expect((await admin.get('/api/admin/linshi-policy')).body).toEqual({ policy: null });
    const put = await admin.put('/api/admin/linshi-policy', policy);
    expect(put.status).toBe(200);
    expect(put.body.policy).toMatchObject({
      districtCode: fx.inside('admin').districtCode,
      streetApprovalLimit: 2000,
    });
    expect(put.body.policy.bands).toHaveLength(4);
    expect((await (await as('admin', 'outside')).get('/api/admin/linshi-policy')).body).toEqual({
      policy: null,
    });
  });

  it('refuses ceilings that do not rise and leaves the table as it was', async () => {
    const admin = await as('admin');
    const bad = await admin.put('/api/admin/linshi-policy', {
      ...policy,
      bands: [...policy.bands.slice(0, 3), { kind: 'expense', level: 2, name: '严重困难', ceiling: 2500 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toContain('不递增');
    const now = await admin.get('/api/admin/linshi-policy');
    expect(now.body.policy.bands.find((b: any) => b.kind === 'expense' && b.level === 2).ceiling).toBe(8000);
  });
});
