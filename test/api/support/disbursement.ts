/**
 * Disbursement fixtures inside the matrix's jurisdiction (district A, street S1): the fixture case
 * enrolled as a recipient three months ago, that month's run computed, its bank file written and
 * paid, and one run awaiting approval for each approving role.
 */
import type { Role } from '../../../server/auth/roles';
import { bankFileDir, writeBankFile } from '../../../server/disbursement/bank-file-store';
import { computeRun } from '../../../server/disbursement/compute';
import { enrolRecipient } from '../../../server/disbursement/enrolment';
import { addMonths, chinaMonth, monthStart } from '../../../server/disbursement/months';
import { markAwaitingApproval, markPaid, openRun, recordApproval } from '../../../server/disbursement/runs';
import { A, type Api } from './harness';

export interface DisbursementFixtures {
  recipientId: string;
  householdId: string;
  /** A paid run of district A with a bank file. */
  runId: string;
  /** Runs of district A awaiting approval, one per approving role. */
  approvalRuns: Partial<Record<Role, string>>;
  /** A month before every fixture run: starting it is allowed. */
  startMonth: string;
}

export async function disbursementFixtures(api: Api, caseId: string): Promise<DisbursementFixtures> {
  const db = api.tdb.db;
  const cfg = api.ctx.config;
  const now = chinaMonth();
  const first = addMonths(now, -3);
  const enrolment = await enrolRecipient(
    db,
    { caseId, approvedAmount: 1340, startMonth: first },
    {
      rounding: cfg.amountRounding,
    },
  );
  const { run } = await db.$transaction((tx) =>
    openRun(tx, { districtCode: A.code, month: first, trigger: 'timer' }),
  );
  await computeRun(db, run.id, { rounding: cfg.amountRounding, backPayMonths: 12 });
  await writeBankFile(db, run.id, {
    columns: cfg.disbursement.bankFileColumns,
    header: true,
    dir: bankFileDir(cfg.dataDir),
  });
  await markAwaitingApproval(db, run.id);
  await db.$transaction((tx) =>
    recordApproval(tx, {
      runId: run.id,
      approverId: '00000000-0000-4000-8000-0000000000aa',
      approved: true,
      opinion: '同意',
    }),
  );
  await db.$transaction((tx) => markPaid(tx, run.id));
  const approvalRuns: Partial<Record<Role, string>> = {};
  for (const [i, role] of (['district_section_head', 'district_head'] as const).entries()) {
    const r = await db.disbursementRun.create({
      data: {
        districtCode: A.code,
        month: monthStart(addMonths(now, i - 2)),
        status: 'awaiting_approval',
        trigger: 'timer',
      },
    });
    approvalRuns[role] = r.id;
  }
  const recipient = await db.recipient.findUniqueOrThrow({ where: { id: enrolment.recipientId } });
  return {
    recipientId: recipient.id,
    householdId: recipient.householdId,
    runId: run.id,
    approvalRuns,
    startMonth: addMonths(now, -12),
  };
}
