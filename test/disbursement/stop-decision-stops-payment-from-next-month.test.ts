/**
 * Feature: 增发 / 减发 / 停发 / 渐退 take effect from the month after the decision (条例 §26), after
 * the recipient was heard when the decision cuts or ends the assistance (社会救助法 §48).
 * Scenario: October 2026 is paid; on 20 October the district stops A and puts C into a three-month
 * 渐退期; on 5 November it cuts B. November and December are run.
 */
import { applyChange, prepareChange, type ChangeProposal } from '../../server/disbursement/changes';
import { computeRun } from '../../server/disbursement/compute';
import { markPaid, openRun, recordApproval } from '../../server/disbursement/runs';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { DISTRICT, SETTINGS, enrolled, linesOf, seedDistrict, type Enrolled } from './support/world';

let tdb: TestDatabase;
let a: Enrolled;
let b: Enrolled;
let c: Enrolled;
const HEARD = {
  heardOn: '2026-10-15',
  method: '入户当面听取',
  statement: '对象表示已在物业公司就业，无异议',
};

async function run(month: string, today: string) {
  const { run } = await tdb.db.$transaction((tx) =>
    openRun(tx, {
      districtCode: DISTRICT.code,
      month,
      trigger: 'timer',
      now: new Date(`${today}T02:00:00Z`),
    }),
  );
  await computeRun(tdb.db, run.id, SETTINGS);
  const lines = await linesOf(tdb.db, run.id);
  await tdb.db.disbursementRun.update({ where: { id: run.id }, data: { status: 'awaiting_approval' } });
  await tdb.db.$transaction((tx) =>
    recordApproval(tx, {
      runId: run.id,
      approverId: '00000000-0000-4000-8000-000000000009',
      approved: true,
      opinion: '同意',
    }),
  );
  await tdb.db.$transaction((tx) => markPaid(tx, run.id));
  const of = (e: Enrolled) =>
    lines.filter((l) => l.householdId === e.householdId).map((l) => [l.kind, l.amount]);
  return { a: of(a), b: of(b), c: of(c) };
}

async function recheckOf(e: Enrolled, due = '2026-10-01') {
  return tdb.db.recheck.create({
    data: { recipientId: e.recipientId, dueMonth: new Date(`${due}T00:00:00Z`), category: 'monthly' },
  });
}

async function decide(p: Omit<ChangeProposal, 'recheckId'> & { recheckId?: string }, e: Enrolled) {
  const recheckId = p.recheckId ?? (await recheckOf(e)).id;
  return tdb.db.$transaction(async (tx) => {
    const prepared = await prepareChange(tx, { ...p, recheckId }, 'half-up');
    await applyChange(tx, prepared.changeId, null);
    return prepared;
  });
}

beforeAll(async () => {
  tdb = await createTestDatabase('disb_changes');
  await seedDistrict(tdb.db);
  a = await enrolled(tdb.db, { size: 2, income: 0, startMonth: '2026-01' });
  b = await enrolled(tdb.db, { size: 3, income: 300, startMonth: '2026-01' });
  c = await enrolled(tdb.db, { size: 1, income: 0, startMonth: '2026-01' });
});
afterAll(() => tdb.drop());

describe('amount changes', () => {
  it('refuses a 停发 without hearing the recipient first, and changes nothing', async () => {
    const x = await recheckOf(a, '2026-09-01');
    await expect(
      tdb.db.$transaction((tx) =>
        prepareChange(
          tx,
          {
            recipientId: a.recipientId,
            recheckId: x.id,
            kind: 'stop',
            reasons: ['已就业'],
            decidedOn: '2026-10-20',
          },
          'half-up',
        ),
      ),
    ).rejects.toThrow('停发前必须听取保障对象的陈述和申辩意见（社会救助法第四十八条）');
    expect(await tdb.db.amountChange.count()).toBe(0);
  });

  it('stops payment from the month after the 停发 decision; the 渐退期 is paid on, then ends', async () => {
    expect(await run('2026-10', '2026-10-05')).toEqual({
      a: [['regular', 1540]],
      b: [['regular', 2010]],
      c: [['regular', 770]],
    });
    const stop = await decide(
      {
        recipientId: a.recipientId,
        kind: 'stop',
        reasons: ['家庭人均收入已超过低保标准'],
        hearing: HEARD,
        decidedOn: '2026-10-20',
      },
      a,
    );
    expect(stop).toMatchObject({ fromMonth: '2026-11', previousAmount: 1540, newAmount: 0 });
    await decide(
      {
        recipientId: c.recipientId,
        kind: 'taper',
        taperMonths: 3,
        reasons: ['成员就业，给予渐退期'],
        hearing: HEARD,
        decidedOn: '2026-10-20',
      },
      c,
    );
    // B is cut on 5 November: November is still paid in full, December at the new amount.
    const cut = await decide(
      {
        recipientId: b.recipientId,
        kind: 'decrease',
        reasons: ['成员就业，家庭收入增加'],
        hearing: { ...HEARD, heardOn: '2026-11-02' },
        newTerms: { householdSize: 3, incomeFen: 1_300_00, addOnFen: 0, careTier: null, adjustmentFen: 0 },
        decidedOn: '2026-11-05',
      },
      b,
    );
    expect(cut).toMatchObject({ fromMonth: '2026-12', previousAmount: 2010, newAmount: 1010 });
    expect(await run('2026-11', '2026-11-10')).toEqual({
      a: [],
      b: [['regular', 2010]],
      c: [['taper', 770]],
    });
    expect(await run('2026-12', '2026-12-05')).toEqual({
      a: [],
      b: [['regular', 1010]],
      c: [['taper', 770]],
    });
    expect(await run('2027-01', '2027-01-05')).toEqual({
      a: [],
      b: [['regular', 1010]],
      c: [['taper', 770]],
    });
    expect(await run('2027-02', '2027-02-05')).toEqual({ a: [], b: [['regular', 1010]], c: [] });
  });

  it('records one decision per re-check and applies it once', async () => {
    const change = await tdb.db.amountChange.findFirstOrThrow({ where: { recipientId: a.recipientId } });
    const again = await tdb.db.$transaction((tx) =>
      prepareChange(
        tx,
        {
          recipientId: a.recipientId,
          recheckId: change.recheckId!,
          kind: 'stop',
          reasons: ['重复'],
          hearing: HEARD,
          decidedOn: '2026-12-01',
        },
        'half-up',
      ),
    );
    expect(again).toMatchObject({ changeId: change.id, created: false, fromMonth: '2026-11' });
    expect(await tdb.db.$transaction((tx) => applyChange(tx, change.id, null))).toEqual({ applied: false });
    const recipient = await tdb.db.recipient.findUniqueOrThrow({ where: { id: a.recipientId } });
    expect([recipient.status, recipient.endMonth?.toISOString().slice(0, 7)]).toEqual(['stopped', '2026-10']);
  });

  it('refuses an 增发 that does not raise the amount', async () => {
    const x = await recheckOf(b, '2026-12-01');
    await expect(
      tdb.db.$transaction((tx) =>
        prepareChange(
          tx,
          {
            recipientId: b.recipientId,
            recheckId: x.id,
            kind: 'increase',
            reasons: ['复核'],
            newTerms: {
              householdSize: 3,
              incomeFen: 1_500_00,
              addOnFen: 0,
              careTier: null,
              adjustmentFen: 0,
            },
            decidedOn: '2027-02-10',
          },
          'half-up',
        ),
      ),
    ).rejects.toThrow('重新核算后月保障金为 810 元，不高于现发 1010 元，不属于增发');
  });
});
