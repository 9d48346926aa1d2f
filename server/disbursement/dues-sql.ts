/**
 * What every recipient is due for one month, as one set-based SQL expression (a WITH prelude):
 * the recipient's terms valid in that month × the standard valid in that month (DOMAIN.md "Money":
 * standards are effective-dated, each month is paid with its own standard).
 *
 *   低保: 补差 = 低保标准 × 人数 − 家庭月收入, rounded to the yuan as AMOUNT_ROUNDING says, plus the
 *        分类重点救助 add-ons; nothing when income is not below the line (条例, 57号).
 *   特困: 基本生活标准 + 照料护理标准 of the care tier (43号).
 *   Both: plus the adjustment the decider made at enrolment (decided − formula).
 *
 * All money is in integer 分 until the line is written, so the SQL rounds exactly as
 * `roundToYuan` in server/domain/money.ts does (a test compares the two on many values).
 */
import type { Tx } from '../auth/audit';
import { Prisma } from '../db/generated/client';
import type { Rounding } from '../domain/settings';
import type { IsoMonth } from './months';

export type { Rounding };

/** The amount components of a recipient (a `recipient_terms` row without its key). */
export interface Terms {
  householdSize: number;
  incomeFen: number;
  addOnFen: number;
  careTier: 'self' | 'half' | 'full' | null;
  adjustmentFen: number;
}

/** The terms valid in the month, or — to price a proposed change — the given ones. */
function termsSource(m: Prisma.Sql, terms?: Terms): Prisma.Sql {
  if (!terms) {
    return Prisma.sql`(
        SELECT * FROM recipient_terms t
        WHERE t.recipient_id = r.id AND t.from_month <= ${m}
        ORDER BY t.from_month DESC LIMIT 1
      )`;
  }
  return Prisma.sql`(
        SELECT ${terms.householdSize}::smallint AS household_size, ${terms.incomeFen}::int AS income_fen,
               ${terms.addOnFen}::int AS add_on_fen, ${terms.careTier}::care_tier AS care_tier,
               ${terms.adjustmentFen}::int AS adjustment_fen
      )`;
}

/** Whole yuan from a positive amount of 分 (integer division; the argument is > 0). */
function roundFen(expr: Prisma.Sql, mode: Rounding): Prisma.Sql {
  switch (mode) {
    case 'half-up':
      return Prisma.sql`((${expr} + 50) / 100)`;
    case 'up':
      return Prisma.sql`((${expr} + 99) / 100)`;
    case 'down':
      return Prisma.sql`(${expr} / 100)`;
  }
}

const yuan = (fenExpr: string) => `to_char((${fenExpr}) / 100.0, 'FM999999990.00')`;

/**
 * `std`, `base` and `due` CTEs for `month`, restricted by `where` (over `recipient r`). `due` has:
 * recipient_id, household_id, street_code, type, area, changed_at, tapering, has_account,
 * standard (numeric), due_fen (bigint, ≥ 0) and reason (text).
 */
