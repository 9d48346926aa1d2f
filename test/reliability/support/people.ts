/**
 * The people of 双龙湖街道 and of 渝北区, scripted: each signs in as their demo user, looks in the
 * inbox (`GET /api/tasks`, group and own tasks), and completes every task of the test's cases with
 * the form of support/forms.ts (`POST /api/tasks/:key/completion`), as the UI would.
 *
 * The server may be killed at any moment: a call that finds it down waits until it is back, and a
 * completion whose answer was lost is not repeated blindly (a task found completed, 404, or taken,
 * 409, is done). Only the clock is set through the engine's REST API: the test moves time on
 * (公示 lasts 7 days).
 */
import type { ServerProcess } from '../../helpers/server-process';
import { Client } from '../../api/support/harness';
import { WORKER, formFor } from './forms';

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

/** Runs `fn` until it does not fail for want of a server (at most `ms`). */
export async function whileDown<T>(fn: () => Promise<T>, ms = 120_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!isDown(err) || Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

interface InboxItem {
  userTaskKey: string;
  elementId: string;
  formKey: string | null;
  caseId: string;
}

export class People {
  private readonly clients = new Map<string, Client>();
  completed = 0;
  /** Completions answered 404/409: done before the answer was lost, or taken meanwhile. */
  alreadyDone = 0;

  constructor(
    private readonly server: ServerProcess,
    /** Only these cases' tasks are worked (the demo cases are left alone). */
    private readonly cases: Set<string>,
  ) {}

  private async as(username: string): Promise<Client> {
    let c = this.clients.get(username);
    if (!c) {
      c = await whileDown(() => Client.signIn(this.server.url, username, this.server.demoPassword));
      this.clients.set(username, c);
    }
    return c;
  }

  /** One round: everyone completes what is in their inbox; returns how many tasks were open. */
  async round(): Promise<number> {
    let open = 0;
    for (const username of new Set(Object.values(WORKER))) {
      const c = await this.as(username);
      for (const scope of ['mine', 'group']) {
        const r = await whileDown(() => c.get(`/api/tasks?scope=${scope}&pageSize=100`));
        if (r.status !== 200) throw new Error(`${username} 待办 ${r.status}: ${r.text}`);
        for (const t of r.body.items as InboxItem[]) {
          const step = t.formKey ?? t.elementId.replace(/^dibao-/, '');
          if (!this.cases.has(t.caseId) || WORKER[step] !== username) continue;
          open++;
          await this.complete(c, t, step);
        }
      }
    }
    return open;
  }

  private async complete(c: Client, t: InboxItem, step: string): Promise<void> {
    const detail = await whileDown(() => c.get(`/api/tasks/${t.userTaskKey}`));
    if (detail.status === 404) {
      this.alreadyDone++;
      return;
    }
    const form = formFor(step, (detail.body?.formValues ?? {}) as Record<string, unknown>);
    const r = await whileDown(() => c.post(`/api/tasks/${t.userTaskKey}/completion`, { form }));
    if (r.status === 200 || r.status === 204) this.completed++;
    else if (r.status === 404 || r.status === 409) this.alreadyDone++;
    else if (r.status !== 503) throw new Error(`${step} 办理失败 ${r.status}: ${r.text}`);
  }

  /**
   * Pins the engine's clock (`PUT /v2/clock`, as Camunda's clock endpoint; the engine does not keep
   * it across a restart, so the people pin it again).
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
