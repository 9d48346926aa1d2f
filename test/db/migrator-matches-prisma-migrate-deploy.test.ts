import { createHash } from 'node:crypto';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate, readMigrations } from '../../server/db/migrate';
import { MIGRATIONS_DIR } from '../../server/paths';
import { baseUrl } from '../helpers/db';

const schemas: string[] = [];
const fresh = () => {
  const s = `mig_${Math.random().toString(36).slice(2, 10)}`;
  schemas.push(s);
  return s;
};

async function rows(schema: string) {
  const c = new pg.Client({ connectionString: baseUrl() });
  await c.connect();
  try {
    const r = await c.query(
      `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, applied_steps_count
         FROM ${pg.escapeIdentifier(schema)}."_prisma_migrations" ORDER BY migration_name`,
    );
    return r.rows;
  } finally {
    await c.end();
  }
}

afterAll(async () => {
  const c = new pg.Client({ connectionString: baseUrl() });
  await c.connect();
  for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(s)} CASCADE`);
  await c.end();
});

describe('the product applies migrations itself, as `prisma migrate deploy` would', () => {
  it('records one finished row per migration with the SHA-256 of migration.sql', async () => {
    const schema = fresh();
    const result = await migrate(baseUrl(), { schema });
    const onDisk = await readMigrations();
    expect(result.applied).toEqual(onDisk.map((m) => m.name));
    const recorded = await rows(schema);
    expect(recorded).toHaveLength(onDisk.length);
    for (const [i, m] of onDisk.entries()) {
      const r = recorded[i];
      expect(r.migration_name).toBe(m.name);
      expect(r.checksum).toBe(createHash('sha256').update(m.sql).digest('hex'));
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.rolled_back_at).toBeNull();
      expect(r.applied_steps_count).toBe(1);
      expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('applies nothing the second time', async () => {
    const schema = fresh();
    await migrate(baseUrl(), { schema });
    const again = await migrate(baseUrl(), { schema });
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe((await readMigrations()).length);
  });

  it('refuses to continue when an applied migration was edited', async () => {
    const schema = fresh();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mig-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await migrate(baseUrl(), { schema, dir });
    const [first] = await readMigrations(dir);
    await writeFile(path.join(dir, first!.name, 'migration.sql'), first!.sql + '\n-- edited\n');
    await expect(migrate(baseUrl(), { schema, dir })).rejects.toThrow(/被修改过/);
  });

  it('leaves a failed migration recorded as unfinished and refuses the next start (P3009)', async () => {
    const schema = fresh();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mig-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    const bad = path.join(dir, '99999999999999_broken');
    await cp(path.join(dir, (await readMigrations(dir))[0]!.name), bad, { recursive: true });
    await writeFile(
      path.join(bad, 'migration.sql'),
      'CREATE TABLE ok_table (id int);\nSELECT * FROM no_such_table;\n',
    );
    await expect(migrate(baseUrl(), { schema, dir })).rejects.toThrow(/99999999999999_broken 执行失败/);
    const recorded = await rows(schema);
    const broken = recorded.find((r) => r.migration_name === '99999999999999_broken');
    expect(broken.finished_at).toBeNull();
    expect(broken.logs).toMatch(/no_such_table/);
    await expect(migrate(baseUrl(), { schema, dir })).rejects.toThrow(/P3009/);
  });

  it('lets concurrent starters migrate the same schema once', async () => {
    const schema = fresh();
    const results = await Promise.all([1, 2, 3].map(() => migrate(baseUrl(), { schema })));
    expect(results.map((r) => r.applied.length).reduce((a, b) => a + b, 0)).toBe(
      (await readMigrations()).length,
    );
  });
});
