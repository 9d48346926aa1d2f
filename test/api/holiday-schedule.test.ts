/**
 * 节假日安排 for a year `chinese-days` does not cover: entered by an administrator from the State
 * Council's notice, it turns 暂定 (Monday–Friday) deadlines into exact ones in the running process.
 */
import { computeDeadline } from '../../server/domain/deadlines';
import { domainSettings } from '../../server/domain/settings';
import { Client, seedFixtures, startApi, type Api, type Fixtures } from './support/harness';

let api: Api;
let fx: Fixtures;
let admin: Client;

beforeAll(async () => {
  api = await startApi('holidays');
  fx = await seedFixtures(api);
  admin = await Client.minted(api, fx.inside('admin').id);
});
afterAll(() => api.close());

const NOTICE = '国办发明电〔2030〕1号（测试数据）';
const settings = () => domainSettings(api.ctx.config);

describe('节假日安排 entered by an administrator', () => {
  it('reports this year and next with their source', async () => {
    const r = await admin.get('/api/admin/holidays');
    expect(r.status).toBe(200);
    expect(r.body.packageCoverage.firstYear).toBe(2004);
    const year = new Date().getFullYear();
    expect(r.body.years.map((y: { year: number }) => y.year)).toEqual(
      expect.arrayContaining([year, year + 1]),
    );
  });

  it('makes a provisional deadline exact once the year is entered', async () => {
    // 2030-09-30 + 3 working days: unknown year → Monday–Friday → 3 October, provisional.
    const before = computeDeadline('refusalNotice', '2030-09-30', settings());
    expect(before).toMatchObject({ date: '2030-10-03', provisional: true });

    const r = await admin.put('/api/admin/holidays/2030', {
      notice: NOTICE,
      holidays: ['01', '02', '03', '04', '05', '06', '07'].map((d) => ({
        date: `2030-10-${d}`,
        name: '国庆节',
      })),
      workdays: [{ date: '2030-10-12', name: '国庆节' }],
    });
    expect(r.status).toBe(200);
    expect(r.body.source).toBe('supplement');

    const after = computeDeadline('refusalNotice', '2030-09-30', settings());
    expect(after).toMatchObject({ date: '2030-10-10', provisional: false });
    const events = await api.tdb.db.auditEvent.findMany({ where: { action: 'admin.holiday-schedule-set' } });
    expect(events).toHaveLength(1);
  });

  it('refuses a year the package covers, dates outside the year and weekday 调休, changing nothing', async () => {
    const count = () => api.tdb.db.holidayScheduleDay.count();
    const before = await count();
    const covered = await admin.put('/api/admin/holidays/2025', {
      notice: NOTICE,
      holidays: [{ date: '2025-10-01', name: '国庆节' }],
      workdays: [],
    });
    expect(covered.status).toBe(409);
    const bad = await admin.put('/api/admin/holidays/2031', {
      notice: NOTICE,
      holidays: [{ date: '2032-01-01', name: '元旦' }],
      workdays: [{ date: '2031-01-06', name: '元旦' }], // a Monday
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'holidays.0.date', message: '日期应在 2031 年内' },
        { field: 'workdays.0.date', message: '调休上班日应为周六或周日' },
      ]),
    );
    expect(await count()).toBe(before);
  });

  it('is for administrators only', async () => {
    const clerk = await Client.minted(api, fx.inside('street_clerk').id);
    expect((await clerk.get('/api/admin/holidays')).status).toBe(403);
  });
});
