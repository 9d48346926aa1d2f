/**
 * Camunda v2 search requests over SQL: `filter` (plain values or advanced operators $eq, $neq,
 * $exists, $in, $notIn, $like, $gt, $gte, $lt, $lte; `$or` where the API has it), `sort`, and
 * `page` by offset (`from`) or cursor (`after`/`before`). Cursors are opaque base64 offsets.
 * A filter the engine does not know is rejected rather than ignored.
 */
import { invalidArgument } from '../errors';
import type { Queryable } from '../persistence/db';

export type ColType = 'key' | 'text' | 'int' | 'bool' | 'date';

export class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

export interface SearchSpec<R> {
  from: string;
  select: string;
  columns: Record<string, [sql: string, type: ColType]>;
  sortable: Record<string, string>;
  order: string;
  custom?: Record<string, (value: unknown, p: Params) => string>;
  map: (row: R) => Record<string, unknown>;
}

export interface SearchBody {
  filter?: Record<string, unknown>;
  sort?: { field: string; order?: 'ASC' | 'DESC' | 'asc' | 'desc' }[];
  page?: { from?: number; limit?: number; after?: string; before?: string };
}

const CAST: Record<ColType, string> = {
  key: '::bigint',
  text: '::text',
  int: '::int',
  bool: '::boolean',
  date: '::timestamptz',
};

const likePattern = (v: string) =>
  v
    .replace(/[\\%_]/g, (m) => `\\${m}`)
    .replace(/\*/g, '%')
    .replace(/\?/g, '_');

export function condition(sql: string, type: ColType, value: unknown, p: Params): string {
  const cast = CAST[type];
  if (value === null) return `${sql} IS NULL`;
  if (typeof value !== 'object') return `${sql} = ${p.add(value, cast)}`;
  const parts: string[] = [];
  for (const [op, v] of Object.entries(value as Record<string, unknown>)) {
    switch (op) {
      case '$eq':
        parts.push(`${sql} = ${p.add(v, cast)}`);
        break;
      case '$neq':
        parts.push(`${sql} IS DISTINCT FROM ${p.add(v, cast)}`);
        break;
      case '$exists':
        parts.push(`${sql} IS ${v ? 'NOT ' : ''}NULL`);
        break;
      case '$in':
        parts.push(`${sql} = ANY(${p.add(v, `${cast}[]`)})`);
        break;
      case '$notIn':
        parts.push(`NOT (${sql} = ANY(${p.add(v, `${cast}[]`)}))`);
        break;
      case '$like':
        parts.push(`${sql}::text LIKE ${p.add(likePattern(String(v)))}`);
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        const sym = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op];
        parts.push(`${sql} ${sym} ${p.add(v, cast)}`);
        break;
      }
      default:
        throw invalidArgument(`Filter operator '${op}' is not supported`);
    }
  }
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

export function conditions<R>(
  spec: SearchSpec<R>,
  filter: Record<string, unknown> | undefined,
  p: Params,
): string[] {
  const out: string[] = [];
  for (const [field, value] of Object.entries(filter ?? {})) {
    if (value === undefined) continue;
    if (field === '$or' && Array.isArray(value)) {
      const groups = value.map(
        (g) => conditions(spec, g as Record<string, unknown>, p).join(' AND ') || 'TRUE',
      );
      if (groups.length) out.push(`(${groups.map((g) => `(${g})`).join(' OR ')})`);
      continue;
    }
    const custom = spec.custom?.[field];
    if (custom) {
      out.push(custom(value, p));
      continue;
    }
    const column = spec.columns[field];
    if (!column) throw invalidArgument(`Filter '${field}' is not supported by the embedded engine`);
    out.push(condition(column[0], column[1], value, p));
  }
  return out;
}

const encode = (offset: number) => Buffer.from(String(offset)).toString('base64');
const decode = (cursor: string) => {
  const n = Number(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!Number.isInteger(n) || n < 0) throw invalidArgument(`Invalid page cursor '${cursor}'`);
  return n;
};

/**
 * Counts stop here, as Camunda's own search does (its secondary storage tracks total hits up to
 * 10,000 and then sets `hasMoreTotalItems`): an inbox of a whole district should not count every
 * open task on each refresh.
 */
export const COUNT_CAP = 10_000;

/** The page a search asks for, as limit and offset (cursors are offsets). */
export function pageOf(body: SearchBody | undefined): { limit: number; from: number } {
  const limit = body?.page?.limit ?? 100;
  let from = body?.page?.from ?? 0;
  if (body?.page?.after) from = decode(body.page.after) + 1;
  if (body?.page?.before) from = Math.max(0, decode(body.page.before) - limit);
  return { limit, from };
}

/** A search's answer: the page's items, the count (capped) and cursors. */
export function resultOf(items: Record<string, unknown>[], from: number, total: number) {
  return {
    items,
    page: {
      totalItems: Math.min(total, COUNT_CAP),
      hasMoreTotalItems: total > COUNT_CAP,
      ...(items.length && { startCursor: encode(from), endCursor: encode(from + items.length - 1) }),
    },
  };
}

export async function search<R>(
  db: Queryable,
  spec: SearchSpec<R>,
  body: SearchBody | undefined,
  extra: (p: Params) => string[] = () => [],
) {
  const p = new Params();
  const where = [...extra(p), ...conditions(spec, body?.filter, p)];
  const { limit, from } = pageOf(body);
  const order = (body?.sort ?? []).map((s) => {
    const sql = spec.sortable[s.field];
    if (!sql) throw invalidArgument(`Sorting by '${s.field}' is not supported`);
    return `${sql} ${s.order?.toUpperCase() === 'DESC' ? 'DESC' : 'ASC'} NULLS LAST`;
  });
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const countSql = `SELECT count(*) FROM (SELECT 1 FROM ${spec.from} ${whereSql} LIMIT ${COUNT_CAP + 1}) s`;
  // One statement: the page, each row carrying the capped count (an uncorrelated subquery, run
  // once). Only an empty page needs the count on its own.
  const { rows } = await db.query<R & { __total: string }>(
    `SELECT (${countSql})::text AS __total, ${spec.select} FROM ${spec.from} ${whereSql}
     ORDER BY ${[...order, spec.order].join(', ')} LIMIT ${Number(limit)} OFFSET ${Number(from)}`,
    p.values,
  );
  const total = Number(
    rows[0]?.__total ??
      (await db.query<{ n: string }>(`SELECT (${countSql})::text AS n`, p.values)).rows[0]!.n,
  );
  return resultOf((rows as R[]).map(spec.map), from, total);
}

/** Drops null/undefined fields (optional fields of the API are absent, not null). */
export function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === null || o[k] === undefined) delete o[k];
  return o;
}

export const isoOf = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : undefined);
