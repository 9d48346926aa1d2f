/**
 * The app's Prisma client (server/db/client.ts) under a busy moment: a transaction that finds every
 * connection of the pool taken waits for one (up to 10 s) instead of failing after Prisma's 2 s,
 * and a transaction slowed down past Prisma's 5 s still commits (up to 30 s). With Prisma's
 * defaults the reliability suite saw a task completion answer 500 and a job use up its retries
 * while the pool was held by completions waiting on the engine on a loaded machine.
 */
import pg from 'pg';
import { createDb, type Db } from '../../server/db/client';
import { baseUrl, createTestDatabase, type TestDatabase } from '../helpers/db';

describe('transactions on a busy pool', () => {
  let t: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    t = await createTestDatabase('db_tx_wait');
    // The product's client with a pool of one connection: one transaction makes it busy.
    db = createDb(baseUrl(), { schema: t.schema, max: 1 });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await t?.drop();
  });

  /** Resolves once a backend of this database runs `pg_sleep` (the pool's one connection is taken). */
  async function sleeping(): Promise<void> {
    const c = new pg.Client({ connectionString: baseUrl() });
    await c.connect();
    try {
      for (;;) {
        const { rows } = await c.query(
          `SELECT 1 FROM pg_stat_activity WHERE query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()
             AND query NOT LIKE '%pg_stat_activity%' AND datname = current_database()`,
        );
        if (rows.length) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await c.end();
    }
  }

  it('waits for a connection held longer than 2 s', async () => {
    const holder = db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_sleep(3)`);
    });
    await sleeping();
    const waited = await db.$transaction(async (tx) => tx.$queryRaw<{ one: number }[]>`SELECT 1 AS one`);
    expect(waited).toEqual([{ one: 1 }]);
    await holder;
  });

  it('commits a transaction that runs longer than 5 s', async () => {
    const id = await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_sleep(5.5)`);
      const d = await tx.district.create({ data: { code: '500199', name: '测试区', shortName: '测试' } });
      return d.code;
    });
    expect(await db.district.findUnique({ where: { code: id } })).toMatchObject({ name: '测试区' });
  });
});
