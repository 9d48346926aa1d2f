/**
 * The inbox's reads and writes on the engine, through the official client (`ctx.camunda`) only:
 * user-task search and get, process variables, assignment and completion. Reads after a write
 * wait (the client's `consistency` option) until the engine's secondary storage shows the write,
 * so the API answers with what the user just did even on an eventually consistent Camunda 8.8.
 */
import type { CamundaClient } from '@camunda8/orchestration-cluster-api';
import type { AppContext } from '../../app';
import { Problem, notFound } from '../problem';

/** A user task as the inbox needs it (the v2 `UserTaskResult`, keys as strings). */
export interface EngineTask {
  userTaskKey: string;
  elementId: string;
  name: string;
  state: string;
  assignee: string | null;
  candidateGroups: string[];
  formKey: string | null;
  bpmnProcessId: string;
  processDefinitionKey: string;
  processInstanceKey: string;
  creationDate: string;
  dueDate: string | null;
}

/**
 * Reads that need no waiting: what the UI shows came from a search that already had it. The
 * client sends such a read at once when it is given no consistency options; `{ waitUpToMs: 0 }`
 * does the same after rebuilding the client's whole configuration from the environment on every
 * call (the inbox's hot path, bench/api.ts).
 */
const NOW = { consistency: undefined as unknown as { waitUpToMs: number } };
/** How long a read after a write waits for the engine to show the write. */
export const SETTLE_MS = 5_000;

export function engineOf(ctx: AppContext): CamundaClient {
  if (!ctx.camunda) {
    throw new Problem(
      503,
      '流程引擎未连接',
      '待办任务来自流程引擎，流程引擎尚未接入，请稍后再试或联系管理员',
    );
  }
  return ctx.camunda;
}

interface RawTask {
  userTaskKey: unknown;
  elementId: unknown;
  name?: unknown;
  state: unknown;
  assignee?: unknown;
  candidateGroups?: unknown;
  externalFormReference?: unknown;
  processDefinitionId: unknown;
  processDefinitionKey: unknown;
  processInstanceKey: unknown;
  creationDate: unknown;
  dueDate?: unknown;
}

export function toTask(t: RawTask): EngineTask {
  return {
    userTaskKey: String(t.userTaskKey),
    elementId: String(t.elementId),
    name: typeof t.name === 'string' && t.name ? t.name : String(t.elementId),
    state: String(t.state),
    assignee: typeof t.assignee === 'string' && t.assignee ? t.assignee : null,
    candidateGroups: Array.isArray(t.candidateGroups) ? t.candidateGroups.map(String) : [],
    formKey: typeof t.externalFormReference === 'string' ? t.externalFormReference : null,
    bpmnProcessId: String(t.processDefinitionId),
    processDefinitionKey: String(t.processDefinitionKey),
    processInstanceKey: String(t.processInstanceKey),
    creationDate: String(t.creationDate),
    dueDate: typeof t.dueDate === 'string' ? t.dueDate : null,
  };
}

/** The HTTP status of an engine call's error (the official client keeps it on `status`). */
export const statusOf = (err: unknown) => (err as { status?: number } | null)?.status;

/** One task by key, or null when the engine does not know it. */
export async function findTask(
  ctx: AppContext,
  key: string,
  until?: (t: EngineTask) => boolean,
): Promise<EngineTask | null> {
  if (!/^\d{1,19}$/.test(key)) return null;
  try {
    const raw = await engineOf(ctx).getUserTask(
      { userTaskKey: key as never },
      until ? { consistency: { waitUpToMs: SETTLE_MS, predicate: (r) => until(toTask(r as RawTask)) } } : NOW,
    );
    return toTask(raw as RawTask);
  } catch (err) {
    if (statusOf(err) === 404) return null;
    if (until && (err as Error).name === 'EventualConsistencyTimeoutError') return findTask(ctx, key);
    throw err;
  }
}

