/**
 * Where the CPU goes during a run (Linux /proc; printed with RELIABILITY_DEBUG=1, never asserted):
 * the server's Node process and its child processes — the embedded PostgreSQL and Chromium —
 * sampled about once a second. Time between the last sample and a kill -9 is not counted.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK = 100; // USER_HZ on Linux

function stat(pid: number): { ppid: number; ticks: number; name: string } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return {
      ppid: Number(f[1]),
      ticks: Number(f[11]) + Number(f[12]),
      name: s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')),
    };
  } catch {
    return null;
  }
}

export class Meter {
  private readonly last = new Map<number, number>();
  readonly seconds = { server: 0, chromium: 0, postgres: 0 };

  private add(kind: keyof Meter['seconds'], pid: number, ticks: number): void {
    this.seconds[kind] += (ticks - (this.last.get(pid) ?? 0)) / TICK;
    this.last.set(pid, ticks);
  }

  sample(serverPid: number | undefined): void {
    if (!serverPid) return;
    const all = new Map<number, NonNullable<ReturnType<typeof stat>>>();
    for (const e of readdirSync('/proc')) {
      if (!/^\d+$/.test(e)) continue;
      const s = stat(Number(e));
      if (s) all.set(Number(e), s);
    }
    const server = all.get(serverPid);
    if (server) this.add('server', serverPid, server.ticks);
    const tree = new Set([serverPid]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [pid, s] of all)
        if (!tree.has(pid) && tree.has(s.ppid)) {
          tree.add(pid);
          grew = true;
          this.add(s.name.startsWith('postgres') ? 'postgres' : 'chromium', pid, s.ticks);
        }
    }
  }
}
