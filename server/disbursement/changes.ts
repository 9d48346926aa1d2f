/**
 * 增发 / 减发 / 停发 / 渐退 decisions (动态管理, 条例 §26): written reasons, the recipient heard before
 * a cut or a termination (社会救助法 §48), effective from the month after the decision, so the
 * next month's amount changes and no month already paid is touched.
 *
 * Two steps around the 决定书: `prepareChange` prices and records the decision (what the document
 * states), `applyChange` makes it effective once the document exists. Both are idempotent: one
 * decision per re-check, applied once.
 */
import type { Tx } from '../auth/audit';
import type { ChangeKind, Prisma } from '../db/generated/client';
import { MAX_GRADUAL_EXIT_MONTHS } from '../domain/review';
import { monthlyAmount } from './amounts';
import type { Rounding, Terms } from './dues-sql';
import { addMonths, monthOfDate, monthStart, type IsoMonth } from './months';
import { RunRefusal } from './runs';

export const CHANGE_KIND_LABELS: Record<ChangeKind, string> = {
  increase: '增发',
  decrease: '减发',
  stop: '停发',
  taper: '渐退',
};

/** Kinds that cut or end the assistance: the recipient must be heard first (社会救助法 §48). */
export const NEEDS_HEARING: readonly ChangeKind[] = ['decrease', 'stop', 'taper'];

export interface Hearing {
  heardOn: string;
  method: string;
  statement: string;
}

export interface ChangeProposal {
  recipientId: string;
  recheckId: string;
  kind: ChangeKind;
  reasons: string[];
  hearing?: Hearing | null;
  taperMonths?: number | null;
  /** 增发 / 减发: the household's terms as re-assessed. */
  newTerms?: Terms | null;
  /** Day of the district's decision (China), 'YYYY-MM-DD'. */
  decidedOn: string;
  decidedById?: string | null;
}

export interface PreparedChange {
  changeId: string;
  kind: ChangeKind;
  fromMonth: IsoMonth;
  previousAmount: number;
  newAmount: number;
  created: boolean;
}

const refuse = (m: string) => new RunRefusal(m, 400);

function prepared(
  c: {
    id: string;
    kind: ChangeKind;
    fromMonth: Date;
    previousAmount: Prisma.Decimal;
    newAmount: Prisma.Decimal;
  },
  created: boolean,
): PreparedChange {
  return {
    changeId: c.id,
    kind: c.kind,
    fromMonth: monthOfDate(c.fromMonth),
    previousAmount: Number(c.previousAmount),
    newAmount: Number(c.newAmount),
    created,
  };
}

