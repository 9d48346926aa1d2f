/**
 * 当前步骤 for the case list, the export and the statistics: a projection of the engine onto
 * `case.current_step`, brought up to date every CASE_STEP_REFRESH_SECONDS (5). The case detail
 * asks the engine itself (case-steps.ts).
 *
 * Each round reads what changed since the last one through the official client — Camunda 8.8 REST
 * searches only, in pages of 200 — and writes it with one `UPDATE … FROM (VALUES …)` per 200 cases:
 *  1. user tasks created since then (`creationDate`, ascending): the case's step is its newest task;
 *  2. process instances ended since then (`endDate`): the step reads 已办结 / 已终止 (the outcome
 *     is the case status, which the workers and the API set);
 *  3. user tasks completed since then (`completionDate`) whose name the case still shows: the step
 *     becomes what the instance does now (another open task, 公示期, 等待补正材料, …; one search
 *     each). A machine step found there (a document being issued) is looked at again next rounds.
 * Every write carries the engine time of its event (`current_step_at`) and only lands when no later
 * event was projected, and an ended case keeps its end: rounds may overlap, repeat, run on several
 * nodes at once or restart from an earlier point, and a case's step never goes back. Each round
 * re-reads the last REWIND_MS, because Camunda's search is eventually consistent (a record may
 * show up after a later one); a restart re-reads the hour before the newest projected event.
 * Not audited: this is a derived read model, not a change to the case.
 */
import type { CamundaClient } from '@camunda8/orchestration-cluster-api';
import type { Db } from '../db/client';
import { Prisma } from '../db/generated/client';
import type { Logger } from '../log';
import { END_STEPS, END_STEP_NAMES, instanceSteps, latestStep } from './case-steps';

const NOW = { consistency: { waitUpToMs: 0 } };
const PAGE = 200;
/** Re-read window of every round (eventual consistency of Camunda's secondary storage). */
const REWIND_MS = 60_000;
/** Re-read window after a restart: rounds cut off by the stop may have left a pass behind. */
const START_REWIND_MS = 3_600_000;
const LOOKUPS_AT_ONCE = 4;
/** Rounds a case whose instance was between two steps is looked at again. */
const RECHECKS = 5;

/**
 * Events in the order they happen within one millisecond: a task is opened, then closed, then the
 * instance ends (the engine does all three in one step when nothing waits in between).
 */
const RANK = { opened: 0, closed: 1, ended: 2 } as const;

/** One case's step as the engine showed it after an event at `at` (engine time). */
export interface ProjectedStep {
  processInstanceKey: string;
  step: string;
  at: string;
  event: keyof typeof RANK;
}

export interface RoundCounts {
  /** Cases whose step changed, per pass. */
  opened: number;
  ended: number;
  settled: number;
}

export interface StepProjector {
  /** One round now (after the one running, if any). */
  runOnce(): Promise<RoundCounts>;
  /** Stops the timer and waits for the running round. */
  stop(): Promise<void>;
}

/**
 * Writes one page of steps, each only where no later event was projected and the case has not
 * ended; returns the number of cases changed. Repeating a page changes nothing.
 */
export async function writeSteps(db: Db, steps: readonly ProjectedStep[]): Promise<number> {
  if (!steps.length) return 0;
  const values = Prisma.join(
    steps.map(
      (s) =>
        Prisma.sql`(${s.processInstanceKey}, ${s.step},
                    date_trunc('milliseconds', ${s.at}::timestamptz) + ${RANK[s.event]}::float8 * interval '1 microsecond')`,
    ),
  );
  const ends = Prisma.join(END_STEP_NAMES.map((n) => Prisma.sql`${n}`));
  return db.$executeRaw`
    UPDATE "case" c SET current_step = v.step, current_step_at = v.at
      FROM (VALUES ${values}) AS v(pi, step, at)
     WHERE c.process_instance_key = v.pi
       AND (c.current_step_at IS NULL OR c.current_step_at <= v.at)
       AND NOT (c.current_step_at IS NOT NULL AND coalesce(c.current_step IN (${ends}), false))
       AND (c.current_step IS DISTINCT FROM v.step OR c.current_step_at IS DISTINCT FROM v.at)`;
}

