/**
 * Feature: 动态管理 schedules (条例 §26).
 * Scenario: households of every category, enrolled from 2026-09; re-checks are opened for
 * October, November and the next half-year.
 */
import {
  categoryOf,
  closeRecheck,
  openDueRechecks,
  recheckFactsOf,
} from '../../server/disbursement/rechecks';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { DISTRICT, enrolled, seedDistrict, type Enrolled } from './support/world';

describe("a household's re-check category (条例 §26)", () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase('disb_category');
    await seedDistrict(tdb.db);
  });
  afterAll(() => tdb.drop());

  /** A recipient whose first member has these flags, and the category read back from the tables. */
  async function categoryFor(
    flags: { ableBodiedJobless?: boolean; seriousIllness?: boolean; disabilityGrade?: number | null },
    more: { area?: 'urban' | 'rural'; type?: 'dibao' | 'tekun'; incomeStable?: boolean } = {},
  ) {
    const e = await enrolled(tdb.db, {
      size: 2,
      income: 0,
      startMonth: '2026-09',
      area: more.area,
      type: more.type,
    });
    const [first] = await tdb.db.member.findMany({
      where: { householdId: e.householdId },
      orderBy: { createdAt: 'asc' },
    });
    await tdb.db.member.update({ where: { id: first!.id }, data: { ableBodiedJobless: false, ...flags } });
    if (more.incomeStable !== undefined)
      await tdb.db.case.update({
        where: { id: e.caseId },
        data: { data: { incomeStable: more.incomeStable } },
      });
    return categoryOf(await recheckFactsOf(tdb.db, e.recipientId));
  }

  it('is monthly for an urban household with an able-bodied member without work', async () => {
    expect(await categoryFor({ ableBodiedJobless: true }, { incomeStable: true })).toBe('monthly');
    expect(await categoryFor({ ableBodiedJobless: true }, { area: 'rural', incomeStable: true })).toBe(
      'half_yearly',
    );
  });

  it('is yearly with illness or disability and a stable income recorded by the investigation', async () => {
    expect(await categoryFor({ seriousIllness: true }, { incomeStable: true })).toBe('yearly');
    expect(await categoryFor({ disabilityGrade: 1 }, { incomeStable: true })).toBe('yearly');
    expect(await categoryFor({}, { incomeStable: true })).toBe('half_yearly');
    // Stability not recorded: checked monthly (server/domain/review.ts).
    expect(await categoryFor({ seriousIllness: true })).toBe('monthly');
  });

  it('takes a 特困 person’s support as the stable income', async () => {
    expect(await categoryFor({ disabilityGrade: 1 }, { type: 'tekun' })).toBe('yearly');
    expect(await categoryFor({}, { type: 'tekun' })).toBe('half_yearly');
  });
});

describe('opening due re-checks', () => {
  let tdb: TestDatabase;
  const r: Record<string, Enrolled> = {};

  beforeAll(async () => {
    tdb = await createTestDatabase('disb_recheck');
    await seedDistrict(tdb.db);
    const at = async (
      k: string,
      category: 'monthly' | 'half_yearly' | 'yearly',
      next: string,
      end?: string,
    ) => {
      r[k] = await enrolled(tdb.db, { size: 2, income: 0, startMonth: '2026-09', endMonth: end ?? null });
      await tdb.db.recipient.update({
        where: { id: r[k]!.recipientId },
        data: { recheckCategory: category, nextRecheckMonth: new Date(`${next}-01T00:00:00Z`) },
      });
    };
    await at('jobless', 'monthly', '2026-10');
    await at('stable', 'half_yearly', '2027-03');
    await at('illStable', 'yearly', '2027-09');
    await at('stopped', 'monthly', '2026-10', '2026-09');
  });
  afterAll(() => tdb.drop());

  it('opens the monthly re-check for the right households only, once', async () => {
    const october = await openDueRechecks(tdb.db, '2026-10', DISTRICT.code);
    expect(october.map((x) => [x.recipientId, x.dueMonth, x.category])).toEqual([
      [r.jobless!.recipientId, '2026-10', 'monthly'],
    ]);
    // Opened again (a retried job): the same open re-check, nothing new.
    expect((await openDueRechecks(tdb.db, '2026-10', DISTRICT.code)).map((x) => x.id)).toEqual([
      october[0]!.id,
    ]);
    expect(await tdb.db.recheck.count()).toBe(1);
  });

  it('schedules the next re-check one interval on, and the half-yearly one in its month', async () => {
    const [october] = await openDueRechecks(tdb.db, '2026-10');
    await tdb.db.recheck.update({
      where: { id: october!.id },
      data: { processInstanceKey: '2251799813685249' },
    });
    const closed = await tdb.db.$transaction((tx) =>
      closeRecheck(tx, {
        recheckId: october!.id,
        outcome: 'no_change',
        category: 'monthly',
        completedIn: '2026-10',
      }),
    );
    expect(closed).toEqual({ closed: true, nextDue: '2026-11' });
    const november = await openDueRechecks(tdb.db, '2026-11');
    expect(november.map((x) => [x.recipientId, x.dueMonth])).toEqual([[r.jobless!.recipientId, '2026-11']]);
    const march = await openDueRechecks(tdb.db, '2027-03');
    expect(march.map((x) => x.recipientId).sort()).toEqual(
      [r.jobless!.recipientId, r.stable!.recipientId].sort(),
    );
  });

  it('never schedules a re-check before the month after it was completed', async () => {
    const open = await tdb.db.recheck.findFirstOrThrow({
      where: { recipientId: r.stable!.recipientId, status: 'open' },
    });
    const closed = await tdb.db.$transaction((tx) =>
      closeRecheck(tx, {
        recheckId: open.id,
        outcome: 'no_change',
        category: 'monthly',
        completedIn: '2027-05',
      }),
    );
    expect(closed.nextDue).toBe('2027-06');
  });
});
