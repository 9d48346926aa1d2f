/**
 * The Prisma client over node-postgres (driver adapter). `schema` selects a PostgreSQL schema
 * (tests give every file its own). Repositories take this client and return plain objects.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

export type Db = PrismaClient;

/** Defaults of every interactive transaction (`db.$transaction(async (tx) => …)`). */
export const TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 30_000 };

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
  // Every interactive transaction may wait up to 10 s for a connection and run up to 30 s (as
  // auditedWrite always did). Prisma's defaults, 2 s and 5 s, turned a busy moment — the pool
  // held by completions waiting on the engine, a loaded machine, the catch-up after a restart —
  // into 500s and into job failures that used up the job's retries (test/reliability).
  return new PrismaClient({ adapter, transactionOptions: TRANSACTION_LIMITS });
}
