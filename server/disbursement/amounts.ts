/**
 * One recipient's monthly amount, through the same SQL as the runs (dues-sql.ts), so what a
 * decision states as its current or new amount is exactly what the run will pay. With `terms`,
 * it prices proposed terms (a re-check's 增发 / 减发, an enrolment) without storing them.
 */
import { Prisma } from '../db/generated/client';
import type { Tx } from '../auth/audit';
import { assertStandardsCover, duesPrelude, type Rounding, type Terms } from './dues-sql';
import type { IsoMonth } from './months';

export interface MonthlyAmount {
  /** Yuan; 0 when nothing is due (not enrolled that month, stopped, income not below the line). */
  amount: number;
  standard: number | null;
  reason: string | null;
}

export async function monthlyAmount(
  tx: Tx,
  recipientId: string,
  month: IsoMonth,
  rounding: Rounding,
  terms?: Terms,
): Promise<MonthlyAmount> {
  const where = Prisma.sql`r.id = ${recipientId}::uuid`;
  await assertStandardsCover(tx, month, where, terms);
  const [row] = await tx.$queryRaw<{ due_fen: bigint; standard: string | null; reason: string }[]>`
    WITH ${duesPrelude(month, where, rounding, terms)}
    SELECT due_fen, standard::text, reason FROM due`;
  if (!row) return { amount: 0, standard: null, reason: null };
  return {
    amount: Number(row.due_fen) / 100,
    standard: row.standard === null ? null : Number(row.standard),
    reason: row.reason,
  };
}
