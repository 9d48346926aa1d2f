/**
 * What the case job workers (dibao, tekun, linshi, yishiyiyi; one file each in
 * server/workflow/workers/) share: their dependencies, today's date in China, the case they work
 * on, and their own record in the case file. A worker's side effect is written once per element
 * instance: `case.data.jobs[<elementInstanceKey>]` holds what the first run produced, and a retry
 * (or a re-activation after a timeout) returns it instead of acting again.
 */
import { z } from 'zod';
import type { Tx } from '../auth/audit';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { chinaDate, type IsoDate } from '../domain/dates';
import { domainSettings, type DomainSettings } from '../domain/settings';
import { CalendarCoverageError } from '../domain/working-days';
import type { Logger } from '../log';
import { RunRefusal } from '../disbursement/runs';

export interface CaseDeps {
  db: Db;
  config: Config;
  log?: Logger;
  /** The time; tests pass the engine's pinned clock. */
  clock?: () => Date;
  /** Secret of the 特困 spot-check draw (server/workflow/spot-check-seed.ts). */
  spotCheckSeed?: string;
}

/** A job that must not be retried as it is (bad data, a rule refuses it): fails to an incident. */
export class CaseRefusal extends RunRefusal {
  constructor(message: string) {
    super(message, 400);
    this.name = 'CaseRefusal';
  }
}

export const CaseId = z.uuid('应为案件编号（UUID）');
export const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为 YYYY-MM-DD');
export const Yuan = z.coerce.number().nonnegative('金额不能为负数');

export const settingsOf = (deps: CaseDeps): DomainSettings => domainSettings(deps.config);

/** The job's date in China (the "today" of deadlines and start months). */
export const todayOf = (deps: CaseDeps): IsoDate => chinaDate(deps.clock?.() ?? new Date());

/** Domain errors (a date beyond the holiday calendar, a rule's RangeError) become refusals. */
export function asRefusal<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CalendarCoverageError || err instanceof RangeError) {
      throw new CaseRefusal(err.message);
    }
    throw err;
  }
}

export type CaseRow = NonNullable<Awaited<ReturnType<typeof findCase>>>;

function findCase(tx: Tx | Db, caseId: string) {
  return tx.case.findUnique({
    where: { id: caseId },
    include: { household: { include: { members: { orderBy: { createdAt: 'asc' } } } } },
  });
}

/** The case with its household and members; a missing case is a refusal. */
export async function loadCase(tx: Tx | Db, caseId: string): Promise<CaseRow> {
  const c = await findCase(tx, caseId);
  if (!c) throw new CaseRefusal(`案件不存在：${caseId}`);
  return c;
}

/** Locks the case row for the rest of the transaction (two workers of one case never interleave). */
export async function lockCase(tx: Tx, caseId: string): Promise<CaseRow> {
  await tx.$executeRaw`SELECT 1 FROM "case" WHERE id = ${caseId}::uuid FOR UPDATE`;
  return loadCase(tx, caseId);
}

export function dataOf(c: { data: unknown }): Record<string, unknown> {
  return c.data && typeof c.data === 'object' && !Array.isArray(c.data)
    ? (c.data as Record<string, unknown>)
    : {};
}

/** What an earlier run of this element instance recorded, if any. */
export function recorded<T>(c: { data: unknown }, elementInstanceKey: string): T | undefined {
  const jobs = dataOf(c).jobs as Record<string, unknown> | undefined;
  return jobs?.[String(elementInstanceKey)] as T | undefined;
}

/**
 * Merges `patch` into case.data and records `result` under the element instance, in one statement
 * (a concurrent write of other keys by the API is not lost); `columns` are plain case columns.
 */
export async function recordInCase(
  tx: Tx,
  caseId: string,
  elementInstanceKey: string,
  result: unknown,
  patch: Record<string, unknown> = {},
  columns: Record<string, unknown> = {},
): Promise<void> {
  const key = String(elementInstanceKey);
  await tx.$executeRaw`
    UPDATE "case"
    SET data = (data || ${JSON.stringify(patch)}::jsonb)
          || jsonb_build_object('jobs', coalesce(data->'jobs', '{}'::jsonb)
          || jsonb_build_object(${key}::text, ${JSON.stringify(result ?? null)}::jsonb)),
        updated_at = now()
    WHERE id = ${caseId}::uuid`;
  if (Object.keys(columns).length) await tx.case.update({ where: { id: caseId }, data: columns });
}