type DateField = 'creationDate' | 'completionDate' | 'endDate';
type Query = {
  filter: Record<string, unknown>;
  sort: { field: DateField; order: 'ASC' }[];
  page: { from: number; limit: number };
};

/**
 * Every record whose `field` is at or after `since`, oldest first, a page at a time; returns the
 * newest time seen (NaN: none). The next page starts at the last time seen and skips the records
 * of that time already read — not Camunda's cursors, which the 8.8.4 client's strict request
 * validation turns into offsets (test/engine/user-tasks-inbox.test.ts), nor one growing offset,
 * which would reach Camunda's 10,000-hit window.
 */
async function changesSince<T extends Partial<Record<DateField, string>>>(
  search: (q: Query) => Promise<{ items?: T[] }>,
  field: DateField,
  since: number,
  each: (items: T[]) => Promise<void>,
): Promise<number> {
  const timeOf = (i: T) => Date.parse(String(i[field]));
  let from = since;
  let skip = 0;
  let newest = NaN;
  for (;;) {
    const r = await search({
      filter: { [field]: { $gte: iso(from) } },
      sort: [{ field, order: 'ASC' }],
      page: { from: skip, limit: PAGE },
    });
    const items = r.items ?? [];
    if (!items.length) return newest;
    await each(items);
    const last = timeOf(items.at(-1)!);
    if (Number.isFinite(last)) newest = last;
    if (items.length < PAGE || !Number.isFinite(last)) return newest;
    const sameTime = items.length - items.findLastIndex((i) => timeOf(i) !== last) - 1;
    if (last === from) skip += items.length;
    else [from, skip] = [last, sameTime];
  }
}

