/**
 * Each test file owns its data: a fresh PostgreSQL schema on DATABASE_URL, migrated by the
 * product's own migrator, dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from '../../server/db/client';
import { migrate } from '../../server/db/migrate';

export interface TestDatabase {
  db: Db;
  schema: string;
  /** Connection string whose search_path is this schema (for raw pg users such as the engine). */
  url: string;
  drop(): Promise<void>;
}

export function baseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (test/helpers/env.ts sets a default)');
  return url;
}

export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

export async function createTestDatabase(label = 't'): Promise<TestDatabase> {
  const schema = `${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(5).toString('hex')}`;
  await migrate(baseUrl(), { schema });
  const db = createDb(baseUrl(), { schema, max: 4 });
  return {
    db,
    schema,
    url: withSearchPath(baseUrl(), schema),
    drop: async () => {
      await db.$disconnect();
      const client = new pg.Client({ connectionString: baseUrl() });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
