/**
 * Every case worker called twice with the same job (a retry, or a re-activation after a timeout:
 * same element instance) has one effect — one request, one enrolment, one spot-check draw, one
 * overdue mark, one duplicate finding, one payment, one audit event — and returns the same
 * variables, even when the second run happens on a later day. Jobs carry the official client's
 * activated-job fields; the whole cases through the engine are in the other files of this folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config';
import { runJob, type JobFields } from '../../server/disbursement/jobs';
import { keyedDraw } from '../../server/domain/spot-check';
import type { CaseDeps } from '../../server/workflow/case-jobs';
import { spotCheckSeed } from '../../server/workflow/spot-check-seed';
import checkDuplicate from '../../server/workflow/workers/check-duplicate-application';
import chooseDecisionLevel from '../../server/workflow/workers/choose-decision-level';
import computeAmount from '../../server/workflow/workers/compute-amount';
import computeDeadlines from '../../server/workflow/workers/compute-deadlines';
import enrolRecipient from '../../server/workflow/workers/enrol-recipient';
import markOverdue from '../../server/workflow/workers/mark-overdue';
import payAssistance from '../../server/workflow/workers/pay-assistance';
import requestVerification from '../../server/workflow/workers/request-verification';
import selectSpotCheck from '../../server/workflow/workers/select-spot-check';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { DISTRICT, registerCase } from './support/world';
import { seedDistrict } from '../disbursement/support/world';

let tdb: TestDatabase;
let deps: CaseDeps;
let day = '2026-03-02T10:00:00+08:00';
let seq = 0;

const job = (
  variables: Record<string, unknown>,
  opts: { eik?: string; headers?: Record<string, unknown>; elementId?: string } = {},
): JobFields =>
  ({
    jobKey: String(4503599627370000 + ++seq),
    elementInstanceKey: opts.eik ?? '2251799813685400',
    processInstanceKey: '2251799813685301',
    elementId: opts.elementId,
    customHeaders: opts.headers ?? {},
    variables,
  }) as never;
/** Runs the job, then again on the next day (a late retry). */
async function twice<T>(f: () => Promise<T>): Promise<[T, T]> {
  const first = await f();
  const before = day;
  day = '2026-03-03T10:00:00+08:00';
  try {
    return [first, await f()];
  } finally {
    day = before;
  }
}
const audits = (caseId: string, action: string) => tdb.db.auditEvent.count({ where: { caseId, action } });
const caseData = async (id: string) => (await tdb.db.case.findUniqueOrThrow({ where: { id } })).data as any;

beforeAll(async () => {
  tdb = await createTestDatabase('wf_case_workers');
  await seedDistrict(tdb.db);
  await tdb.db.linshiDistrictPolicy.create({
    data: {
      districtCode: DISTRICT.code,
      streetApprovalLimit: 1000,
      incomeReferenceYear: 2025,
      urbanIncomeReference: 45_000,
      ruralIncomeReference: 20_000,
      bands: {
        create: [
          { kind: 'urgent', level: 1, name: '一档', ceiling: 1000 },
          { kind: 'expense', level: 1, name: '一档', ceiling: 2000 },
          { kind: 'expense', level: 2, name: '二档', ceiling: 5000 },
        ],
      },
    },
  });
  const config = loadConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wf-case-workers-')) });
  deps = { db: tdb.db, config, clock: () => new Date(day), spotCheckSeed: 'seed' };
});
afterAll(() => tdb.drop());

it('compute-deadlines: the same dates; an unknown kind or a missing start is refused in Chinese', async () => {
  const headers = { deadlines: 'acceptance,refusalNotice', from: 'appliedOn' };
  const [a, b] = await twice(() =>
    runJob(computeDeadlines, deps, job({ appliedOn: '2026-03-02' }, { headers })),
  );
  expect(b).toEqual(a);
  // 5 working days from Monday 2 March: Monday 9 March; 3 working days: Thursday 5 March.
  expect(a).toEqual({
    acceptanceDue: '2026-03-09T23:59:59+08:00',
    refusalNoticeDue: '2026-03-05T23:59:59+08:00',
  });
  await expect(
    runJob(computeDeadlines, deps, job({}, { headers: { deadlines: 'forever', from: 'today' } })),
  ).rejects.toThrow('未知的期限类别：forever');
  await expect(runJob(computeDeadlines, deps, job({}, { headers }))).rejects.toThrow(
    '起算日变量 appliedOn 应为 YYYY-MM-DD 日期',
  );
});

