/**
 * Feature: back-pay (补发).
 * Scenario: April and May 2025 are paid under the 2024-09 standard (低保 750, 特困 975 + 500). In
 * June a notice raises the standard retroactively from April (760, 990), and a household granted in
 * May — after May's run — is enrolled from May (条例: support from the month of approval).
 */
import { computeRun } from '../../server/disbursement/compute';
import { markPaid, openRun, recordApproval } from '../../server/disbursement/runs';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { DISTRICT, SETTINGS, STREETS, enrolled, linesOf, seedDistrict, type Enrolled } from './support/world';

let tdb: TestDatabase;
let a: Enrolled;
let b: Enrolled;
let c: Enrolled;
const APPROVER = '00000000-0000-4000-8000-000000000001';

async function runMonth(month: string, pay = true) {
  const db = tdb.db;
  const { run } = await db.$transaction((tx) =>
    openRun(tx, {
      districtCode: DISTRICT.code,
      month,
      trigger: 'timer',
      now: new Date('2026-11-20T02:00:00Z'),
    }),
  );
  await computeRun(db, run.id, SETTINGS);
  if (pay) {
    await db.disbursementRun.update({ where: { id: run.id }, data: { status: 'awaiting_approval' } });
    await db.$transaction((tx) =>
      recordApproval(tx, { runId: run.id, approverId: APPROVER, approved: true, opinion: '同意' }),
    );
    await db.$transaction((tx) => markPaid(tx, run.id));
  }
  return run.id;
}

beforeAll(async () => {
  tdb = await createTestDatabase('disb_backpay');
  await seedDistrict(tdb.db);
  a = await enrolled(tdb.db, { street: STREETS[0]!.code, size: 2, income: 0, startMonth: '2025-03' });
  b = await enrolled(tdb.db, {
    street: STREETS[1]!.code,
    type: 'tekun',
    careTier: 'full',
    startMonth: '2025-03',
  });
});
afterAll(() => tdb.drop());

describe('a standard raised retroactively', () => {
  let june: string;

  it('is paid as back-pay for the months already paid, with the difference only', async () => {
    const april = await runMonth('2025-04');
    await runMonth('2025-05');
    expect((await linesOf(tdb.db, april)).map((l) => l.amount).sort()).toEqual([1475, 1500]);

    // The notice, entered after May was paid: 低保 760, 特困 990 from 2025-04.
    await tdb.db.$executeRaw`
      INSERT INTO assistance_standard (area, effective_from, dibao, tekun_basic, care_full, care_half, care_self, source)
      VALUES ('urban', '2025-04-01', 760, 990, 500, 300, 100, '追溯调整通知')`;
    c = await enrolled(tdb.db, { street: STREETS[0]!.code, size: 1, income: 100, startMonth: '2025-05' });

    june = await runMonth('2025-06', false);
    const lines = await linesOf(tdb.db, june);
    const of = (e: Enrolled) =>
      lines.filter((l) => l.householdId === e.householdId).map((l) => [l.kind, l.forMonth, l.amount]);
    expect(of(a)).toEqual([
      ['back_pay', '2025-04', 20],
      ['back_pay', '2025-05', 20],
      ['regular', '2025-06', 1520],
    ]);
    expect(of(b)).toEqual([
      ['back_pay', '2025-04', 15],
      ['back_pay', '2025-05', 15],
      ['regular', '2025-06', 1490],
    ]);
    // Granted in May after May's run: May is paid in full as back-pay, April not at all.
    expect(of(c)).toEqual([
      ['back_pay', '2025-05', 660],
      ['regular', '2025-06', 660],
    ]);
    const reason = lines.find((l) => l.householdId === a.householdId && l.forMonth === '2025-04')!.reason;
    expect(reason).toBe(
      '补发 2025-04：应发 1520.00 元，已发 1500.00 元；2025-04 城市低保：标准 760 元 × 2 人 − 家庭月收入 0.00 元，补差 1520 元',
    );
    const run = await tdb.db.disbursementRun.findUniqueOrThrow({ where: { id: june } });
    expect(Number(run.backPayAmount)).toBe(20 + 20 + 15 + 15 + 660);
  });

  it('is not paid again by a repeated computation or by the next month', async () => {
    const before = await linesOf(tdb.db, june);
    await computeRun(tdb.db, june, SETTINGS);
    expect(await linesOf(tdb.db, june)).toEqual(before);
    await tdb.db.disbursementRun.update({ where: { id: june }, data: { status: 'approved' } });
    const july = await runMonth('2025-07', false);
    const lines = await linesOf(tdb.db, july);
    expect(lines.map((l) => l.kind)).toEqual(['regular', 'regular', 'regular']);
    expect(lines.map((l) => l.amount).sort()).toEqual([1501, 1540, 670]);
  });
});

describe('lines of an approved month', () => {
  it('cannot be changed or removed, even by SQL', async () => {
    const line = await tdb.db.paymentLine.findFirstOrThrow({ where: { run: { status: 'paid' } } });
    await expect(tdb.db.paymentLine.update({ where: { id: line.id }, data: { amount: 1 } })).rejects.toThrow(
      '已审批的发放批次的发放记录不能修改或删除',
    );
    await expect(tdb.db.$executeRaw`DELETE FROM payment_line WHERE id = ${line.id}`).rejects.toThrow(
      '已审批的发放批次的发放记录不能修改或删除',
    );
    expect(Number((await tdb.db.paymentLine.findUniqueOrThrow({ where: { id: line.id } })).amount)).toBe(
      Number(line.amount),
    );
  });
});

describe('a household left out for want of a bank account', () => {
  it('is paid the months it missed, as back-pay, once the account is recorded', async () => {
    const other = { code: '500113', name: '巴南区', shortName: '巴南' };
    await tdb.db.district.create({ data: other });
    await tdb.db.street.create({ data: { code: '500113001', name: '李家沱街道', districtCode: other.code } });
    const d = await enrolled(
      tdb.db,
      { street: '500113001', size: 1, income: 0, startMonth: '2025-08', bankAccount: null },
      other.code,
    );
    const runIn = async (month: string) => {
      const { run } = await tdb.db.$transaction((tx) =>
        openRun(tx, {
          districtCode: other.code,
          month,
          trigger: 'timer',
          now: new Date('2026-11-20T02:00:00Z'),
        }),
      );
      await computeRun(tdb.db, run.id, SETTINGS);
      await tdb.db.disbursementRun.update({ where: { id: run.id }, data: { status: 'paid' } });
      return linesOf(tdb.db, run.id);
    };
    expect(await runIn('2025-08')).toEqual([]);
    expect(await runIn('2025-09')).toEqual([]);
    await tdb.db.household.update({
      where: { id: d.householdId },
      data: { bankAccount: '6228480000999999999' },
    });
    const october = await runIn('2025-10');
    expect(october.map((l) => [l.kind, l.forMonth, l.amount])).toEqual([
      ['back_pay', '2025-08', 770],
      ['back_pay', '2025-09', 770],
      ['regular', '2025-10', 770],
    ]);
  });
});
