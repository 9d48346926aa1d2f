/**
 * 动态管理 (条例 §26): every recipient is re-checked on a schedule set by its household category —
 * monthly for an urban household with an able-bodied member without work, every six months for a
 * stable household, yearly for a household with a seriously ill or severely disabled member and a
 * stable income. Due re-checks are opened set-based each month; each runs as a `recheck` process.
 */
import type { Tx } from '../auth/audit';
import type { Db } from '../db/client';
import type { RecheckCategory, RecheckStatus } from '../db/generated/enums';
import { monthOf, monthStart, shiftMonth, type IsoMonth } from './months';
import { RunRefusal } from './runs';

export const RECHECK_CATEGORY_LABELS: Record<RecheckCategory, string> = {
  monthly: '按月复核（城市家庭有劳动能力未就业成员）',
  half_yearly: '每半年复核（家庭情况稳定）',
  yearly: '每年复核（重病、重残且收入稳定）',
};

/** Months between re-checks (条例 §26). */
export const RECHECK_INTERVAL: Record<RecheckCategory, number> = { monthly: 1, half_yearly: 6, yearly: 12 };

export interface CategoryFacts {
  type: 'dibao' | 'tekun';
  area: 'urban' | 'rural';
  members: { ableBodiedJobless: boolean; seriousIllness: boolean; disabilityGrade: number | null }[];
  /** The investigation found the household's income stable (case data `incomeStable`). */
  incomeStable: boolean;
}

/**
 * 条例 §26. The most frequent applicable schedule wins. A 特困 person has no income source by
 * definition (43号), so the support itself is the stable income: yearly when 重病/重残, else
 * half-yearly (no 条例 frequency is written for 特困; this is the reading applied).
 */
export function recheckCategory(f: CategoryFacts): RecheckCategory {
  if (f.area === 'urban' && f.members.some((m) => m.ableBodiedJobless)) return 'monthly';
  const graveCase = f.members.some(
    (m) => m.seriousIllness || (m.disabilityGrade !== null && m.disabilityGrade <= 2),
  );
  const stable = f.type === 'tekun' || f.incomeStable;
  return graveCase && stable ? 'yearly' : 'half_yearly';
}

/** The first re-check after enrolment from `startMonth`. */
export function firstRecheckMonth(startMonth: IsoMonth, c: RecheckCategory): IsoMonth {
  return shiftMonth(startMonth, RECHECK_INTERVAL[c]);
}

/** The household facts of a recipient as they are now (after the street's updates). */
export async function categoryFactsOf(tx: Tx, recipientId: string): Promise<CategoryFacts> {
  const r = await tx.recipient.findUnique({
    where: { id: recipientId },
    include: { household: { include: { members: true } }, case: { select: { data: true } } },
  });
  if (!r) throw new RunRefusal('保障对象不存在', 404);
  const data = (r.case.data ?? {}) as { incomeStable?: unknown };
  return {
    type: r.type === 'tekun' ? 'tekun' : 'dibao',
    area: r.area,
    members: r.household.members,
    incomeStable: data.incomeStable === true,
  };
}

export interface OpenedRecheck {
  id: string;
  recipientId: string;
  caseId: string;
  householdId: string;
  districtCode: string;
  streetCode: string;
  dueMonth: IsoMonth;
  category: RecheckCategory;
}

/**
 * Opens a re-check for every recipient still supported in `month` (not in a 渐退期, which ends by
 * itself) whose next re-check is due by then and who has none open, and returns every open re-check without a process instance yet (so
 * a retry after a crash starts the ones left over). One statement; repeating it opens nothing new.
 */
export async function openDueRechecks(
  db: Db,
  month: IsoMonth,
  districtCode?: string,
): Promise<OpenedRecheck[]> {
  const m = `${month}-01`;
  await db.$executeRaw`
    INSERT INTO recheck (id, recipient_id, due_month, category)
    SELECT gen_random_uuid(), r.id, r.next_recheck_month, r.recheck_category FROM recipient r
    WHERE r.next_recheck_month <= ${m}::date AND (r.end_month IS NULL OR r.end_month >= ${m}::date)
      AND r.start_month <= ${m}::date AND r.taper_from_month IS NULL
      AND (${districtCode ?? null}::text IS NULL OR r.district_code = ${districtCode ?? null})
      AND NOT EXISTS (SELECT 1 FROM recheck x WHERE x.recipient_id = r.id AND x.status = 'open')
    ON CONFLICT (recipient_id, due_month) DO NOTHING`;
  const rows = await db.recheck.findMany({
    where: {
      status: 'open',
      processInstanceKey: null,
      ...(districtCode ? { recipient: { districtCode } } : {}),
    },
    include: { recipient: true },
    orderBy: [{ dueMonth: 'asc' }, { openedAt: 'asc' }],
  });
  return rows.map((x) => ({
    id: x.id,
    recipientId: x.recipientId,
    caseId: x.recipient.caseId,
    householdId: x.recipient.householdId,
    districtCode: x.recipient.districtCode,
    streetCode: x.recipient.streetCode,
    dueMonth: monthOf(x.dueMonth),
    category: x.category,
  }));
}

export async function attachRecheckProcess(tx: Tx, recheckId: string, key: string): Promise<boolean> {
  const n = await tx.recheck.updateMany({
    where: { id: recheckId, processInstanceKey: null },
    data: { processInstanceKey: key },
  });
  return n.count === 1;
}

export interface CloseInput {
  recheckId: string;
  outcome: Exclude<RecheckStatus, 'open'>;
  visit?: Record<string, unknown> | null;
  /** The category as re-assessed from the household now. */
  category: RecheckCategory;
  /** The month the re-check is completed in (China). */
  completedIn: IsoMonth;
}

/**
 * Closes a re-check and schedules the next: one interval after the due month, but never earlier
 * than the month after completion. A second call changes nothing.
 */
export async function closeRecheck(tx: Tx, c: CloseInput): Promise<{ closed: boolean; nextDue: IsoMonth }> {
  const x = await tx.recheck.findUnique({ where: { id: c.recheckId }, include: { recipient: true } });
  if (!x) throw new RunRefusal('复核记录不存在', 404);
  if (x.status !== 'open') return { closed: false, nextDue: monthOf(x.recipient.nextRecheckMonth) };
  const byCadence = shiftMonth(monthOf(x.dueMonth), RECHECK_INTERVAL[c.category]);
  const earliest = shiftMonth(c.completedIn, 1);
  const nextDue = byCadence > earliest ? byCadence : earliest;
  await tx.recheck.update({
    where: { id: x.id },
    data: { status: c.outcome, closedAt: new Date(), ...(c.visit ? { visit: c.visit as object } : {}) },
  });
  await tx.recipient.update({
    where: { id: x.recipientId },
    data: {
      recheckCategory: c.category,
      lastRecheckMonth: x.dueMonth,
      nextRecheckMonth: monthStart(nextDue),
    },
  });
  return { closed: true, nextDue };
}
