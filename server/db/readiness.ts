/** Readiness: which migrations on disk are not yet applied in the connected database. */
import type { Db } from './client';
import { readMigrations } from './migrate';

export async function pendingMigrationsVia(db: Db): Promise<string[]> {
  const onDisk = await readMigrations();
  const [exists] = await db.$queryRawUnsafe<{ t: string | null }[]>(
    `SELECT to_regclass('"_prisma_migrations"')::text AS t`,
  );
  if (!exists?.t) return onDisk.map((m) => m.name);
  const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
    'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const done = new Set(rows.map((r) => r.migration_name));
  return onDisk.filter((m) => !done.has(m.name)).map((m) => m.name);
}