async function inBatches<T, R>(items: readonly T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

interface Marks {
  opened: number;
  ended: number;
  closed: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** The next round's start after seeing events up to `seen` (ms; NaN: none): never earlier. */
const later = (mark: number, seen: number) =>
  Number.isFinite(seen) ? Math.max(mark, seen - REWIND_MS) : mark;
const nameOf = (t: { name?: string; elementId?: unknown }) => (t.name ? t.name : String(t.elementId));

export function createStepProjector(deps: { db: Db; camunda: CamundaClient; log: Logger }): StepProjector & {
  round(): Promise<RoundCounts>;
} {
  const { db, camunda, log } = deps;
  /** Per pass: the engine time from which the next round reads (set by the first round). */
  let marks: Marks | null = null;
  /** Cases found between two steps, looked at again: process instance → event time, rounds left. */
  const unsettled = new Map<string, { at: string; left: number }>();

  async function startMarks(): Promise<Marks> {
    const [row] = await db.$queryRaw<{ at: Date | null }[]>`SELECT max(current_step_at) AS at FROM "case"`;
    const from = row?.at ? row.at.getTime() - START_REWIND_MS : 0;
    return { opened: from, ended: from, closed: from };
  }

  /** The step of one instance now, for an event at `at`; null when it is between two steps. */
  async function settle(pi: string, at: string): Promise<ProjectedStep | null> {
    try {
      const now = await instanceSteps(camunda, pi);
      if (now.state !== 'ACTIVE') {
        unsettled.delete(pi);
        return { processInstanceKey: pi, step: END_STEPS[now.state], at, event: 'closed' };
      }
      const step = latestStep(now.steps);
      if (!step || step.kind === 'machine') {
        const left = (unsettled.get(pi)?.left ?? RECHECKS + 1) - 1;
        if (left > 0) unsettled.set(pi, { at, left });
        else unsettled.delete(pi);
      } else unsettled.delete(pi);
      return step ? { processInstanceKey: pi, step: step.name, at, event: 'closed' } : null;
    } catch (err) {
      unsettled.delete(pi);
      log.warn({ processInstanceKey: pi, err: (err as Error).message }, '读取流程当前步骤失败');
      return null;
    }
  }

  async function settleAll(list: readonly { pi: string; at: string }[]): Promise<number> {
    const found = await inBatches(list, LOOKUPS_AT_ONCE, (x) => settle(x.pi, x.at));
    return writeSteps(
      db,
      found.filter((s): s is ProjectedStep => s !== null),
    );
  }

  const userTasks = (q: Query) => camunda.searchUserTasks(q as never, NOW);

  /**
   * Pass 1: the newest task of each instance — over the whole pass before writing, because tasks
   * of one instance opened in the same millisecond may fall on different pages (oldest first, so
   * the last one read of an instance is its newest).
   */
  async function opened(m: Marks): Promise<number> {
    const latest = new Map<string, ProjectedStep>();
    const newest = await changesSince(userTasks, 'creationDate', m.opened, async (items) => {
      for (const t of items) {
        if (!t.creationDate) continue;
        const pi = String(t.processInstanceKey);
        latest.set(pi, { processInstanceKey: pi, step: nameOf(t), at: t.creationDate, event: 'opened' });
      }
    });
    let changed = 0;
    const all = [...latest.values()];
    for (let i = 0; i < all.length; i += PAGE) changed += await writeSteps(db, all.slice(i, i + PAGE));
    m.opened = later(m.opened, newest);
    return changed;
  }

  /** Pass 2: instances that ended. */
  async function ended(m: Marks): Promise<number> {
    let changed = 0;
    const instances = (q: Query) => camunda.searchProcessInstances(q as never, NOW);
    const newest = await changesSince(instances, 'endDate', m.ended, async (items) => {
      const steps: ProjectedStep[] = [];
      for (const p of items) {
        if (p.state === 'ACTIVE' || !p.endDate) continue;
        const pi = String(p.processInstanceKey);
        unsettled.delete(pi);
        steps.push({ processInstanceKey: pi, step: END_STEPS[p.state], at: p.endDate, event: 'ended' });
      }
      changed += await writeSteps(db, steps);
    });
    m.ended = later(m.ended, newest);
    return changed;
  }

  /** Pass 3: cases still showing a task that was completed (or cancelled). */
  async function closed(m: Marks): Promise<number> {
    let changed = 0;
    const newest = await changesSince(userTasks, 'completionDate', m.closed, async (items) => {
      const done = new Map<string, { names: Set<string>; at: string }>();
      for (const t of items) {
        if (!t.completionDate) continue;
        const pi = String(t.processInstanceKey);
        const d = done.get(pi) ?? { names: new Set<string>(), at: t.completionDate };
        d.names.add(nameOf(t));
        d.at = t.completionDate;
        done.set(pi, d);
      }
      if (!done.size) return;
      const shown = await db.$queryRaw<{ pi: string; step: string | null }[]>`
          SELECT process_instance_key AS pi, current_step AS step FROM "case"
           WHERE process_instance_key IN (${Prisma.join([...done.keys()])})`;
      const stale = shown
        .filter((r) => r.step !== null && done.get(r.pi)!.names.has(r.step))
        .map((r) => ({ pi: r.pi, at: done.get(r.pi)!.at }));
      changed += await settleAll(stale);
    });
    m.closed = later(m.closed, newest);
    return changed;
  }

  async function round(): Promise<RoundCounts> {
    marks ??= await startMarks();
    const before = [...unsettled];
    const counts = {
      opened: await opened(marks),
      ended: await ended(marks),
      settled: await closed(marks),
    };
    // Looked at again unless this round's passes already did.
    const again = before.filter(([pi, u]) => unsettled.get(pi) === u).map(([pi, u]) => ({ pi, at: u.at }));
    counts.settled += await settleAll(again);
    return counts;
  }

  let chain: Promise<unknown> = Promise.resolve();
  const runOnce = () => {
    const next = chain.then(round);
    chain = next.catch(() => undefined);
    return next;
  };
  return { round, runOnce, stop: async () => void (await chain) };
}

/** The projector on a timer (every `everySeconds`, first round at once); `stop()` ends it cleanly. */
export function startStepProjector(
  deps: { db: Db; camunda: CamundaClient; log: Logger },
  everySeconds: number,
): StepProjector {
  const p = createStepProjector(deps);
  let stopped = false;
  let running = false;
  const tick = () => {
    if (stopped || running) return;
    running = true;
    p.runOnce()
      .then((c) => {
        if (c.opened + c.ended + c.settled) deps.log.debug(c, '已更新案件当前步骤');
      })
      .catch((err: unknown) =>
        deps.log.warn({ err: (err as Error).message }, '更新案件当前步骤失败，稍后重试'),
      )
      .finally(() => {
        running = false;
      });
  };
  tick();
  const timer = setInterval(tick, everySeconds * 1000);
  timer.unref();
  return {
    runOnce: () => p.runOnce(),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await p.stop();
    },
  };
}