export async function prepareChange(tx: Tx, p: ChangeProposal, rounding: Rounding): Promise<PreparedChange> {
  const existing = await tx.amountChange.findUnique({ where: { recheckId: p.recheckId } });
  if (existing) return prepared(existing, false);
  const recipient = await tx.recipient.findUnique({ where: { id: p.recipientId } });
  if (!recipient) throw new RunRefusal('保障对象不存在', 404);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.decidedOn)) throw refuse(`决定日期格式应为 YYYY-MM-DD：${p.decidedOn}`);
  const reasons = p.reasons.map((r) => r.trim()).filter(Boolean);
  if (reasons.length === 0) throw refuse(`${CHANGE_KIND_LABELS[p.kind]}决定必须写明理由（条例第二十六条）`);
  if (NEEDS_HEARING.includes(p.kind)) {
    if (!p.hearing?.heardOn || !p.hearing.statement?.trim()) {
      throw refuse(`${CHANGE_KIND_LABELS[p.kind]}前必须听取保障对象的陈述和申辩意见（社会救助法第四十八条）`);
    }
    if (p.hearing.heardOn > p.decidedOn) throw refuse('听取意见的日期不能晚于决定日期');
  }
  // The next month's amount changes (条例 §26): nothing already paid is reopened.
  const fromMonth = addMonths(p.decidedOn.slice(0, 7), 1);
  if (recipient.endMonth && monthOfDate(recipient.endMonth) < fromMonth) {
    throw refuse(
      `该对象已于 ${monthOfDate(recipient.endMonth)} 停发，不能再作${CHANGE_KIND_LABELS[p.kind]}决定`,
    );
  }
  const previous = await monthlyAmount(tx, p.recipientId, fromMonth, rounding);
  let newAmount: number;
  let taperMonths: number | null = null;
  switch (p.kind) {
    case 'stop':
      newAmount = 0;
      break;
    case 'taper':
      if (recipient.taperFromMonth) throw refuse('该对象已在渐退期内');
      taperMonths = p.taperMonths ?? 0;
      if (!Number.isInteger(taperMonths) || taperMonths < 1 || taperMonths > MAX_GRADUAL_EXIT_MONTHS) {
        throw refuse(`渐退期应为 1–${MAX_GRADUAL_EXIT_MONTHS} 个月`);
      }
      newAmount = previous.amount;
      break;
    default: {
      if (!p.newTerms) throw refuse(`${CHANGE_KIND_LABELS[p.kind]}须附重新核算的家庭情况`);
      newAmount = (await monthlyAmount(tx, p.recipientId, fromMonth, rounding, p.newTerms)).amount;
      if (p.kind === 'increase' && !(newAmount > previous.amount)) {
        throw refuse(`重新核算后月保障金为 ${newAmount} 元，不高于现发 ${previous.amount} 元，不属于增发`);
      }
      if (p.kind === 'decrease' && !(newAmount < previous.amount)) {
        throw refuse(`重新核算后月保障金为 ${newAmount} 元，不低于现发 ${previous.amount} 元，不属于减发`);
      }
      if (p.kind === 'decrease' && newAmount === 0)
        throw refuse('重新核算后不再符合条件，应作停发（或渐退）决定');
    }
  }
  const change = await tx.amountChange.create({
    data: {
      recipientId: p.recipientId,
      recheckId: p.recheckId,
      kind: p.kind,
      fromMonth: monthStart(fromMonth),
      previousAmount: previous.amount,
      newAmount,
      taperMonths,
      newTerms: p.newTerms ? { ...p.newTerms } : undefined,
      reasons,
      hearing: p.hearing ? { ...p.hearing } : undefined,
      decidedById: p.decidedById ?? null,
      decidedOn: new Date(`${p.decidedOn}T00:00:00Z`),
    },
  });
  return prepared(change, true);
}

/** Makes a prepared decision effective from its month; a second call changes nothing. */
export async function applyChange(
  tx: Tx,
  changeId: string,
  documentId: string | null,
  now = new Date(),
): Promise<{ applied: boolean }> {
  const c = await tx.amountChange.findUnique({ where: { id: changeId } });
  if (!c) throw new RunRefusal('变更决定不存在', 404);
  if (c.appliedAt) return { applied: false };
  const from = monthOfDate(c.fromMonth);
  const label = CHANGE_KIND_LABELS[c.kind];
  if (c.kind === 'increase' || c.kind === 'decrease') {
    const t = c.newTerms as unknown as Terms;
    const terms = { ...t, reason: `${label}决定`, changeId: c.id };
    await tx.recipientTerms.upsert({
      where: { recipientId_fromMonth: { recipientId: c.recipientId, fromMonth: c.fromMonth } },
      create: { recipientId: c.recipientId, fromMonth: c.fromMonth, ...terms },
      update: terms,
    });
    await tx.recipient.update({ where: { id: c.recipientId }, data: { changedAt: now } });
  } else if (c.kind === 'stop') {
    await tx.recipient.update({
      where: { id: c.recipientId },
      data: { status: 'stopped', endMonth: monthStart(addMonths(from, -1)), changedAt: now },
    });
  } else {
    await tx.recipient.update({
      where: { id: c.recipientId },
      data: {
        status: 'tapering',
        taperFromMonth: c.fromMonth,
        endMonth: monthStart(addMonths(from, (c.taperMonths ?? 1) - 1)),
        changedAt: now,
      },
    });
  }
  await tx.amountChange.update({ where: { id: c.id }, data: { appliedAt: now, documentId } });
  return { applied: true };
}
