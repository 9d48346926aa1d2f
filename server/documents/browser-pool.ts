/**
 * One long-lived Chromium per process with a bounded pool of reusable pages (PDF-NOTES.md: a reused
 * page is ~35 % faster than a new one; more than 2 pages gain nothing on 2 cores). The browser is
 * relaunched after a crash, after `recycleAfter` documents and when its processes use more than
 * `maxRssMb`; profiles left behind by dead processes are deleted at launch. Page JavaScript is off
 * and every request except `data:` is blocked.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Deletes a profile folder; Chromium may still be writing into it while it exits. */
function removeProfile(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  } catch {
    // removeStaleProfiles() deletes it at the next launch
  }
}

export interface PoolOptions {
  executablePath?: string;
  /** Pages rendering at the same time. */
  size?: number;
  /** Relaunch the browser after this many documents. */
  recycleAfter?: number;
  /** Relaunch the browser when its processes use more than this (MB, resident). */
  maxRssMb?: number;
}

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--font-render-hinting=none',
];

const PROFILE_PREFIX = 'jiuzhu-chromium-';

interface Instance {
  browser: Browser;
  profile: string;
  idle: Page[];
  busy: number;
  documents: number;
  retired: boolean;
}

/**
 * Kills Chromium with all its helper processes: puppeteer starts it as a process group leader, and
 * helpers (zygote, renderers) can outlive a crashed browser process otherwise.
 */
function killTree(browser: Browser): void {
  const pid = browser.process()?.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Removes profile folders of Chromiums whose owning Node process no longer exists. */
export function removeStaleProfiles(tmp = os.tmpdir()): number {
  let removed = 0;
  for (const name of readdirSync(tmp)) {
    const m = new RegExp(`^${PROFILE_PREFIX}(\\d+)-`).exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || existsSync(`/proc/${pid}`)) continue;
    removeProfile(path.join(tmp, name));
    removed++;
  }
  return removed;
}

/** Resident memory of a process and all its descendants, in MB (Linux /proc). */
export function treeRssMb(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      const pages = Number(fields[21]);
      const pid = Number(entry);
      rss.set(pid, pages * 4096);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total / 2 ** 20;
}

export class BrowserPool {
  readonly size: number;
  private readonly recycleAfter: number;
  private readonly maxRssMb: number;
  private readonly executablePath: string;
  private current: Promise<Instance> | null = null;
  private readonly waiters: (() => void)[] = [];
  private active = 0;
  private closed = false;
  launches = 0;

  constructor(opts: PoolOptions = {}) {
    this.size = opts.size ?? 2;
    this.recycleAfter = opts.recycleAfter ?? 300;
    this.maxRssMb = opts.maxRssMb ?? 2048;
    this.executablePath = opts.executablePath ?? '/usr/bin/chromium';
  }

  private async launch(): Promise<Instance> {
    removeStaleProfiles();
    const profile = mkdtempSync(path.join(os.tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
    const browser = await puppeteer.launch({
      executablePath: this.executablePath,
      headless: true,
      // DevTools over a pipe, not a WebSocket: when this process dies (kill -9, OOM) the pipe
      // closes and Chromium exits with it; with a WebSocket it would live on as an orphan.
      pipe: true,
      // The server stops Chromium itself on SIGINT/SIGTERM (server/main.ts); puppeteer's own
      // handlers would exit the process with 143 before the database and engine are closed.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`],
      protocolTimeout: 180_000,
    });
    // A killed browser (timeout, recycling) resets its pipe; that is expected, not an error of ours.
    for (const stream of browser.process()?.stdio ?? []) stream?.on('error', () => {});
    this.launches++;
    const inst: Instance = { browser, profile, idle: [], busy: 0, documents: 0, retired: false };
    this.instances.add(inst);
    browser.on('disconnected', () => {
      inst.retired = true;
      killTree(browser);
      if (this.current && inst === this.currentResolved) this.current = null;
      removeProfile(profile);
    });
    this.currentResolved = inst;
    return inst;
  }
  private currentResolved: Instance | null = null;
  /** Every browser this pool started and has not closed yet (retired ones may still be busy). */
  private readonly instances = new Set<Instance>();

  private async instance(): Promise<Instance> {
    if (this.current) {
      const inst = await this.current.catch(() => null);
      if (inst && !inst.retired && inst.browser.connected) return inst;
    }
    this.current = this.launch();
    try {
      return await this.current;
    } catch (err) {
      this.current = null;
      throw new Error(`无法启动 Chromium（${this.executablePath}）：${(err as Error).message}`, {
        cause: err,
      });
    }
  }

  private async newPage(inst: Instance): Promise<Page> {
    const page = await inst.browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (req.url().startsWith('data:')) void req.continue();
      else void req.abort('blockedbyclient');
    });
    await page.emulateMediaType('print');
    return page;
  }

  /** Runs `fn` on a pooled page; at most `size` at a time. */
  async withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('公文渲染服务已关闭');
    while (this.active >= this.size) await new Promise<void>((r) => this.waiters.push(r));
    this.active++;
    let inst: Instance | null = null;
    let page: Page | null = null;
    let healthy = false;
    try {
      inst = await this.instance();
      inst.busy++;
      page = inst.idle.pop() ?? (await this.newPage(inst));
      const result = await fn(page);
      healthy = true;
      return result;
    } finally {
      if (inst) {
        inst.busy--;
        inst.documents++;
        if (page && healthy && !inst.retired && !page.isClosed()) inst.idle.push(page);
        else if (page && !page.isClosed()) void page.close().catch(() => {});
        this.maybeRecycle(inst);
      }
      this.active--;
      this.waiters.shift()?.();
    }
  }

  private maybeRecycle(inst: Instance): void {
    if (!inst.retired) {
      const pid = inst.browser.process()?.pid;
      const tooMany = inst.documents >= this.recycleAfter;
      const tooBig = pid !== undefined && inst.documents % 20 === 0 && treeRssMb(pid) > this.maxRssMb;
      if (tooMany || tooBig) {
        inst.retired = true;
        if (this.currentResolved === inst) this.current = null;
      }
    }
    if (inst.retired && inst.busy === 0) void this.closeInstance(inst);
  }

  private async closeInstance(inst: Instance): Promise<void> {
    inst.retired = true;
    this.instances.delete(inst);
    await inst.browser.close().catch(() => {});
    killTree(inst.browser);
    removeProfile(inst.profile);
  }

  /** Kills a browser (after a timeout: a stuck page may not answer any more); the next call relaunches. */
  async discard(browser?: Browser): Promise<void> {
    const inst = this.currentResolved;
    if (!inst || (browser && inst.browser !== browser)) {
      if (browser) killTree(browser);
      return;
    }
    this.current = null;
    inst.retired = true;
    killTree(inst.browser);
    await this.closeInstance(inst);
  }

  /** The browser's process id (for tests that simulate a crash). */
  async browserPid(): Promise<number | undefined> {
    return (await this.instance()).browser.process()?.pid;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.current = null;
    await Promise.all([...this.instances].map((inst) => this.closeInstance(inst)));
  }
}