export async function loadTask(ctx: AppContext, key: string): Promise<EngineTask> {
  const t = await findTask(ctx, key);
  if (!t) throw notFound('任务不存在，或不在您的辖区内');
  return t;
}

/** Every task matching `filter` (the v2 user-task filter), in pages of 200, at most `max`. */
export async function searchTasks(
  ctx: AppContext,
  filter: Record<string, unknown>,
  max = 2_000,
): Promise<EngineTask[]> {
  const out: EngineTask[] = [];
  for (let from = 0; from < max; from += 200) {
    const r = await engineOf(ctx).searchUserTasks(
      {
        filter: filter as never,
        page: { from, limit: 200 },
        sort: [{ field: 'creationDate', order: 'ASC' }],
      },
      NOW,
    );
    out.push(...(r.items as RawTask[]).map(toTask));
    if (r.items.length < 200) break;
  }
  return out;
}

/**
 * One page of tasks in inbox order (due date first, undated last, then creation), filtered, sorted
 * and counted by the engine: the default inbox view, fast however many tasks a group has.
 */
export async function pageOfTasks(
  ctx: AppContext,
  filter: Record<string, unknown>,
  page: number,
  pageSize: number,
): Promise<{ tasks: EngineTask[]; total: number; totalCapped: boolean }> {
  const r = await engineOf(ctx).searchUserTasks(
    {
      filter: filter as never,
      page: { from: (page - 1) * pageSize, limit: pageSize },
      sort: [
        { field: 'dueDate', order: 'ASC' },
        { field: 'creationDate', order: 'ASC' },
      ],
    },
    NOW,
  );
  return {
    tasks: (r.items as RawTask[]).map(toTask),
    total: Number(r.page.totalItems),
    totalCapped: Boolean(r.page.hasMoreTotalItems),
  };
}

/** Process variables by name; a variable of the instance's own scope wins over a local one. */
export async function instanceVariables(
  ctx: AppContext,
  processInstanceKeys: string[],
  names?: string[],
): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  if (processInstanceKeys.length === 0) return out;
  const rows: { name: string; value: string; scopeKey: string; processInstanceKey: string }[] = [];
  for (let from = 0; ; from += 500) {
    const r = await engineOf(ctx).searchVariables(
      {
        filter: {
          processInstanceKey: { $in: processInstanceKeys },
          ...(names ? { name: { $in: names } } : {}),
        } as never,
        page: { from, limit: 500 },
      },
      NOW,
    );
    for (const v of r.items as {
      name: string;
      value: string;
      scopeKey: unknown;
      processInstanceKey: unknown;
    }[])
      rows.push({ ...v, scopeKey: String(v.scopeKey), processInstanceKey: String(v.processInstanceKey) });
    if (r.items.length < 500) break;
  }
  // Instance scope last, so it overwrites a same-named local variable.
  rows.sort(
    (a, b) => Number(a.scopeKey === a.processInstanceKey) - Number(b.scopeKey === b.processInstanceKey),
  );
  for (const v of rows) {
    const vars = out.get(v.processInstanceKey) ?? {};
    try {
      vars[v.name] = JSON.parse(v.value) as unknown;
    } catch {
      vars[v.name] = v.value; // a truncated value; the inbox reads only small ones
    }
    out.set(v.processInstanceKey, vars);
  }
  return out;
}

export async function variablesOf(ctx: AppContext, processInstanceKey: string, names?: string[]) {
  return (await instanceVariables(ctx, [processInstanceKey], names)).get(processInstanceKey) ?? {};
}

/** Engine answers that mean "someone else got there first". */
export function conflictFrom(err: unknown, what: string): never {
  const s = statusOf(err);
  if (s === 409 || s === 404)
    throw new Problem(409, '任务状态已变化', `${what}：任务已被他人认领或已办结，请刷新后重试`);
  if (s === 400) throw new Problem(409, '任务状态已变化', `${what}：流程引擎拒绝了此操作，请刷新后重试`);
  throw err;
}