it('request-verification: one request, one audit event, the same due date', async () => {
  const c = await registerCase(tdb.db, { type: 'dibao' });
  const v = { caseId: c.id, districtCode: DISTRICT.code };
  const [a, b] = await twice(() => runJob(requestVerification, deps, job(v)));
  expect(b).toEqual(a);
  // 57号 §17: the centre starts within 3 working days of the request.
  expect(a).toEqual({
    verificationRequestedOn: '2026-03-02',
    verificationStartDue: '2026-03-05T23:59:59+08:00',
  });
  expect(await audits(c.id, 'case.verification-requested')).toBe(1);
});

it('compute-amount: the same calculation; 特困 without the self-care assessment is refused', async () => {
  const c = await registerCase(tdb.db, { type: 'dibao', income: 300 });
  const [a, b] = await twice(() => runJob(computeAmount, deps, job({ caseId: c.id })));
  expect(b).toEqual(a);
  expect(a.amount).toBe((a.calculation as { total: number }).total);
  expect((await caseData(c.id)).calculation).toMatchObject({ total: a.amount, month: '2026-03' });
  const t = await registerCase(tdb.db, { type: 'tekun', size: 1 });
  await expect(runJob(computeAmount, deps, job({ caseId: t.id }, { eik: '7' }))).rejects.toThrow(
    '特困核算须先完成生活自理能力评估',
  );
});

it('compute-amount and choose-decision-level for 临时救助: advance capped, bands, 一事一议', async () => {
  const c = await registerCase(tdb.db, { type: 'linshi', linshiKind: 'emergency' });
  const urgent = { caseId: c.id, assistanceKind: 'urgent', requestedAmount: 5000 };
  const [a, b] = await twice(() =>
    runJob(computeAmount, deps, job(urgent, { eik: '11', elementId: 'compute-urgent-amount' })),
  );
  expect(b).toEqual(a);
  expect(a.amount).toBe(a.urgentCap);
  expect(a.remainingNeed).toBe(5000 - a.amount);
  const expense = { caseId: c.id, assistanceKind: 'expense', requestedAmount: 6000 };
  const big = await runJob(computeAmount, deps, job(expense, { eik: '12', elementId: 'compute-amount' }));
  expect(big).toMatchObject({ amount: 6000, escalate: true, bandCeiling: 5000, bandLevel: null });
  const level = (vars: Record<string, unknown>) =>
    runJob(chooseDecisionLevel, deps, job({ caseId: c.id, ...vars })).then((r) => r.decisionLevel);
  expect(await level({ amount: 800, assistanceKind: 'expense' })).toBe('street');
  expect(await level({ amount: 1500, assistanceKind: 'expense' })).toBe('district');
  expect(await level({ amount: 6000, assistanceKind: 'expense', escalate: true })).toBe('district');
  const d = await registerCase(tdb.db, { type: 'dibao' });
  expect(await level({ caseId: d.id })).toBe('district');
  const delegated = {
    ...deps,
    config: { ...deps.config, dibao: { ...deps.config.dibao, decisionDelegated: true } },
  };
  expect((await runJob(chooseDecisionLevel, delegated, job({ caseId: d.id }))).decisionLevel).toBe('street');
});

it('enrol-recipient: one recipient, one grant, on the start month of the first run', async () => {
  const c = await registerCase(tdb.db, { type: 'dibao' });
  const v = { caseId: c.id, approvedAmount: 1200 };
  const [a, b] = await twice(() =>
    runJob(enrolRecipient, deps, job(v, { headers: { startMonth: 'setting' } })),
  );
  expect(b).toEqual(a);
  expect(a.startMonth).toBe('2026-03');
  expect(await tdb.db.recipient.count({ where: { caseId: c.id } })).toBe(1);
  expect(await audits(c.id, 'recipient.enrolled')).toBe(1);
  expect(await audits(c.id, 'case.granted')).toBe(1);
  const row = await tdb.db.case.findUniqueOrThrow({ where: { id: c.id } });
  expect([row.status, Number(row.amount)]).toEqual(['granted', 1200]);
  await expect(runJob(enrolRecipient, deps, job(v, { headers: {} }))).rejects.toThrow(
    '任务头 startMonth 应为',
  );
});