export function duesPrelude(
  month: IsoMonth,
  where: Prisma.Sql,
  rounding: Rounding,
  terms?: Terms,
): Prisma.Sql {
  const m = Prisma.sql`${month + '-01'}::date`;
  const label = Prisma.sql`${month}::text`;
  const base = roundFen(Prisma.sql`b.gap_fen`, rounding);
  return Prisma.sql`
    std AS (
      SELECT DISTINCT ON (area) area, dibao, tekun_basic, care_full, care_half, care_self
      FROM assistance_standard WHERE effective_from <= ${m}
      ORDER BY area, effective_from DESC
    ),
    base AS (
      SELECT r.id AS recipient_id, r.household_id, r.street_code, r.type, r.area, r.changed_at,
             (r.taper_from_month IS NOT NULL AND r.taper_from_month <= ${m}) AS tapering,
             coalesce(h.bank_account, '') <> '' AS has_account,
             t.household_size, t.income_fen, t.add_on_fen, t.care_tier, t.adjustment_fen,
             s.dibao, s.tekun_basic,
             CASE t.care_tier WHEN 'full' THEN s.care_full WHEN 'half' THEN s.care_half
                              WHEN 'self' THEN coalesce(s.care_self, 0) END AS care,
             (s.dibao * 100)::bigint * t.household_size - t.income_fen AS gap_fen
      FROM recipient r
      JOIN LATERAL ${termsSource(m, terms)} t ON true
      JOIN household h ON h.id = r.household_id
      LEFT JOIN std s ON s.area = r.area
      WHERE ${where} AND r.start_month <= ${m} AND (r.end_month IS NULL OR r.end_month >= ${m})
    ),
    due AS (
      SELECT b.recipient_id, b.household_id, b.street_code, b.type, b.area, b.changed_at, b.tapering,
             b.has_account,
             CASE b.type WHEN 'dibao' THEN b.dibao ELSE b.tekun_basic END AS standard,
             CASE WHEN b.type = 'dibao' THEN
                    CASE WHEN b.gap_fen > 0
                         THEN greatest(${base} * 100 + b.add_on_fen + b.adjustment_fen, 0) ELSE 0 END
                  ELSE greatest((b.tekun_basic * 100)::bigint + (b.care * 100)::bigint + b.adjustment_fen, 0)
             END AS due_fen,
             CASE WHEN b.type = 'dibao' THEN
                    format('%s %s低保：标准 %s 元 × %s 人 − 家庭月收入 %s 元，补差 %s 元',
                           ${label}, CASE b.area WHEN 'urban' THEN '城市' ELSE '农村' END,
                           trim_scale(b.dibao), b.household_size, ${Prisma.raw(yuan('b.income_fen'))},
                           CASE WHEN b.gap_fen > 0 THEN ${base} ELSE 0 END)
                    || CASE WHEN b.add_on_fen > 0
                            THEN format('；分类重点救助 %s 元', ${Prisma.raw(yuan('b.add_on_fen'))}) ELSE '' END
                  ELSE format('%s 特困：基本生活 %s 元 + 照料护理（%s）%s 元', ${label}, trim_scale(b.tekun_basic),
                              CASE b.care_tier WHEN 'full' THEN '全护理' WHEN 'half' THEN '半护理' ELSE '全自理' END,
                              trim_scale(b.care))
             END
             || CASE WHEN b.adjustment_fen <> 0
                     THEN format('；核定调整 %s 元', ${Prisma.raw(`to_char(b.adjustment_fen / 100.0, 'FMS999999990.00')`)})
                     ELSE '' END AS reason
      FROM base b
    )`;
}

export class MissingStandardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingStandardError';
  }
}

/**
 * Fails with a zh-CN message when a recipient in `where` has no standard for `month` (a month before
 * the first stored standard, or a rural 特困 figure that was never published) — the SQL above
 * would otherwise treat the missing figure as 0.
 */
export async function assertStandardsCover(
  db: Tx,
  month: IsoMonth,
  where: Prisma.Sql,
  terms?: Terms,
): Promise<void> {
  const rows = await db.$queryRaw<{ type: string; area: string; n: number }[]>`
    WITH ${duesPrelude(month, where, 'down', terms)}
    SELECT b.type::text, b.area::text, count(*)::int AS n FROM base b
    WHERE (b.type = 'dibao' AND b.dibao IS NULL) OR (b.type = 'tekun' AND (b.tekun_basic IS NULL OR b.care IS NULL))
    GROUP BY 1, 2`;
  if (rows.length === 0) return;
  const what = rows
    .map((r) => `${r.area === 'urban' ? '城市' : '农村'}${r.type === 'dibao' ? '低保' : '特困'} ${r.n} 人`)
    .join('、');
  throw new MissingStandardError(`${month} 没有适用的救助标准（${what}），请先在标准表中录入该月适用的标准`);
}
