/**
 * Monthly runs (条例 §22 社会化发放): opening one per (district, month) — idempotently, so a second
 * start of the same month returns the run that exists and changes nothing — and the state changes
 * around the district's approval. Computation lives in compute.ts, the bank file in bank-file-*.ts.
 */
import type { Tx } from '../auth/audit';
import type { RunStatus } from '../db/generated/enums';
import { chinaMonth, isIsoMonth, monthOfDate, monthStart, type IsoMonth } from './months';

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  pending: '待计算',
  computing: '计算中',
  computed: '已计算，生成代发文件和花名册',
  awaiting_approval: '待区县审批',
  approved: '已审批',
  paid: '已发放',
};

/** A refused run operation: zh-CN message, and the HTTP status the API answers with. */
export class RunRefusal extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 409,
  ) {
    super(message);
    this.name = 'RunRefusal';
  }
}

export interface OpenRunInput {
  districtCode: string;
  month: IsoMonth;
  trigger: 'manual' | 'timer';
  startedById?: string | null;
  now?: Date;
}

export interface RunRow {
  id: string;
  districtCode: string;
  month: Date;
  status: RunStatus;
  processInstanceKey: string | null;
  startedById: string | null;
}

/**
 * Opens the run of `month` for the district, or returns the one that exists (`created: false`).
 * Refused: a month in the future, an unknown district, or an earlier run of the district that is
 * not approved yet — back-pay compares with what earlier runs paid, so those must be final first.
 */
export async function openRun(tx: Tx, input: OpenRunInput): Promise<{ run: RunRow; created: boolean }> {
  if (!isIsoMonth(input.month)) throw new RunRefusal(`月份格式应为 YYYY-MM：${input.month}`, 400);
  const current = chinaMonth(input.now);
  if (input.month > current)
    throw new RunRefusal(`不能为未来月份（${input.month}）发放，本月为 ${current}`, 400);
  const existing = await tx.disbursementRun.findUnique({
    where: { districtCode_month: { districtCode: input.districtCode, month: monthStart(input.month) } },
  });
  if (existing) return { run: existing, created: false };
  const district = await tx.district.findUnique({ where: { code: input.districtCode } });
  if (!district) throw new RunRefusal(`区县不存在：${input.districtCode}`, 404);
  const unfinished = await tx.disbursementRun.findFirst({
    where: {
      districtCode: input.districtCode,
      month: { lt: monthStart(input.month) },
      status: { notIn: ['approved', 'paid'] },
    },
    orderBy: { month: 'asc' },
  });
  if (unfinished) {
    throw new RunRefusal(
      `${monthOfDate(unfinished.month)} 的发放尚未审批（${RUN_STATUS_LABELS[unfinished.status]}），请先完成该月发放`,
    );
  }
  // A concurrent start of the same month inserts nothing here and reads the other's row below.
  const inserted = await tx.$executeRaw`
    INSERT INTO disbursement_run (id, district_code, month, status, trigger, started_by_id, updated_at)
    VALUES (gen_random_uuid(), ${input.districtCode}, ${input.month + '-01'}::date, 'pending',
            ${input.trigger}, ${input.startedById ?? null}::uuid, now())
    ON CONFLICT (district_code, month) DO NOTHING`;
  const run = await tx.disbursementRun.findUniqueOrThrow({
    where: { districtCode_month: { districtCode: input.districtCode, month: monthStart(input.month) } },
  });
  return { run, created: inserted === 1 };
}

/** Records the engine's process instance of the run (once; a second instance is refused). */
export async function attachProcess(tx: Tx, runId: string, processInstanceKey: string): Promise<boolean> {
  const n = await tx.disbursementRun.updateMany({
    where: { id: runId, processInstanceKey: null },
    data: { processInstanceKey },
  });
  return n.count === 1;
}

export async function loadRun(tx: Tx, runId: string): Promise<RunRow> {
  const run = await tx.disbursementRun.findUnique({ where: { id: runId } });
  if (!run) throw new RunRefusal(`发放批次不存在：${runId}`, 404);
  return run;
}

/** Bank file and rosters are ready: the district approval task opens. */
export async function markAwaitingApproval(tx: Tx, runId: string): Promise<void> {
  const run = await loadRun(tx, runId);
  if (run.status === 'awaiting_approval') return;
  if (run.status !== 'computed') {
    throw new RunRefusal(`发放批次状态为“${RUN_STATUS_LABELS[run.status]}”，不能提交审批`);
  }
  await tx.disbursementRun.update({ where: { id: runId }, data: { status: 'awaiting_approval' } });
}

export interface ApprovalInput {
  runId: string;
  approverId: string;
  approved: boolean;
  opinion: string;
  now?: Date;
}

/**
 * The district's decision on a run. The approver must not be the official who started it (two
 * people for every payment). Approval is final; a refusal sends the run back for correction.
 */
export async function recordApproval(tx: Tx, a: ApprovalInput): Promise<RunRow> {
  const run = await tx.disbursementRun.findUnique({ where: { id: a.runId } });
  if (!run) throw new RunRefusal('发放批次不存在', 404);
  if (run.status !== 'awaiting_approval') {
    throw new RunRefusal(`发放批次状态为“${RUN_STATUS_LABELS[run.status]}”，不在待审批状态`);
  }
  if (run.startedById === a.approverId) {
    throw new RunRefusal('发起本月发放的人员不能审批同一批次，请由其他负责人审批');
  }
  const n = await tx.disbursementRun.updateMany({
    where: { id: a.runId, status: 'awaiting_approval' },
    data: a.approved
      ? {
          status: 'approved',
          approvedAt: a.now ?? new Date(),
          approvedById: a.approverId,
          approvalOpinion: a.opinion,
        }
      : { status: 'computed', approvalOpinion: a.opinion },
  });
  if (n.count !== 1) throw new RunRefusal('发放批次已被他人处理，请刷新后查看');
  return tx.disbursementRun.findUniqueOrThrow({ where: { id: a.runId } });
}

/**
 * Sent back by the district: the run's lines are removed and it is computed again from the
 * corrected data. Refused once approved — approved lines are accounting records.
 */
export async function reopenRun(tx: Tx, runId: string): Promise<void> {
  const run = await loadRun(tx, runId);
  if (run.status === 'pending') return;
  if (run.status === 'approved' || run.status === 'paid') {
    throw new RunRefusal(`发放批次已${RUN_STATUS_LABELS[run.status]}，不能退回重算`);
  }
  await tx.paymentLine.deleteMany({ where: { runId } });
  await tx.disbursementRunStreet.deleteMany({ where: { runId } });
  await tx.disbursementRun.update({
    where: { id: runId },
    data: {
      status: 'pending',
      total: 0,
      done: 0,
      households: 0,
      lines: 0,
      amount: 0,
      backPayAmount: 0,
      taperAmount: 0,
      missingAccounts: 0,
      bankFileName: null,
      bankFileSha256: null,
      bankFileRecords: null,
      computeStartedAt: null,
      computedAt: null,
      reopened: { increment: 1 },
    },
  });
}

/** After approval: the month is paid. Repeating it changes nothing. */
export async function markPaid(tx: Tx, runId: string, now = new Date()): Promise<{ changed: boolean }> {
  const run = await loadRun(tx, runId);
  if (run.status === 'paid') return { changed: false };
  if (run.status !== 'approved') {
    throw new RunRefusal(`发放批次状态为“${RUN_STATUS_LABELS[run.status]}”，未经审批不能标记为已发放`);
  }
  await tx.disbursementRun.update({ where: { id: runId }, data: { status: 'paid', paidAt: now } });
  return { changed: true };
}
