/**
 * The Prisma client over node-postgres (driver adapter). `schema` selects a PostgreSQL schema
 * (tests give every file its own). Repositories take this client and return plain objects.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

export type Db = PrismaClient;

export function createDb(connectionString: string, opts: { schema?: string; max?: number } = {}): Db {
  const adapter = new PrismaPg(
    {
      connectionString,
      max: opts.max ?? 10,
      // Raw queries resolve unqualified names through search_path; keep it on the same schema.
      ...(opts.schema ? { options: `-c search_path="${opts.schema.replace(/"/g, '""')}"` } : {}),
    },
    opts.schema ? { schema: opts.schema } : undefined,
  );
  return new PrismaClient({ adapter });
}
