/**
 * The bridge between the run and re-check rows and their process instances: starting the
 * `disbursement` / `recheck` process once per row, and making sure a job acts only on the row of
 * its own instance (a second instance, left by a crash between starting it and recording its key,
 * stops with an incident instead of acting twice).
 */
import type { Db } from '../db/client';
import type { ProcessStarter } from './jobs';
import { endOfMonthInChina, monthOfDate, type IsoMonth } from './months';
import type { OpenedRecheck } from './rechecks';
import { attachRecheckProcess } from './rechecks';
import { RunRefusal, attachProcess, type RunRow } from './runs';

export const DISBURSEMENT_PROCESS = 'disbursement';
export const RECHECK_PROCESS = 'recheck';

/** Starts the run's process unless it has one; returns its key. Serialised per run. */
export async function startRunProcess(db: Db, processes: ProcessStarter, run: RunRow): Promise<string> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`run:${run.id}`}, 0))`;
      const current = await tx.disbursementRun.findUniqueOrThrow({ where: { id: run.id } });
      if (current.processInstanceKey) return current.processInstanceKey;
      const key = await processes.start(DISBURSEMENT_PROCESS, {
        runId: run.id,
        districtCode: run.districtCode,
        month: monthOfDate(run.month),
      });
      await attachProcess(tx, run.id, key);
      return key;
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

/** Starts the re-check's process unless it has one; returns its key. */
export async function startRecheckProcess(
  db: Db,
  processes: ProcessStarter,
  r: OpenedRecheck,
  currentMonth: IsoMonth,
): Promise<string> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`recheck:${r.id}`}, 0))`;
      const current = await tx.recheck.findUniqueOrThrow({ where: { id: r.id } });
      if (current.processInstanceKey) return current.processInstanceKey;
      const dueIn = r.dueMonth > currentMonth ? r.dueMonth : currentMonth;
      const key = await processes.start(RECHECK_PROCESS, {
        recheckId: r.id,
        recipientId: r.recipientId,
        caseId: r.caseId,
        districtCode: r.districtCode,
        streetCode: r.streetCode,
        dueMonth: r.dueMonth,
        category: r.category,
        recheckDue: endOfMonthInChina(dueIn),
      });
      await attachRecheckProcess(tx, r.id, key);
      return key;
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

/** The run of this job's process instance, refused for any other instance. */
export async function ownRun(db: Db, runId: string, processInstanceKey: string) {
  const run = await db.disbursementRun.findUnique({ where: { id: runId } });
  if (!run) throw new RunRefusal(`发放批次不存在：${runId}`, 404);
  if (run.processInstanceKey !== String(processInstanceKey)) {
    throw new RunRefusal(
      `发放批次 ${monthOfDate(run.month)}（${run.districtCode}）属于另一流程实例，本实例不处理`,
    );
  }
  return run;
}

/** The re-check of this job's process instance, refused for any other instance. */
export async function ownRecheck(db: Db, recheckId: string, processInstanceKey: string) {
  const r = await db.recheck.findUnique({ where: { id: recheckId }, include: { recipient: true } });
  if (!r) throw new RunRefusal(`复核记录不存在：${recheckId}`, 404);
  if (r.processInstanceKey !== String(processInstanceKey)) {
    throw new RunRefusal('该复核属于另一流程实例，本实例不处理');
  }
  return r;
}
