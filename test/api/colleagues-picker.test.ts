/**
 * GET /api/colleagues: the investigator picker of the 入户调查 form. A street investigator gets the
 * active investigators of their own street — the names the completion (server/api/tasks/completion.ts)
 * accepts — and nothing of another street, of another role, of a deactivated account, or beyond
 * id, display name and role. A district official gets those of the whole district.
 */
import { A, Client, S1, S2, seedFixtures, startApi, type Api, type Fixtures } from './support/harness';

let api: Api;
let fx: Fixtures;

beforeAll(async () => {
  api = await startApi('colleagues');
  fx = await seedFixtures(api);
  await fx.add('s1-second-investigator', 'street_investigator', A.code, S1.code);
  const gone = await fx.add('s1-gone-investigator', 'street_investigator', A.code, S1.code);
  await api.tdb.db.user.update({ where: { id: gone.id }, data: { active: false } });
});
afterAll(() => api.close());

const names = (body: { displayName: string }[]) => body.map((u) => u.displayName);

describe('the colleagues picker', () => {
  it('gives a street investigator the active investigators of their own street only', async () => {
    const c = await Client.minted(api, fx.inside('street_investigator').id);
    const res = await c.get('/api/colleagues?role=street_investigator');
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(['s1-second-investigator', 's1-street_investigator']);
    for (const u of res.body) expect(Object.keys(u).sort()).toEqual(['displayName', 'id', 'role']);
    expect(res.body.every((u: { role: string }) => u.role === 'street_investigator')).toBe(true);
  });

  it('gives the clerk of the same street the same list, and other roles only when asked', async () => {
    const c = await Client.minted(api, fx.inside('street_clerk').id);
    expect(names((await c.get('/api/colleagues?role=street_investigator')).body)).toEqual([
      's1-second-investigator',
      's1-street_investigator',
    ]);
    expect(names((await c.get('/api/colleagues?role=street_reviewer')).body)).toEqual(['s1-street_reviewer']);
  });

  it('gives a district official the investigators of every street of the district, none of another', async () => {
    const c = await Client.minted(api, fx.inside('district_official').id);
    const res = await c.get('/api/colleagues?role=street_investigator');
    expect(names(res.body).sort()).toEqual([
      's1-second-investigator',
      's1-street_investigator',
      's2-street_investigator',
    ]);
    expect(S2.districtCode).toBe(A.code);
  });

  it('refuses a request without a known role (400, zh-CN)', async () => {
    const c = await Client.minted(api, fx.inside('street_investigator').id);
    const missing = await c.get('/api/colleagues');
    expect(missing.status).toBe(400);
    expect((await c.get('/api/colleagues?role=boss')).status).toBe(400);
    expect(missing.body.title).toMatch(/[\u4e00-\u9fa5]/);
  });
});