it('select-spot-check: one draw per case; the district series counts on', async () => {
  const first = await registerCase(tdb.db, { type: 'tekun', size: 1 });
  const second = await registerCase(tdb.db, { type: 'tekun', size: 1 });
  const v = (id: string) => ({ caseId: id, districtCode: DISTRICT.code });
  const [a, b] = await twice(() => runJob(selectSpotCheck, deps, job(v(first.id))));
  expect(b).toEqual(a);
  // The first file of the year is checked: by the keyed draw if it falls under the rate, else by the quota.
  const reason = keyedDraw('seed', first.id) < 0.3 ? 'random' : 'quota';
  expect(a).toEqual({ spotCheck: true, spotCheckReason: reason });
  await runJob(selectSpotCheck, deps, job(v(second.id), { eik: '21' }));
  expect((await caseData(second.id)).spotCheck).toMatchObject({ sequence: 2, selectedBefore: 1 });
  expect(await audits(first.id, 'case.spot-check-drawn')).toBe(1);
  // The secret is generated once per DATA_DIR (or set by TEKUN_SPOT_CHECK_SEED).
  const seed = await spotCheckSeed(deps.config);
  expect(seed.length).toBeGreaterThanOrEqual(16);
  expect(await spotCheckSeed(deps.config)).toBe(seed);
  const set = { ...deps.config, tekun: { spotCheckRate: 0.3, spotCheckSeed: 'x'.repeat(16) } };
  expect(await spotCheckSeed(set)).toBe('x'.repeat(16));
});

it('mark-overdue: marked once, one audit event', async () => {
  const c = await registerCase(tdb.db, { type: 'dibao' });
  const [a, b] = await twice(() =>
    runJob(markOverdue, deps, job({ caseId: c.id }, { elementId: 'mark-overdue' })),
  );
  expect([a, b]).toEqual([{ overdue: true }, { overdue: true }]);
  expect((await tdb.db.case.findUniqueOrThrow({ where: { id: c.id } })).overdue).toBe(true);
  expect((await caseData(c.id)).overdue).toEqual([{ element: 'mark-overdue', on: '2026-03-02' }]);
  expect(await audits(c.id, 'case.overdue')).toBe(1);
});

it('check-duplicate-application: the second application for the same event is found once', async () => {
  const event = { kind: '火灾', date: '2026-02-20' };
  const first = await registerCase(tdb.db, { type: 'linshi', linshiKind: 'emergency', data: { event } });
  await tdb.db.case.update({ where: { id: first.id }, data: { status: 'granted' } });
  const second = await registerCase(tdb.db, {
    type: 'linshi',
    linshiKind: 'emergency',
    idNumber: first.applicantIdNumber,
    data: { event },
  });
  expect(
    (await runJob(checkDuplicate, deps, job({ caseId: first.id }, { eik: '31' }))).duplicateOf,
  ).toBeNull();
  const [a, b] = await twice(() => runJob(checkDuplicate, deps, job({ caseId: second.id }, { eik: '32' })));
  expect(b).toEqual(a);
  expect(a.duplicateOf).toBe(first.caseNo);
  expect(await audits(second.id, 'case.duplicate-found')).toBe(1);
});

it('pay-assistance: one payment, the same payment id', async () => {
  const c = await registerCase(tdb.db, { type: 'linshi', linshiKind: 'expense' });
  const [a, b] = await twice(() => runJob(payAssistance, deps, job({ caseId: c.id, approvedAmount: 1500 })));
  expect(b).toEqual(a);
  expect((await caseData(c.id)).payments).toEqual([
    expect.objectContaining({ id: a.paymentId, amount: 1500 }),
  ]);
  expect(await audits(c.id, 'case.assistance-paid')).toBe(1);
  await expect(runJob(payAssistance, deps, job({ caseId: c.id, approvedAmount: -1 }))).rejects.toThrow(
    '批准金额应大于 0',
  );
});
