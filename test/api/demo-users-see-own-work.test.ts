/**
 * `npm start` on an empty database: the demo users and demo applications are seeded, every demo
 * user signs in with the demo password and sees only the work of their own jurisdiction.
 */
import { seedDemoCases } from '../../server/api/cases/demo-cases';
import { DEMO_STREETS, demoUsers, seedDemo } from '../../server/db/seed-demo';
import { Client, startApi, type Api } from './support/harness';

const PASSWORD = 'Demo-pass-2026';
let api: Api;

beforeAll(async () => {
  api = await startApi('demo');
  await seedDemo(api.tdb.db, PASSWORD);
  expect(await seedDemoCases(api.tdb.db)).toBe(6);
  // Seeding twice adds nothing.
  expect(await seedDemoCases(api.tdb.db)).toBe(0);
});
afterAll(() => api.close());

const streetOf = (prefix: string) => DEMO_STREETS.find((s) => s.prefix === prefix)!;

describe('demo users', () => {
  it.each(demoUsers().map((u) => [u.username, u]))(
    '%s signs in and sees only their own jurisdiction',
    async (_name, u) => {
      const c = await Client.signIn(api.base, u.username, PASSWORD, {
        'x-forwarded-for': `10.1.1.${Math.floor(Math.random() * 200)}`,
      });
      const me = (await c.get('/api/session')).body.user;
      expect(me).toMatchObject({ username: u.username, role: u.role, streetCode: u.streetCode });

      const cases = await c.get('/api/cases?pageSize=100');
      if (u.role === 'admin') {
        // The administrator manages users, not applications.
        expect(cases.status).toBe(403);
        const users = await c.get('/api/admin/users?pageSize=100');
        expect(users.body.total).toBe(demoUsers().length);
        return;
      }
      expect(cases.status).toBe(200);
      const streets = new Set(cases.body.items.map((i: { streetCode: string }) => i.streetCode));
      if (u.streetCode) {
        expect([...streets]).toEqual([u.streetCode]);
        expect(cases.body.total).toBe(3);
        const other = DEMO_STREETS.find((s) => s.code !== u.streetCode)!;
        const theirs = await api.tdb.db.case.findFirstOrThrow({ where: { streetCode: other.code } });
        expect((await c.get(`/api/cases/${theirs.id}`)).status).toBe(404);
        const stats = (await c.get('/api/statistics')).body;
        expect(stats.total).toBe(3);
      } else {
        expect(streets).toEqual(new Set(DEMO_STREETS.map((s) => s.code)));
        expect(cases.body.total).toBe(6);
      }
      expect(cases.text).not.toMatch(/"applicantIdNumber":"\d{18}"/);
    },
  );

  it('shows the district the staff-relative application of 双龙湖街道 (57号 §11)', async () => {
    const c = await Client.signIn(api.base, 'yb-official', PASSWORD);
    const q = await c.get('/api/escalations');
    expect(
      q.body.items.map((i: { streetCode: string; reasons: { code: string }[] }) => [
        i.streetCode,
        i.reasons[0]!.code,
      ]),
    ).toEqual([[streetOf('slh').code, 'staff_relative']]);
  });
});
