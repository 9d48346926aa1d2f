/**
 * 动态管理 (条例 §26): every recipient is re-checked on the schedule its household's category sets
 * (the rule is `recheckCycle` in server/domain/review.ts). Due re-checks are opened set-based each
 * month; each runs as a `recheck` process; closing one schedules the next.
 */
import type { Tx } from '../auth/audit';
import type { Db } from '../db/client';
import type { RecheckCategory, RecheckStatus } from '../db/generated/enums';
import { CYCLE_MONTHS, recheckCycle, type RecheckCycle, type RecheckFacts } from '../domain/review';
import { addMonths, monthOfDate, monthStart, type IsoMonth } from './months';
import { RunRefusal } from './runs';

export const RECHECK_CATEGORY_LABELS: Record<RecheckCategory, string> = {
  monthly: '按月复核',
  half_yearly: '每半年复核',
  yearly: '每年复核',
};

const CATEGORY_OF: Record<RecheckCycle, RecheckCategory> = {
  monthly: 'monthly',
  'half-yearly': 'half_yearly',
  yearly: 'yearly',
};
const CYCLE_OF: Record<RecheckCategory, RecheckCycle> = {
  monthly: 'monthly',
  half_yearly: 'half-yearly',
  yearly: 'yearly',
};

/** The schedule of a household (条例 §26, `recheckCycle` in server/domain/review.ts). */
export const categoryOf = (f: RecheckFacts): RecheckCategory => CATEGORY_OF[recheckCycle(f)];

/** Months between two re-checks of a category. */
export const intervalOf = (c: RecheckCategory): number => CYCLE_MONTHS[CYCLE_OF[c]];

/** The first re-check after enrolment from `startMonth`. */
export function firstRecheckMonth(startMonth: IsoMonth, c: RecheckCategory): IsoMonth {
  return addMonths(startMonth, intervalOf(c));
}

/**
 * The facts of a recipient's household as they are now (after the street's updates). Income is
 * stable when the investigation recorded `incomeStable: true` in the case data; a 特困 person has
 * no income source by definition (43号), so the support itself is the stable income — no 条例
 * frequency is written for 特困, this is the reading applied.
 */
export async function recheckFactsOf(tx: Tx, recipientId: string): Promise<RecheckFacts> {
  const r = await tx.recipient.findUnique({
    where: { id: recipientId },
    include: { household: { include: { members: true } }, case: { select: { data: true } } },
  });
  if (!r) throw new RunRefusal('保障对象不存在', 404);
  const data = (r.case.data ?? {}) as { incomeStable?: unknown };
  const members = r.household.members;
  return {
    area: r.area,
    ableBodiedJobless: members.some((m) => m.ableBodiedJobless),
    seriousIllnessOrDisability: members.some((m) => m.seriousIllness || m.disabilityGrade !== null),
    incomeStable: r.type === 'tekun' || data.incomeStable === true,
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
    dueMonth: monthOfDate(x.dueMonth),
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
  if (x.status !== 'open') return { closed: false, nextDue: monthOfDate(x.recipient.nextRecheckMonth) };
  const byCadence = addMonths(monthOfDate(x.dueMonth), intervalOf(c.category));
  const earliest = addMonths(c.completedIn, 1);
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
