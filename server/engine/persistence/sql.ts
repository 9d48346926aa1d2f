/** Small SQL helpers: bulk inserts through unnest(), PostgreSQL array literals, timestamps. */
import type { Queryable } from './db';

/** A PostgreSQL array literal for text[] / bigint[] values passed through a text[] parameter. */
export function pgArray(values: readonly (string | number)[]): string {
  return `{${values.map((v) => `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

export const ts = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : ms);

/**
 * INSERT … SELECT FROM unnest($1::t1[], $2::t2[], …). `columns` maps each column to its array
 * type and an optional select expression over the unnest alias `u.c<i>` (e.g. a timestamp).
 */
export async function insertMany(
  c: Queryable,
  table: string,
  columns: [name: string, arrayType: string, expr?: string][],
  rows: unknown[][],
  suffix = '',
): Promise<void> {
  if (!rows.length) return;
  const params = columns.map((_, i) => rows.map((r) => r[i] ?? null));
  const unnest = columns.map(([, t], i) => `$${i + 1}::${t}`).join(', ');
  const alias = columns.map((_, i) => `c${i}`).join(', ');
  const select = columns
    .map(([, , expr], i) => (expr ? expr.replace(/\$/g, `u.c${i}`) : `u.c${i}`))
    .join(', ');
  await c.query(
    `INSERT INTO ${table} (${columns.map(([n]) => n).join(', ')})
     SELECT ${select} FROM unnest(${unnest}) AS u(${alias}) ${suffix}`,
    params,
  );
}

export const TIMESTAMP: [string, string] = ['float8[]', 'to_timestamp($ / 1000.0)'];
