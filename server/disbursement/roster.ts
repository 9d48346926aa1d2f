/**
 * The data of one 街道's 救助金发放花名册 for a run (条例 §22; DOMAIN.md "Documents": the monthly
 * roster per 街道), in the shape of the documents' `disbursement-roster` template: one row per
 * household — 户主, 身份证号 (the template masks it), 人口, 类别, the month's total (regular, 渐退 and
 * back-pay lines together, as in the bank file) and the bank account. The `generate-document`
 * worker reads it by `runId` and `streetCode`.
 */
import type { Db } from '../db/client';
import { monthOfDate } from './months';
import { RunRefusal } from './runs';

export interface RosterRow {
  name: string;
  idNumber: string;
  householdSize: number;
  category: '低保' | '特困';
  amount: number;
  bankAccount: string;
}

export interface RosterData {
  street: string;
  month: string;
  /** 低保 when the street has any 低保 household this month, else 特困; each row names its own. */
  caseType: 'dibao' | 'tekun';
  rows: RosterRow[];
  households: number;
  total: string;
}

export async function rosterData(db: Db, runId: string, streetCode: string): Promise<RosterData> {
  const run = await db.disbursementRun.findUnique({ where: { id: runId } });
  if (!run) throw new RunRefusal('发放批次不存在', 404);
  const street = await db.street.findUnique({ where: { code: streetCode } });
  if (!street || street.districtCode !== run.districtCode)
    throw new RunRefusal(`街道 ${streetCode} 不属于本批次的区县`, 404);
  const rows = await db.$queryRaw<
    { name: string; id_number: string; size: number; type: string; amount: string; account: string }[]
  >`
    SELECT a.name, a.id_number, t.household_size::int AS size, r.type::text, sum(pl.amount)::text AS amount,
           h.bank_account AS account
    FROM payment_line pl
    JOIN recipient r ON r.id = pl.recipient_id
    JOIN household h ON h.id = pl.household_id
    JOIN LATERAL (SELECT household_size FROM recipient_terms x WHERE x.recipient_id = r.id AND x.from_month <= ${run.month}
                  ORDER BY x.from_month DESC LIMIT 1) t ON true
    LEFT JOIN LATERAL (SELECT m.name, m.id_number FROM member m WHERE m.household_id = h.id AND m.relation = 'applicant'
                       ORDER BY m.created_at LIMIT 1) a ON true
    WHERE pl.run_id = ${runId}::uuid AND pl.street_code = ${streetCode}
    GROUP BY pl.household_id, a.name, a.id_number, t.household_size, r.type, h.bank_account
    ORDER BY a.id_number`;
  const fen = rows.reduce((s, x) => s + Math.round(Number(x.amount) * 100), 0);
  return {
    street: street.name,
    month: monthOfDate(run.month),
    caseType: rows.some((x) => x.type === 'dibao') || rows.length === 0 ? 'dibao' : 'tekun',
    rows: rows.map((x) => ({
      name: x.name,
      idNumber: x.id_number,
      householdSize: x.size,
      category: x.type === 'tekun' ? '特困' : '低保',
      amount: Number(x.amount),
      bankAccount: x.account,
    })),
    households: rows.length,
    total: (fen / 100).toFixed(2),
  };
}
