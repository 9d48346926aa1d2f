/** POST /api/calculations answers what `npm run calc` prints, from the database's standards. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { calculate, parseCalculationInput } from '../../server/domain/calculation';
import { PUBLISHED_STANDARDS } from '../../server/domain/standards';
import { Client, seedFixtures, startApi, type Api, type Fixtures } from './support/harness';

const fixture = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', name), 'utf8'));

let api: Api;
let fx: Fixtures;
beforeAll(async () => {
  api = await startApi('calc');
  fx = await seedFixtures(api);
});
afterAll(() => api.close());

describe('trial calculation over HTTP', () => {
  it.each(['household-dibao.json', 'household-tekun.json'])(
    'answers %s with the same result as the command line and audits that it ran',
    async (name) => {
      const input = fixture(name);
      const parsed = parseCalculationInput(input);
      if (!parsed.ok) throw new Error('fixture is invalid');
      const expected = calculate(parsed.input, PUBLISHED_STANDARDS, { amountRounding: 'half-up' });
      const c = await Client.minted(api, fx.inside('street_clerk').id);
      const r = await c.post('/api/calculations', input);
      expect(r.status).toBe(200);
      expect(r.body).toEqual(expected);
      const audit = await api.tdb.db.auditEvent.findFirst({
        where: { action: 'calculation.trial' },
        orderBy: { seq: 'desc' },
      });
      expect(audit?.summary).toEqual({
        type: input.type,
        area: input.area,
        month: input.month,
        members: input.members.length,
      });
      // The trail holds no 身份证号 of the household.
      expect(JSON.stringify(audit?.summary)).not.toContain(input.members[0].idNumber);
    },
  );

  it('refuses bad input with a zh-CN message per field', async () => {
    const input = fixture('household-dibao.json');
    input.month = '2026-13';
    input.members[1].idNumber = '500112198202140025';
    delete input.members[0].monthlyIncome;
    const c = await Client.minted(api, fx.inside('district_official').id);
    const r = await c.post('/api/calculations', input);
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'month', message: '试算月份应为 YYYY-MM，例如 2026-03' },
        { field: 'members.0.monthlyIncome', message: '请填写月收入' },
        expect.objectContaining({ field: 'members.1.idNumber' }),
      ]),
    );
  });

  it('says which month has no standard', async () => {
    const input = { ...fixture('household-dibao.json'), month: '2017-12' };
    const c = await Client.minted(api, fx.inside('street_clerk').id);
    const r = await c.post('/api/calculations', input);
    expect(r.status).toBe(400);
    expect(r.body.errors[0].field).toBe('month');
  });

  it('is not for administrators', async () => {
    const c = await Client.minted(api, fx.inside('admin').id);
    expect((await c.post('/api/calculations', fixture('household-dibao.json'))).status).toBe(403);
  });
});
