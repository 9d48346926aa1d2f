/**
 * Starting a case's process — and starting it after a crash. Registration commits first and starts
 * the process after it (the engine is not part of the database's transaction), so a server killed
 * in between leaves a case `applied` without an instance, and one killed after the start but before
 * the key was written leaves an instance the case does not know. `startPendingCases` repairs both:
 * at start-up and every CASE_START_RETRY_SECONDS (60) it takes the cases registered longer ago than
 * that (a younger one may still be inside its own registration, on this node or another) without an instance,
 * records the instance the engine already runs for the case, or else starts one.
 * test/reliability kills the server with SIGKILL during registrations and expects every case to end.
 */
import type { AppContext } from '../../app';
import { auditedWrite } from '../../auth/audit';
import type { Actor } from '../../auth/session';
import type { CaseToStart } from '../seams';

const NOW = { consistency: { waitUpToMs: 0 } };
/** Any constant: one sweep at a time across every node on the database. */
const SWEEP_LOCK = 0x6a7a_7377; // "jzsw"

/** Records a started instance on the case (once) with its audit event. */
async function recordStart(
  ctx: AppContext,
  caseId: string,
  started: { processInstanceKey: string; currentStep?: string },
  actor: Actor | null,
  recovered: boolean,
): Promise<void> {
  await auditedWrite(ctx.db, actor, async (tx) => {
    const { count } = await tx.case.updateMany({
      where: { id: caseId, processInstanceKey: null },
      data: {
        processInstanceKey: started.processInstanceKey,
        status: 'in_progress',
        ...(started.currentStep ? { currentStep: started.currentStep } : {}),
      },
    });
    return {
      result: null,
      audit: count
        ? {
            action: 'case.workflow-started',
            caseId,
            summary: { processInstanceKey: started.processInstanceKey, ...(recovered ? { recovered } : {}) },
          }
        : [],
    };
  });
}

/** Starts the process of a just registered case; on failure the case stays `applied` and says so. */
export async function startCaseWorkflow(ctx: AppContext, c: CaseToStart, actor: Actor): Promise<void> {
  try {
    await recordStart(ctx, c.id, await ctx.workflow!.startCase(c), actor, false);
  } catch (err) {
    ctx.log.warn({ caseId: c.id, err: (err as Error).message }, '审批流程启动失败，案件保持“已申请”');
  }
}

/** The instance the engine runs for the case, if a start went through unrecorded. */
async function runningInstance(ctx: AppContext, c: CaseToStart): Promise<string | null> {
  if (!ctx.camunda) return null;
  const search = ctx.camunda.searchProcessInstances as unknown as (
    q: unknown,
    o: unknown,
  ) => Promise<{ items: { processInstanceKey: string }[] }>;
  const found = await search.call(
    ctx.camunda,
    {
      filter: { processDefinitionId: c.type, variables: [{ name: 'caseId', value: JSON.stringify(c.id) }] },
      page: { limit: 1 },
    },
    NOW,
  );
  return found.items[0] ? String(found.items[0].processInstanceKey) : null;
}

/** Starts (or records) the process of every case left without one; returns how many. */
export async function startPendingCases(ctx: AppContext): Promise<number> {
  // A registration younger than this may still be starting its own process.
  const graceMs = ctx.config.caseStartRetrySeconds * 1000;
  if (!ctx.workflow) return 0;
  return ctx.db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<
        { ok: boolean }[]
      >`SELECT pg_try_advisory_xact_lock(${SWEEP_LOCK}) AS ok`;
      if (!lock?.ok) return 0;
      const pending = await tx.case.findMany({
        where: {
          status: 'applied',
          processInstanceKey: null,
          createdAt: { lt: new Date(Date.now() - graceMs) },
        },
        select: { id: true, caseNo: true, type: true, districtCode: true, streetCode: true, data: true },
        orderBy: { createdAt: 'asc' },
        take: 500,
      });
      let done = 0;
      for (const p of pending) {
        const data = (p.data ?? {}) as { staffRelative?: unknown; linshiKind?: unknown };
        const c: CaseToStart = {
          id: p.id,
          caseNo: p.caseNo,
          type: p.type,
          districtCode: p.districtCode,
          streetCode: p.streetCode,
          staffRelative: data.staffRelative === true,
          linshiKind:
            data.linshiKind === 'emergency' || data.linshiKind === 'expense' ? data.linshiKind : null,
        };
        try {
          const key = await runningInstance(ctx, c);
          const st = key ? { processInstanceKey: key } : await ctx.workflow!.startCase(c);
          await recordStart(ctx, c.id, st, null, true);
          done++;
        } catch (err) {
          ctx.log.warn({ caseId: c.id, err: (err as Error).message }, '补启审批流程失败，稍后重试');
        }
      }
      if (done) ctx.log.info({ cases: done }, '已补启中断的审批流程');
      return done;
    },
    { timeout: 10 * 60_000, maxWait: 10_000 },
  );
}

/** Runs `startPendingCases` now and every CASE_START_RETRY_SECONDS; `stop()` ends it. */
export function schedulePendingCaseStarts(ctx: AppContext): { stop(): void } {
  const everyMs = ctx.config.caseStartRetrySeconds * 1000;
  const run = () =>
    startPendingCases(ctx).catch((err: unknown) =>
      ctx.log.warn({ err: (err as Error).message }, '检查中断的审批流程失败'),
    );
  void run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
