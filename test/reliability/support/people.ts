/**
 * The people of 双龙湖街道 and of 渝北区, scripted: each signs in as their demo user and works at
 * the same time as the others, as an office does — looks in the inbox (`GET /api/tasks`, own and
 * group tasks), and completes every task of the test's cases with the form of support/forms.ts
 * (`POST /api/tasks/:key/completion`), a few at once, as the UI would; the form of a step that
 * prints an amount is filled from the task's detail (`GET /api/tasks/:key`, its `formValues`).
 *
 * The server may be killed at any moment: a call that finds it down waits until it is back, and a
 * completion whose answer was lost is not repeated blindly (a task found completed, 404, or taken,
 * 409, is done). Every call has a time limit, so a server that hangs fails the run instead of
 * stalling it. Only the clock is set through the engine's REST API: the test moves time on
 * (公示 lasts 7 days).
 */
import type { ServerProcess } from '../../helpers/server-process';
import { Client } from '../../api/support/harness';
import { WORKER, formFor } from './forms';

/** No single call may take longer than this (a hung server fails the run, it does not stall it). */
export const CALL_LIMIT_MS = 120_000;

/** True for the errors of a server that is not there (refused, reset, closed mid-answer). */
export function isDown(err: unknown): boolean {
  const e = err as { cause?: { code?: string }; code?: string; message?: string; status?: number };
  const code = e?.cause?.code ?? e?.code ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'].includes(code) ||
    /fetch failed|socket hang up|other side closed|ECONNREFUSED|ECONNRESET/i.test(e?.message ?? '') ||
    e?.status === 503
  );
}

/** `p`, or a clear failure when it has not settled within `ms`. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}：${ms / 1000} 秒无应答`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Runs `fn` until it does not fail for want of a server (at most `ms`); each try is time-limited. */
export async function whileDown<T>(fn: () => Promise<T>, ms = CALL_LIMIT_MS): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await within(fn(), CALL_LIMIT_MS, '服务器');
    } catch (err) {
      if (!isDown(err) || Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function inParallel<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

interface InboxItem {
  userTaskKey: string;
  elementId: string;
  formKey: string | null;
  caseId: string;
}

/** How long a person with an empty inbox waits before looking again. */
const IDLE_MS = 1_500;

/** Steps whose form is filled from the task's detail (amounts the case already computed). */
const NEEDS_DETAIL = new Set(['initial-review', 'decision']);

export class People {
  private readonly clients = new Map<string, Client>();
  private stopped = false;
  completed = 0;
  /** Completions answered 404/409: done before the answer was lost, or taken meanwhile. */
  alreadyDone = 0;

  constructor(
    private readonly server: ServerProcess,
    /** Only these cases' tasks are worked (the demo cases are left alone). */
    private readonly cases: Set<string>,
    /** Tasks each person completes at the same time. */
    private readonly perPerson = 3,
  ) {}

  private async as(username: string): Promise<Client> {
    let c = this.clients.get(username);
    if (!c) {
      c = await whileDown(() => Client.signIn(this.server.url, username, this.server.demoPassword));
      this.clients.set(username, c);
    }
    return c;
  }

  /** Everyone works until `stop()`; the first failure stops everyone, and is what this rejects with. */
  async work(): Promise<void> {
    const failures: unknown[] = [];
    await Promise.all(
      [...new Set(Object.values(WORKER))].map((username) =>
        this.person(username).catch((err: unknown) => {
          failures.push(err);
          this.stop();
        }),
      ),
    );
    if (failures.length) throw failures[0];
  }

  stop(): void {
    this.stopped = true;
  }

  /**
   * One person: the group inbox, work it, look again; a pause when there is nothing to do, as a
   * person refreshing the page. Their own tasks (`mine`: a completion cut off after the claim)
   * are looked at every few rounds.
   */
  private async person(username: string): Promise<void> {
    const c = await this.as(username);
    for (let round = 0; !this.stopped; round++) {
      const mine: { task: InboxItem; step: string }[] = [];
      for (const scope of round % 5 === 4 ? ['mine', 'group'] : ['group']) {
        const r = await whileDown(() => c.get(`/api/tasks?scope=${scope}&pageSize=100`));
        if (r.status !== 200) throw new Error(`${username} 待办 ${r.status}: ${r.text}`);
        for (const task of r.body.items as InboxItem[]) {
          const step = task.formKey ?? task.elementId.replace(/^dibao-/, '');
          if (this.cases.has(task.caseId) && WORKER[step] === username) mine.push({ task, step });
        }
      }
      if (mine.length === 0) {
        await new Promise((r) => setTimeout(r, IDLE_MS));
        continue;
      }
      await inParallel(mine, this.perPerson, ({ task, step }) => this.complete(c, task, step));
    }
  }

  private async complete(c: Client, t: InboxItem, step: string): Promise<void> {
    let values: Record<string, unknown> = {};
    if (NEEDS_DETAIL.has(step)) {
      const detail = await whileDown(() => c.get(`/api/tasks/${t.userTaskKey}`));
      if (detail.status === 404) {
        this.alreadyDone++;
        return;
      }
      values = (detail.body?.formValues ?? {}) as Record<string, unknown>;
    }
    const form = formFor(step, values);
    const r = await whileDown(() => c.post(`/api/tasks/${t.userTaskKey}/completion`, { form }));
    if (r.status === 200 || r.status === 204) this.completed++;
    else if (r.status === 404 || r.status === 409) this.alreadyDone++;
    else if (r.status !== 503) throw new Error(`${step} 办理失败 ${r.status}: ${r.text}`);
  }

  /**
   * Pins the engine's clock (`PUT /v2/clock`, as Camunda's clock endpoint; the engine does not keep
   * it across a restart, so the test pins it again after each).
   */
  async pin(at: number): Promise<void> {
    const { address, user, password } = this.server.engine;
    const r = await whileDown(() =>
      fetch(`${address}/v2/clock`, {
        method: 'PUT',
        headers: {
          authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ timestamp: at }),
      }),
    );
    if (r.status !== 204) throw new Error(`时钟设置失败：${r.status} ${await r.text()}`);
  }
}
