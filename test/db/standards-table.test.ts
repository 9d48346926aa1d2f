import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEMO_LINSHI_POLICY, seedDemo } from '../../server/db/seed-demo';
import { loadLinshiPolicy, loadStandards } from '../../server/db/standards-repository';
import { validateBands } from '../../server/domain/linshi';
import { PUBLISHED_STANDARDS, validateStandardRows, type StandardRow } from '../../server/domain/standards';
import { ROOT } from '../../server/paths';
import { baseUrl, createTestDatabase, type TestDatabase } from '../helpers/db';

const key = (r: StandardRow) => `${r.area}@${r.effectiveFrom}`;
const sorted = (rows: readonly StandardRow[]) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));

describe('the standards table and the 临时救助 band tables', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('standards');
  });
  afterAll(async () => {
    await t.drop();
  });

  it('is seeded by the migration with exactly the published rows built into the domain', async () => {
    const rows = await loadStandards(t.db);
    expect(sorted(rows)).toEqual(sorted(PUBLISHED_STANDARDS));
    expect(validateStandardRows(rows)).toEqual([]);
  });

  it('feeds `npm run calc` when DATABASE_URL is set, so an edited standard is used', async () => {
    await t.db.assistanceStandard.update({
      where: { area_effectiveFrom: { area: 'urban', effectiveFrom: new Date('2025-07-01T00:00:00Z') } },
      data: { dibao: 800 },
    });
    const url = new URL(baseUrl());
    url.searchParams.set('schema', t.schema);
    const { NODE_OPTIONS: _n, ...env } = process.env;
    const { stdout, stderr } = await promisify(execFile)(
      'npm',
      ['run', '--silent', 'calc', '--', '--file', path.join(ROOT, 'test/fixtures/household-dibao.json')],
      { cwd: ROOT, env: { ...env, DATABASE_URL: url.toString() } },
    );
    expect(stderr).toMatch(/标准来源：数据库 .*（16 条标准）/);
    expect(JSON.parse(stdout)).toMatchObject({ standard: 800, baseAmount: 1700 }); // 3200 − 1500.50, half-up
  });

  it('holds the demo district band table, street limit and income reference after the demo seed', async () => {
    expect(await loadLinshiPolicy(t.db, '500112')).toBeNull();
    await seedDemo(t.db, 'demo-password-1');
    const policy = await loadLinshiPolicy(t.db, '500112');
    expect(policy).toEqual({
      districtCode: '500112',
      streetApprovalLimit: DEMO_LINSHI_POLICY.streetApprovalLimit,
      bands: DEMO_LINSHI_POLICY.bands.map((b) => ({ ...b })),
      incomeReference: DEMO_LINSHI_POLICY.incomeReference,
    });
    expect(validateBands(policy!.bands)).toEqual([]);
  });
});
