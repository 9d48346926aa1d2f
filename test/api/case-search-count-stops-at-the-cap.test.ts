/**
 * The case list counts at most COUNT_CAP rows (server/api/cases/search.ts): past the cap it says
 * `totalCapped`, below it the total is exact; a filter that narrows the list gets its exact count.
 * Rows are bulk-inserted in SQL (10,001 cases of one street).
 */
import { COUNT_CAP } from '../../server/api/cases/search';
import { Client, S1, seedFixtures, startApi, type Api, type Fixtures } from './support/harness';

let api: Api;
let fx: Fixtures;

beforeAll(async () => {
  api = await startApi('case_count_cap');
  fx = await seedFixtures(api);
  await api.tdb.db.$executeRawUnsafe(`
    INSERT INTO household (id, district_code, street_code, address, updated_at)
    SELECT overlay(overlay(md5('h' || i) placing '4' from 13) placing '8' from 17)::uuid, '500112', '${S1.code}',
           '金港路 ' || i || ' 号', now()
      FROM generate_series(1, ${COUNT_CAP + 1}) i`);
  await api.tdb.db.$executeRawUnsafe(`
    INSERT INTO "case" (id, case_no, type, status, household_id, district_code, street_code, applied_at, updated_at)
    SELECT overlay(overlay(md5('c' || i) placing '4' from 13) placing '8' from 17)::uuid,
           'DB-500112-2025-' || lpad(i::text, 6, '0'), 'dibao', CASE WHEN i <= 7 THEN 'granted' ELSE 'in_progress' END::case_status,
           overlay(overlay(md5('h' || i) placing '4' from 13) placing '8' from 17)::uuid, '500112', '${S1.code}',
           timestamptz '2025-01-01' + i * interval '1 minute', now()
      FROM generate_series(1, ${COUNT_CAP + 1}) i`);
});
afterAll(() => api.close());

it('stops counting at the cap and says so; a narrower filter gets its exact count', async () => {
  const clerk = await Client.minted(api, fx.inside('street_clerk').id);
  const all = await clerk.get('/api/cases?pageSize=5');
  expect(all.status).toBe(200);
  expect(all.body).toMatchObject({ total: COUNT_CAP, totalCapped: true, page: 1, pageSize: 5 });
  // Newest first, read in index order.
  expect(all.body.items.map((c: { caseNo: string }) => c.caseNo)).toEqual(
    [10001, 10000, 9999, 9998, 9997].map((i) => `DB-500112-2025-${String(i).padStart(6, '0')}`),
  );
  const granted = await clerk.get('/api/cases?status=granted&pageSize=5&page=2');
  expect(granted.body).toMatchObject({ total: 7, page: 2 });
  expect(granted.body.totalCapped).toBe(false);
  expect(granted.body.items).toHaveLength(2);
});
