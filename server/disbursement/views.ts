/**
 * Read models for the API: a run with its progress and totals (and per street), the runs of a
 * district, a household's payment history (what was paid for which month and why), the register
 * and the re-checks due — plain objects, amounts as exact decimal strings, always within a scope.
 */
import { Prisma } from '../db/generated/client';
import type { Scope } from '../auth/roles';
import { maskIdNumber } from '../auth/mask';
import type { Db } from '../db/client';
import type { PaymentKind, RecipientStatus, RunStatus } from '../db/generated/enums';
import { CHANGE_KIND_LABELS } from './changes';
import { duesPrelude, type Rounding } from './dues-sql';
import { monthOfDate, type IsoMonth } from './months';
import { RECHECK_CATEGORY_LABELS } from './rechecks';
import { RUN_STATUS_LABELS } from './runs';

export const PAYMENT_KIND_LABELS: Record<PaymentKind, string> = {
  regular: '当月发放',
  back_pay: '补发',
  taper: '渐退期发放',
};
export const RECIPIENT_STATUS_LABELS: Record<RecipientStatus, string> = {
  active: '在保',
  tapering: '渐退期',
  stopped: '已停发',
};

const money = (d: Prisma.Decimal | number) => new Prisma.Decimal(d).toFixed(2);
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const month = (d: Date | null) => (d ? monthOfDate(d) : null);

type RunRecord = Awaited<ReturnType<Db['disbursementRun']['findUniqueOrThrow']>>;

