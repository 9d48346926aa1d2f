/**
 * Computes a monthly run set-based in PostgreSQL, a batch of whole 街道 per transaction (the unit
 * of progress and of resumption): every recipient's amount for the month with the terms and the standard valid in
 * that month, and back-pay owed for earlier months of the look-back window.
 *
 * Never twice: lines carry the unique key (household, month paid for, kind, month paid in) and
 * are inserted with ON CONFLICT DO NOTHING; back-pay is what is due minus everything already paid
 * for that month; a street is marked computed in the same transaction as its lines, under a row
 * lock, so a resumed or concurrently repeated computation skips it.
 */
import { Prisma } from '../db/generated/client';
import type { Db } from '../db/client';
import { assertStandardsCover, duesPrelude, type Rounding } from './dues-sql';
import { addMonths, monthOfDate, type IsoMonth } from './months';
import { RUN_STATUS_LABELS, RunRefusal, loadRun } from './runs';

export interface ComputeSettings {
  rounding: Rounding;
  /** DISBURSEMENT_BACKPAY_MONTHS: how many earlier months to check for back-pay. */
  backPayMonths: number;
  /** Recipients per transaction (default BATCH_RECIPIENTS); whole streets are never split. */
  batchRecipients?: number;
}

export interface Progress {
  done: number;
  total: number;
  /** The streets just computed. */
  streets: string[];
}

/** Recipients per transaction: large enough for set-based plans, small enough for visible progress. */
export const BATCH_RECIPIENTS = 5_000;

interface BackPayMonth {
  month: IsoMonth;
  /** Recipients to re-check for this month: changed since that run began computing. */
  filter: Prisma.Sql;
}

const inDistrict = (districtCode: string) => Prisma.sql`r.district_code = ${districtCode}`;

/**
 * pending → computing: one row per street with recipients who may be owed money this month or in
 * the look-back window; `total` is their number. Repeating it keeps what exists.
 */
export async function planRun(db: Db, runId: string, s: ComputeSettings): Promise<{ total: number }> {
  const run = await loadRun(db, runId);
  if (!['pending', 'computing'].includes(run.status)) {
    throw new RunRefusal(`发放批次状态为“${RUN_STATUS_LABELS[run.status]}”，不能计算`);
  }
  const month = monthOfDate(run.month);
  await assertStandardsCover(db, month, inDistrict(run.districtCode));
  const oldest = `${addMonths(month, -s.backPayMonths)}-01`;
  await db.$transaction([
    db.$executeRaw`
      INSERT INTO disbursement_run_street (run_id, street_code, recipients)
      SELECT ${runId}::uuid, r.street_code, count(*)::int FROM recipient r
      WHERE r.district_code = ${run.districtCode} AND r.start_month <= ${month + '-01'}::date
        AND (r.end_month IS NULL OR r.end_month >= ${oldest}::date)
      GROUP BY r.street_code
      ON CONFLICT (run_id, street_code) DO NOTHING`,
    db.$executeRaw`
      UPDATE disbursement_run SET status = 'computing',
        compute_started_at = coalesce(compute_started_at, now()), updated_at = now(),
        total = (SELECT coalesce(sum(recipients), 0) FROM disbursement_run_street WHERE run_id = ${runId}::uuid)
      WHERE id = ${runId}::uuid`,
  ]);
  const planned = await db.disbursementRun.findUniqueOrThrow({ where: { id: runId } });
  return { total: planned.total };
}

/**
 * Earlier months of the window that this district was paid for, each with the recipients whose
 * due amount may have changed since: all of an area whose standard row changed (a retroactive
 * notice), recipients enrolled or changed later (a grant after that month's run, 条例 "from the
 * month of approval"), households whose bank account was added later.
 */
