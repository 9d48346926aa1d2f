/**
 * Every disbursement and re-check worker called twice with the same job (a retry, a re-activation
 * after a timeout) has one effect: one set of lines, one file, one roster record, one decision, one
 * audit event. Jobs are the official client's activated-job fields; the engine itself joins in
 * test/workflow once it lands (the timer paths start process instances, so only their guard is
 * tested here).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config';
import { runJob, type DisbursementDeps, type JobFields } from '../../server/disbursement/jobs';
import { addMonths, chinaMonth } from '../../server/disbursement/months';
import { openRun } from '../../server/disbursement/runs';
import applyAmountChange from '../../server/workflow/workers/apply-amount-change';
import assessRecheckChange from '../../server/workflow/workers/assess-recheck-change';
import closeRecheck from '../../server/workflow/workers/close-recheck';
import computeDisbursement from '../../server/workflow/workers/compute-disbursement';
import markDisbursementPaid from '../../server/workflow/workers/mark-disbursement-paid';
import nextRosterStreet from '../../server/workflow/workers/next-roster-street';
import openDisbursementRuns from '../../server/workflow/workers/open-disbursement-runs';
import prepareAmountChange from '../../server/workflow/workers/prepare-amount-change';
import reopenDisbursementRun from '../../server/workflow/workers/reopen-disbursement-run';
import submitDisbursementApproval from '../../server/workflow/workers/submit-disbursement-approval';
import writeBankFile from '../../server/workflow/workers/write-bank-file';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { DISTRICT, STREETS, enrolled, seedDistrict, type Enrolled } from './support/world';

let tdb: TestDatabase;
let deps: DisbursementDeps;
let runId: string;
const PIK = '2251799813685301';
const month = chinaMonth();
let seq = 0;

const job = (variables: Record<string, unknown>, processInstanceKey = PIK): JobFields =>
  ({
    jobKey: String(4503599627370000 + ++seq),
    elementInstanceKey: '2251799813685400',
    processInstanceKey,
    customHeaders: {},
    variables,
  }) as never;
const twice = async <T>(f: () => Promise<T>): Promise<[T, T]> => [await f(), await f()];
const audits = (action: string) => tdb.db.auditEvent.count({ where: { action } });

beforeAll(async () => {
  tdb = await createTestDatabase('disb_workers');
  await seedDistrict(tdb.db);
  for (const s of STREETS.slice(0, 2))
    for (let i = 1; i <= 2; i++)
      await enrolled(tdb.db, { street: s.code, size: i, income: 0, startMonth: '2026-01' });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'disb-workers-'));
  deps = { db: tdb.db, config: loadConfig({ DATA_DIR: dataDir }) };
  const { run } = await tdb.db.$transaction((tx) =>
    openRun(tx, { districtCode: DISTRICT.code, month, trigger: 'manual' }),
  );
  runId = run.id;
  await tdb.db.disbursementRun.update({ where: { id: runId }, data: { processInstanceKey: PIK } });
});
afterAll(() => tdb.drop());

describe('disbursement workers', () => {
  it('compute-disbursement: the same lines and one audit event', async () => {
    const [a, b] = await twice(() => runJob(computeDisbursement, deps, job({ runId })));
    expect(b).toEqual(a);
    expect(a).toMatchObject({ households: 4, lines: 4, amount: 2 * (770 + 1540), missingAccounts: 0 });
    expect(await tdb.db.paymentLine.count({ where: { runId } })).toBe(4);
    expect(await audits('disbursement.run-computed')).toBe(1);
  });

  it('refuses a job of another process instance, with the reason', async () => {
    await expect(runJob(computeDisbursement, deps, job({ runId }, '2251799813689999'))).rejects.toThrow(
      '属于另一流程实例，本实例不处理',
    );
    await expect(runJob(computeDisbursement, deps, job({ runId: 'x' }))).rejects.toThrow(
      '任务 compute-disbursement 的流程变量不符合要求：runId：应为 UUID',
    );
  });

  it('write-bank-file: the same file', async () => {
    const [a, b] = await twice(() => runJob(writeBankFile, deps, job({ runId })));
    expect(b).toEqual(a);
    expect(a).toMatchObject({ bankFileRecords: 4, bankFileTotal: '4620.00' });
  });

  it('next-roster-street: records each roster once and walks the streets in order', async () => {
    const doc1 = '11111111-1111-4111-8111-111111111111';
    const [first, again] = await twice(() => runJob(nextRosterStreet, deps, job({ runId })));
    expect(first).toEqual({ streetCode: STREETS[0]!.code, rostersComplete: false, documentId: null });
    expect(again).toEqual(first);
    const [second] = await twice(() =>
      runJob(nextRosterStreet, deps, job({ runId, streetCode: STREETS[0]!.code, documentId: doc1 })),
    );
    expect(second).toEqual({ streetCode: STREETS[1]!.code, rostersComplete: false, documentId: null });
    await expect(
      runJob(
        nextRosterStreet,
        deps,
        job({ runId, streetCode: STREETS[0]!.code, documentId: '22222222-2222-4222-8222-222222222222' }),
      ),
    ).rejects.toThrow('已有花名册');
    const last = await runJob(
      nextRosterStreet,
      deps,
      job({ runId, streetCode: STREETS[1]!.code, documentId: doc1 }),
    );
    expect(last).toEqual({ streetCode: null, rostersComplete: true, documentId: null });
  });

  it('submit-disbursement-approval and mark-disbursement-paid: one state change, one audit event', async () => {
    const [a, b] = await twice(() => runJob(submitDisbursementApproval, deps, job({ runId, month })));
    expect(b).toEqual(a);
    const approval = {
      runId,
      runApproved: true,
      approvedById: '33333333-3333-4333-8333-333333333333',
      approvalOpinion: '同意',
    };
    const [p1, p2] = await twice(() => runJob(markDisbursementPaid, deps, job(approval)));
    expect(p2).toEqual(p1);
    const run = await tdb.db.disbursementRun.findUniqueOrThrow({ where: { id: runId } });
    expect([run.status, run.approvalOpinion]).toEqual(['paid', '同意']);
    expect(await audits('disbursement.run-paid')).toBe(1);
    await expect(runJob(reopenDisbursementRun, deps, job({ runId }))).rejects.toThrow('不能退回重算');
  });

  it('reopen-disbursement-run: lines removed once, the run computed again from scratch', async () => {
    const next = addMonths(month, -1);
    await tdb.db.disbursementRun.update({
      where: { id: runId },
      data: { month: new Date(`${addMonths(month, -2)}-01`) },
    });
    const { run } = await tdb.db.$transaction((tx) =>
      openRun(tx, { districtCode: DISTRICT.code, month: next, trigger: 'manual' }),
    );
    const pik = '2251799813685777';
    await tdb.db.disbursementRun.update({ where: { id: run.id }, data: { processInstanceKey: pik } });
    await runJob(computeDisbursement, deps, job({ runId: run.id }, pik));
    const [a, b] = await twice(() =>
      runJob(reopenDisbursementRun, deps, job({ runId: run.id, approvalOpinion: '账号有误' }, pik)),
    );
    expect(b).toEqual(a);
    expect(await tdb.db.paymentLine.count({ where: { runId: run.id } })).toBe(0);
    expect(await audits('disbursement.run-reopened')).toBe(1);
    const again = await runJob(computeDisbursement, deps, job({ runId: run.id }, pik));
    expect(again.lines).toBe(4);
  });
});

describe('re-check workers', () => {
  let e: Enrolled;
  let recheckId: string;
  const RPIK = '2251799813686001';
  const visit = { visitedOn: '2026-11-10', investigators: ['a', 'b'], findings: '成员就业' };

  beforeAll(async () => {
    e = await enrolled(tdb.db, { street: STREETS[2]!.code, size: 2, income: 0, startMonth: '2026-01' });
    const r = await tdb.db.recheck.create({
      data: {
        recipientId: e.recipientId,
        dueMonth: new Date(`${month}-01`),
        category: 'monthly',
        processInstanceKey: RPIK,
      },
    });
    recheckId = r.id;
    // The street recorded the new job: 1200 yuan a month.
    const [m] = await tdb.db.member.findMany({
      where: { householdId: e.householdId },
      orderBy: { createdAt: 'asc' },
    });
    await tdb.db.member.update({ where: { id: m!.id }, data: { monthlyIncome: 1200 } });
  });

  it('assess-recheck-change: the same suggestion', async () => {
    const [a, b] = await twice(() => runJob(assessRecheckChange, deps, job({ recheckId }, RPIK)));
    expect(b).toEqual(a);
    expect(a).toEqual({
      currentAmount: 1540,
      proposedAmount: 340,
      stillEligible: true,
      suggestedKind: 'decrease',
    });
  });

  it('prepare- and apply-amount-change: one decision, applied once, one audit event', async () => {
    const vars = {
      recheckId,
      changeKind: 'decrease',
      changeReasons: ['成员就业，月收入 1200 元'],
      decisionReasons: '同意减发',
      hearing: { heardOn: '2026-11-12', method: '入户', statement: '无异议' },
      recheckVisit: visit,
    };
    const [a, b] = await twice(() => runJob(prepareAmountChange, deps, job(vars, RPIK)));
    expect(b).toEqual(a);
    expect(a).toMatchObject({
      effectiveMonth: addMonths(month, 1),
      currentAmount: 1540,
      newAmount: 340,
      reasons: ['成员就业，月收入 1200 元', '同意减发'],
      heardOn: '2026-11-12',
      reviewedOn: '2026-11-10',
    });
    const applyVars = {
      recheckId,
      changeId: a.changeId,
      documentId: '44444444-4444-4444-8444-444444444444',
      recheckVisit: visit,
    };
    const [x, y] = await twice(() => runJob(applyAmountChange, deps, job(applyVars, RPIK)));
    expect([x.applied, y.applied]).toEqual([true, false]);
    expect(y.nextRecheckMonth).toBe(x.nextRecheckMonth);
    expect(await audits('recipient.amount-changed')).toBe(1);
    const r = await tdb.db.recheck.findUniqueOrThrow({ where: { id: recheckId } });
    expect([r.status, (r.visit as { findings: string }).findings]).toEqual(['changed', '成员就业']);
  });

  it('close-recheck: closed once, one audit event', async () => {
    const other = await tdb.db.recheck.create({
      data: {
        recipientId: e.recipientId,
        dueMonth: new Date(`${addMonths(month, 1)}-01`),
        category: 'monthly',
        processInstanceKey: '2251799813686002',
      },
    });
    const [a, b] = await twice(() =>
      runJob(
        closeRecheck,
        deps,
        job({ recheckId: other.id, changeApproved: false, recheckVisit: visit }, '2251799813686002'),
      ),
    );
    expect(b).toEqual(a);
    expect(a.recheckOutcome).toBe('not_approved');
    expect(await audits('recheck.closed')).toBe(1);
  });
});

describe('the timer paths', () => {
  it('open-disbursement-runs does nothing before DISBURSEMENT_RUN_DAY, and needs the engine from then on', async () => {
    const at = (day: string) => ({ ...deps, clock: () => new Date(`2026-12-${day}T01:00:00Z`) });
    const runs = await tdb.db.disbursementRun.count();
    expect(await runJob(openDisbursementRuns, at('04'), job({}))).toEqual({
      month: '2026-12',
      opened: 0,
      skipped: [],
    });
    await expect(runJob(openDisbursementRuns, at('05'), job({}))).rejects.toThrow('流程引擎未接入');
    expect(await tdb.db.disbursementRun.count()).toBe(runs);
    expect(() => loadConfig({ DISBURSEMENT_RUN_DAY: '29' })).toThrow('DISBURSEMENT_RUN_DAY 应为 1–28');
  });
});