export function runView(r: RunRecord, workflowConnected: boolean) {
  return {
    id: r.id,
    districtCode: r.districtCode,
    month: monthOfDate(r.month),
    status: r.status,
    statusLabel: RUN_STATUS_LABELS[r.status],
    trigger: r.trigger,
    startedById: r.startedById,
    processInstanceKey: r.processInstanceKey,
    workflowConnected,
    progress: { done: r.done, total: r.total, percent: r.total ? Math.floor((r.done * 100) / r.total) : 0 },
    totals: {
      households: r.households,
      lines: r.lines,
      amount: money(r.amount),
      backPayAmount: money(r.backPayAmount),
      taperAmount: money(r.taperAmount),
      missingAccounts: r.missingAccounts,
    },
    bankFile: r.bankFileName
      ? { name: r.bankFileName, sha256: r.bankFileSha256!, records: r.bankFileRecords ?? 0 }
      : null,
    approval: { approvedAt: iso(r.approvedAt), approvedById: r.approvedById, opinion: r.approvalOpinion },
    paidAt: iso(r.paidAt),
    reopened: r.reopened,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function runDetail(db: Db, runId: string, workflowConnected: boolean) {
  const r = await db.disbursementRun.findUniqueOrThrow({ where: { id: runId } });
  const streets = await db.disbursementRunStreet.findMany({
    where: { runId },
    orderBy: { streetCode: 'asc' },
  });
  const names = new Map(
    (await db.street.findMany({ where: { districtCode: r.districtCode } })).map((s) => [s.code, s.name]),
  );
  return {
    ...runView(r, workflowConnected),
    streets: streets.map((s) => ({
      streetCode: s.streetCode,
      streetName: names.get(s.streetCode) ?? s.streetCode,
      recipients: s.recipients,
      households: s.households,
      amount: money(s.amount),
      missingAccounts: s.missingAccounts,
      computed: s.computedAt !== null,
      rosterDocumentId: s.rosterDocumentId,
    })),
  };
}

export async function listRuns(
  db: Db,
  districtCode: string,
  q: { status?: RunStatus; page: number; pageSize: number },
  workflowConnected: boolean,
) {
  const where = { districtCode, ...(q.status ? { status: q.status } : {}) };
  const [rows, total] = await Promise.all([
    db.disbursementRun.findMany({
      where,
      orderBy: { month: 'desc' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
    db.disbursementRun.count({ where }),
  ]);
  return { items: rows.map((r) => runView(r, workflowConnected)), total, page: q.page, pageSize: q.pageSize };
}

/** Every line paid or being paid to the household, newest first, and the decisions behind changes. */
export async function householdPayments(db: Db, householdId: string) {
  const lines = await db.paymentLine.findMany({
    where: { householdId },
    include: { run: { select: { status: true, paidAt: true } } },
    orderBy: [{ paidInMonth: 'desc' }, { forMonth: 'desc' }, { kind: 'asc' }],
  });
  const changes = await db.amountChange.findMany({
    where: { recipient: { householdId } },
    orderBy: { fromMonth: 'desc' },
  });
  const paid = lines.filter((l) => l.run.status === 'paid');
  return {
    householdId,
    totalPaid: money(paid.reduce((s, l) => s.add(l.amount), new Prisma.Decimal(0))),
    items: lines.map((l) => ({
      forMonth: monthOfDate(l.forMonth),
      paidInMonth: monthOfDate(l.paidInMonth),
      kind: l.kind,
      kindLabel: PAYMENT_KIND_LABELS[l.kind],
      amount: money(l.amount),
      standard: money(l.standard),
      reason: l.reason,
      runId: l.runId,
      runStatus: l.run.status,
      runStatusLabel: RUN_STATUS_LABELS[l.run.status],
      paidAt: iso(l.run.paidAt),
    })),
    changes: changes.map((c) => ({
      id: c.id,
      kind: c.kind,
      kindLabel: CHANGE_KIND_LABELS[c.kind],
      fromMonth: monthOfDate(c.fromMonth),
      previousAmount: money(c.previousAmount),
      newAmount: money(c.newAmount),
      reasons: c.reasons,
      decidedOn: c.decidedOn.toISOString().slice(0, 10),
      documentId: c.documentId,
      applied: c.appliedAt !== null,
    })),
  };
}

const recipientWhere = (scope: Scope) =>
  'streetCode' in scope ? { streetCode: scope.streetCode } : { districtCode: scope.districtCode };

/** The register within the scope, with each recipient's amount for `month` (the runs' SQL). */
export async function listRecipients(
  db: Db,
  scope: Scope,
  q: { month: IsoMonth; status?: RecipientStatus; page: number; pageSize: number },
  rounding: Rounding,
) {
  const where = { ...recipientWhere(scope), ...(q.status ? { status: q.status } : {}) };
  const [rows, total] = await Promise.all([
    db.recipient.findMany({
      where,
      include: {
        case: { select: { caseNo: true } },
        household: { include: { members: { where: { relation: 'applicant' }, take: 1 } } },
      },
      orderBy: [{ streetCode: 'asc' }, { enrolledAt: 'asc' }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
    db.recipient.count({ where }),
  ]);
  const ids = rows.map((r) => r.id);
  const dues = ids.length
    ? await db.$queryRaw<{ recipient_id: string; due_fen: bigint }[]>`
        WITH ${duesPrelude(q.month, Prisma.sql`r.id = ANY(${ids}::uuid[])`, rounding)}
        SELECT recipient_id::text, due_fen FROM due`
    : [];
  const due = new Map(dues.map((d) => [d.recipient_id, Number(d.due_fen) / 100]));
  const items = rows.map((r) => {
    const applicant = r.household.members[0];
    return {
      id: r.id,
      caseId: r.caseId,
      caseNo: r.case.caseNo,
      householdId: r.householdId,
      streetCode: r.streetCode,
      type: r.type,
      applicantName: applicant?.name ?? '',
      applicantIdNumber: applicant ? maskIdNumber(applicant.idNumber) : '',
      status: r.status,
      statusLabel: RECIPIENT_STATUS_LABELS[r.status],
      startMonth: monthOfDate(r.startMonth),
      taperFromMonth: month(r.taperFromMonth),
      endMonth: month(r.endMonth),
      monthlyAmount: money(due.get(r.id) ?? 0),
      recheckCategory: r.recheckCategory,
      recheckCategoryLabel: RECHECK_CATEGORY_LABELS[r.recheckCategory],
      nextRecheckMonth: monthOfDate(r.nextRecheckMonth),
    };
  });
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** Recipients whose re-check is due by `month` (or overdue), with the open re-check if any. */
export async function listRechecksDue(
  db: Db,
  scope: Scope,
  q: { month: IsoMonth; page: number; pageSize: number },
) {
  const start = new Date(`${q.month}-01T00:00:00Z`);
  const where = {
    ...recipientWhere(scope),
    nextRecheckMonth: { lte: start },
    taperFromMonth: null,
    OR: [{ endMonth: null }, { endMonth: { gte: start } }],
  };
  const [rows, total] = await Promise.all([
    db.recipient.findMany({
      where,
      include: { case: { select: { caseNo: true } }, rechecks: { where: { status: 'open' }, take: 1 } },
      orderBy: [{ nextRecheckMonth: 'asc' }, { streetCode: 'asc' }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
    db.recipient.count({ where }),
  ]);
  return {
    month: q.month,
    items: rows.map((r) => ({
      recipientId: r.id,
      caseNo: r.case.caseNo,
      householdId: r.householdId,
      streetCode: r.streetCode,
      recheckCategory: r.recheckCategory,
      recheckCategoryLabel: RECHECK_CATEGORY_LABELS[r.recheckCategory],
      nextRecheckMonth: monthOfDate(r.nextRecheckMonth),
      lastRecheckMonth: month(r.lastRecheckMonth),
      overdue: monthOfDate(r.nextRecheckMonth) < q.month,
      openRecheck: r.rechecks[0]
        ? {
            id: r.rechecks[0].id,
            dueMonth: monthOfDate(r.rechecks[0].dueMonth),
            started: !!r.rechecks[0].processInstanceKey,
          }
        : null,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