async function backPayMonths(db: Db, districtCode: string, month: IsoMonth, s: ComputeSettings) {
  const runs = await db.disbursementRun.findMany({
    where: {
      districtCode,
      month: { gte: new Date(`${addMonths(month, -s.backPayMonths)}-01`), lt: new Date(`${month}-01`) },
      computeStartedAt: { not: null },
    },
    orderBy: { month: 'asc' },
  });
  const out: BackPayMonth[] = [];
  for (const r of runs) {
    const p = monthOfDate(r.month);
    const since = r.computeStartedAt!;
    const changed = await db.$queryRaw<{ area: string }[]>`
      SELECT DISTINCT area::text FROM assistance_standard
      WHERE effective_from <= ${p + '-01'}::date AND updated_at > ${since}`;
    const areas = changed.map((c) => c.area);
    const filter = Prisma.sql`(r.area::text = ANY(${areas}::text[]) OR r.changed_at > ${since} OR h.updated_at > ${since})`;
    const [count] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM recipient r JOIN household h ON h.id = r.household_id
      WHERE r.district_code = ${districtCode} AND r.start_month <= ${p + '-01'}::date AND ${filter}`;
    if (count!.n > 0) {
      await assertStandardsCover(db, p, Prisma.sql`${inDistrict(districtCode)} AND ${filter}`);
      out.push({ month: p, filter });
    }
  }
  return out;
}

/**
 * One batch of streets in one transaction: regular / 渐退 lines of the month, back-pay lines, each
 * street's totals, the run's progress. Streets already computed (a resumed or concurrent run) are
 * skipped under their row locks. Returns how many streets it computed.
 */
async function computeStreets(
  db: Db,
  run: { id: string; districtCode: string; month: IsoMonth },
  streetCodes: string[],
  backPay: BackPayMonth[],
  s: ComputeSettings,
): Promise<number> {
  return db.$transaction(
    async (tx) => {
      const open = await tx.$queryRaw<{ street_code: string }[]>`
        SELECT street_code FROM disbursement_run_street
        WHERE run_id = ${run.id}::uuid AND street_code = ANY(${streetCodes}::text[]) AND computed_at IS NULL
        ORDER BY street_code FOR UPDATE`;
      const codes = open.map((o) => o.street_code);
      if (codes.length === 0) return 0;
      const where = Prisma.sql`r.district_code = ${run.districtCode} AND r.street_code = ANY(${codes}::text[])`;
      const m = run.month;
      const missing = await tx.$queryRaw<{ street_code: string; missing: number }[]>`
        WITH ${duesPrelude(m, where, s.rounding)},
        ins AS (
          INSERT INTO payment_line (run_id, recipient_id, household_id, street_code, for_month, paid_in_month,
                                    kind, amount, standard, reason)
          SELECT ${run.id}::uuid, d.recipient_id, d.household_id, d.street_code, ${m + '-01'}::date,
                 ${m + '-01'}::date, CASE WHEN d.tapering THEN 'taper' ELSE 'regular' END::payment_kind,
                 d.due_fen / 100.0, d.standard, CASE WHEN d.tapering THEN '渐退期 ' ELSE '' END || d.reason
          FROM due d WHERE d.due_fen > 0 AND d.has_account
          ON CONFLICT (household_id, for_month, kind, paid_in_month) DO NOTHING
          RETURNING 1
        )
        SELECT street_code, count(*)::int AS missing FROM due
        WHERE due_fen > 0 AND NOT has_account GROUP BY street_code`;
      for (const p of backPay) {
        await tx.$executeRaw`
          WITH ${duesPrelude(p.month, Prisma.sql`${where} AND ${p.filter}`, s.rounding)},
          paid AS (
            SELECT pl.household_id, sum(pl.amount) AS paid FROM payment_line pl
            WHERE pl.for_month = ${p.month + '-01'}::date AND pl.household_id IN (SELECT household_id FROM due)
            GROUP BY pl.household_id
          )
          INSERT INTO payment_line (run_id, recipient_id, household_id, street_code, for_month, paid_in_month,
                                    kind, amount, standard, reason)
          SELECT ${run.id}::uuid, d.recipient_id, d.household_id, d.street_code, ${p.month + '-01'}::date,
                 ${m + '-01'}::date, 'back_pay', d.due_fen / 100.0 - coalesce(pd.paid, 0), d.standard,
                 format('补发 %s：应发 %s 元，已发 %s 元；', ${p.month}::text,
                        to_char(d.due_fen / 100.0, 'FM999999990.00'),
                        to_char(coalesce(pd.paid, 0), 'FM999999990.00')) || d.reason
          FROM due d LEFT JOIN paid pd ON pd.household_id = d.household_id
          WHERE d.has_account AND d.due_fen / 100.0 > coalesce(pd.paid, 0)
          ON CONFLICT (household_id, for_month, kind, paid_in_month) DO NOTHING`;
      }
      // Street totals read first, then written from arrays: one aggregate and one keyed update.
      const totals = await tx.$queryRaw<{ street_code: string; households: number; amount: string }[]>`
        SELECT street_code, count(DISTINCT household_id)::int AS households, sum(amount)::text AS amount
        FROM payment_line WHERE run_id = ${run.id}::uuid AND street_code = ANY(${codes}::text[])
        GROUP BY street_code`;
      const of = new Map(totals.map((t) => [t.street_code, t]));
      const missingOf = new Map(missing.map((x) => [x.street_code, x.missing]));
      await tx.$executeRaw`
        UPDATE disbursement_run_street rs SET computed_at = now(), households = v.households,
          amount = v.amount, missing_accounts = v.missing
        FROM unnest(${codes}::text[], ${codes.map((c) => of.get(c)?.households ?? 0)}::int[],
                    ${codes.map((c) => of.get(c)?.amount ?? '0')}::numeric[],
                    ${codes.map((c) => missingOf.get(c) ?? 0)}::int[]) AS v(street_code, households, amount, missing)
        WHERE rs.run_id = ${run.id}::uuid AND rs.street_code = v.street_code`;
      await tx.$executeRaw`
        UPDATE disbursement_run SET updated_at = now(), done = (
          SELECT coalesce(sum(recipients), 0) FROM disbursement_run_street
          WHERE run_id = ${run.id}::uuid AND computed_at IS NOT NULL)
        WHERE id = ${run.id}::uuid`;
      return codes.length;
    },
    { maxWait: 10_000, timeout: 300_000 },
  );
}

/** Streets in code order, grouped so each batch holds about `size` recipients (a street is never split). */
function batches(streets: { streetCode: string; recipients: number }[], size: number): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  let n = 0;
  for (const st of streets) {
    cur.push(st.streetCode);
    n += st.recipients;
    if (n >= size) {
      out.push(cur);
      cur = [];
      n = 0;
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Totals of the run from its lines; computing → computed. */
async function finishRun(db: Db, runId: string): Promise<void> {
  await db.$executeRaw`
    UPDATE disbursement_run r SET status = 'computed', computed_at = now(), updated_at = now(),
      households = t.households, lines = t.lines, amount = t.amount,
      back_pay_amount = t.back_pay, taper_amount = t.taper,
      missing_accounts = (SELECT coalesce(sum(missing_accounts), 0) FROM disbursement_run_street
                          WHERE run_id = ${runId}::uuid)
    FROM (SELECT count(DISTINCT household_id)::int AS households, count(*)::int AS lines,
                 coalesce(sum(amount), 0) AS amount,
                 coalesce(sum(amount) FILTER (WHERE kind = 'back_pay'), 0) AS back_pay,
                 coalesce(sum(amount) FILTER (WHERE kind = 'taper'), 0) AS taper
          FROM payment_line WHERE run_id = ${runId}::uuid) t
    WHERE r.id = ${runId}::uuid AND r.status = 'computing'`;
}

/**
 * The whole computation, resumable: plans the streets, computes those not yet computed (calling
 * `onProgress` after each), then the totals. Already computed runs are left as they are.
 */
export async function computeRun(
  db: Db,
  runId: string,
  s: ComputeSettings,
  onProgress?: (p: Progress) => void,
): Promise<{ computedStreets: number }> {
  const before = await loadRun(db, runId);
  if (['computed', 'awaiting_approval', 'approved', 'paid'].includes(before.status)) {
    return { computedStreets: 0 };
  }
  await planRun(db, runId, s);
  const run = { id: runId, districtCode: before.districtCode, month: monthOfDate(before.month) };
  const backPay = await backPayMonths(db, run.districtCode, run.month, s);
  const streets = await db.disbursementRunStreet.findMany({
    where: { runId, computedAt: null },
    orderBy: { streetCode: 'asc' },
    select: { streetCode: true, recipients: true },
  });
  let computedStreets = 0;
  for (const batch of batches(streets, s.batchRecipients ?? BATCH_RECIPIENTS)) {
    computedStreets += await computeStreets(db, run, batch, backPay, s);
    if (onProgress) {
      const p = await db.disbursementRun.findUniqueOrThrow({ where: { id: runId } });
      onProgress({ done: p.done, total: p.total, streets: batch });
    }
  }
  await finishRun(db, runId);
  return { computedStreets };
}
