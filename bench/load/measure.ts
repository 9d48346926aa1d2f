/**
 * Fixed-rate load and its latency percentiles: HTTP through autocannon (latency of every 2xx
 * response, taken from its `response` event, so sub-millisecond values are kept), and a bare SQL
 * baseline paced the same way on node-postgres.
 */
import autocannon from 'autocannon';
import type pg from 'pg';

export interface Latencies {
  p50: number;
  p99: number;
  count: number;
}

export function percentiles(samples: number[]): Latencies {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
  return { p50: at(50), p99: at(99), count: s.length };
}

export interface HttpLoad {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  rate: number;
  seconds: number;
}

/** `rate` requests per second for `seconds` over 10 connections; any non-2xx or error fails the run. */
export function loadHttp(o: HttpLoad): Promise<Latencies> {
  return new Promise((resolve, reject) => {
    const samples: number[] = [];
    const statuses = new Map<number, number>();
    const instance = autocannon(
      {
        url: o.url,
        method: o.method ?? 'GET',
        headers: o.headers ?? {},
        ...(o.body ? { body: o.body } : {}),
        connections: 10,
        overallRate: o.rate,
        duration: o.seconds,
        timeout: 10,
      },
      (err, result) => {
        if (err) return reject(err);
        if (result.non2xx || result.errors || result.timeouts)
          return reject(
            new Error(
              `${o.url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
            ),
          );
        resolve(percentiles(samples));
      },
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) samples.push(ms);
      else statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
  });
}

/**
 * The same load on a bare query, shaped like autocannon's: 10 connections, each sending its share
 * of `rate` at fixed times (or at once when it is late), each query timed from send to result.
 */
export async function loadSql(
  pool: pg.Pool,
  rate: number,
  seconds: number,
  run: (c: pg.PoolClient) => Promise<unknown>,
): Promise<Latencies> {
  const CONNECTIONS = 10;
  const samples: number[] = [];
  const interval = (1000 * CONNECTIONS) / rate;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, w) => {
      const c = await pool.connect();
      try {
        for (let k = 0; ; k++) {
          const due = t0 + (w * interval) / CONNECTIONS + k * interval;
          if (due >= end) break;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          const start = performance.now();
          await run(c);
          samples.push(performance.now() - start);
        }
      } finally {
        c.release();
      }
    }),
  );
  return percentiles(samples);
}
