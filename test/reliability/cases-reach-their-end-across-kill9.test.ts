/**
 * Reliability: the real server (`server/main.ts` in a child process) on the defaults of
 * `npm start` — its own embedded PostgreSQL under DATA_DIR, the embedded engine — is killed with
 * SIGKILL at random moments while a street clerk registers 低保 applications over HTTP and the
 * scripted people of the street and the district (support/people.ts) work the cases to their end
 * through the inbox API, all at the same time. Each time it is started again on the same data: it
 * finds the PostgreSQL its killed predecessor left running, stops it and comes back
 * (CASE_START_RETRY_SECONDS is short, so a case whose process start a kill cut off is started
 * again within the run). Afterwards every case has ended granted, no document was archived twice
 * for the same case and step, each case has exactly one registration, start and grant in the audit
 * trail, and `npm run archive:verify` and `npm run audit:verify` find both hash chains intact.
 *
 * The kills fall at random points of the work (a seeded draw of how far the run has got: cases
 * registered plus steps completed), so they hit registrations, steps, documents being rendered and
 * cases waiting out their 公示 alike, whatever the machine's speed. The seed is printed, and
 * RELIABILITY_SEED repeats a run. RELIABILITY_DEBUG=1 prints the progress, the job queues and
 * where the CPU went; RELIABILITY_KILLS (default 5) changes the number of kills.
 *
 * How many: RELIABILITY_CASES, default CI_CASES. Every case is eight steps, about fifteen jobs and
 * six real PDFs from Chromium, and the server is one Node process: that process is what runs out,
 * at about 2 s of its CPU per case (the engine ≈ 30 %, Prisma and pg ≈ 20 %, the official client
 * and Express ≈ 10 %, garbage collection ≈ 10 %, the documents ≈ 5 %; Chromium and PostgreSQL add
 * 1 s on the other core). Measured on the 2-core machine: 200 cases in 7.2 minutes when it was
 * otherwise quiet (28 cases a minute, 3.3 PDFs a second), 100 cases in 4.7–7.2 minutes with other
 * jobs loading it (load 3–9); a restart takes 5–15 s. CI_CASES fits the suite's share of CI
 * (about 8 minutes next to the other test files); the 1,000 of issue 8 is `RELIABILITY_CASES=1000`
 * (35–70 minutes here). The run is bounded: it fails with the count of cases still open once
 * RELIABILITY_MINUTES (default from the case count) have passed, and every HTTP call has its own
 * time limit.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { requiredMaterials } from '../../server/api/cases/materials-catalogue';
import { ROOT } from '../../server/paths';
import { Client } from '../api/support/harness';
import { application } from '../api/support/applications';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { documentData } from '../workflow/support/world';
import { Meter } from './support/meter';
import { People, inParallel, whileDown } from './support/people';

/** Cases the CI run drives to their end (see the header). */
const CI_CASES = 100;
const CASES = Number(process.env.RELIABILITY_CASES ?? CI_CASES);
const KILLS = Number(process.env.RELIABILITY_KILLS ?? 5);
const SEED = Number(process.env.RELIABILITY_SEED ?? Date.now() % 100_000);
/** The run fails (it does not hang) when the cases have not ended within this. */
const MINUTES = Number(process.env.RELIABILITY_MINUTES ?? Math.ceil(8 + CASES / 12));
/** Registrations the clerk has in flight at once. */
const DESK = 4;
/**
 * Cases open at once (registered, not yet ended): the clerk registers the next one when one ends.
 * Below the engine's instance cache (100), so the engine works on live instances rather than
 * reloading snapshots; enough to keep every worker and every person busy.
 */
const OPEN = Math.min(CASES, 80);
/** RELIABILITY_DEBUG=1 prints the progress to stderr. */
const debug = !!process.env.RELIABILITY_DEBUG;
const note = (msg: string) => {
  if (debug) process.stderr.write(`[reliability ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** mulberry32: a small seeded generator, so a failing run can be repeated. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** PostgreSQL is restarted with the server: a query that finds it gone is asked again. */
const PG_GONE =
  /ECONNREFUSED|ECONNRESET|terminat|shutting down|starting up|Connection terminated|not yet accepting/i;

describe(`${CASES} 低保 cases through ${KILLS} kill -9 of the server (seed ${SEED})`, () => {
  let server: ServerProcess;
  let pool: pg.Pool;
  let dataDir: string;
  /** A query on the server's database, repeated while its PostgreSQL restarts (at most 2 minutes). */
  const query = async <R extends pg.QueryResultRow = any>(text: string, params: unknown[] = []) => {
    const until = Date.now() + 120_000;
    for (;;) {
      try {
        return await pool.query<R>(text, params);
      } catch (err) {
        const e = err as { code?: string; message?: string };
        if (Date.now() > until || !PG_GONE.test(`${e.code ?? ''} ${e.message ?? ''}`)) throw err;
        await sleep(250);
      }
    }
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiuzhu-reliability-'));
    server = await startServerProcess({
      env: { DATA_DIR: dataDir, CASE_START_RETRY_SECONDS: '5' },
      readyTimeoutMs: 180_000,
    });
    pool = new pg.Pool({ connectionString: server.databaseUrl, max: 3 });
    // Idle connections are cut when the next server stops the PostgreSQL of the killed one.
    pool.on('error', () => {});
  }, 200_000);

  afterAll(async () => {
    await server?.stop();
    await pool?.end();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'ends every case once, with one document per step and both chains intact',
    async () => {
      const started = Date.now();
      const deadline = started + MINUTES * 60_000;
      const rand = random(SEED);
      const registered = new Map<string, string>(); // applicant 身份证号 → case id
      const caseIds = new Set<string>();
      const people = new People(server, caseIds);
      const meter = new Meter();
      const measure = () => (debug ? meter.sample(server.child.pid) : undefined);
      // The engine's clock runs with real time plus `offset`: the test moves it on past the 公示
      // (7 days) once cases wait it out, and by minutes when only the job locks of a killed
      // server are left. A moved clock is pinned (the engine then holds it still), so the test
      // pins it again every second and after each restart (a restarted engine forgets it).
      let offset = 0;
      const clock = () => Date.now() + offset;
      const clerk = await whileDown(() => Client.signIn(server.url, 'slh-clerk', server.demoPassword));

      const count = async (text: string) => Number((await query(text, [[...caseIds]])).rows[0].count);
      /** The test's cases not yet granted. */
      const open = () =>
        count(`SELECT count(*) FROM "case" WHERE id = ANY($1::uuid[]) AND status <> 'granted'`);
      /** The test's cases whose process has completed. */
      const ended = () =>
        count(`SELECT count(*) FROM "case" c JOIN engine_process_instance p ON p.key::text = c.process_instance_key
                WHERE c.id = ANY($1::uuid[]) AND p.state = 'COMPLETED'`);
      let endedNow = 0;

      /** Registers one application; a lost answer is found again by the applicant's 身份证号. */
      const register = async () => {
        // Every required material brought at once, so 受理审查 can find the file complete.
        const body = application({ receivedMaterials: requiredMaterials('dibao', { entrusted: false }) });
        const idNumber = body.members[0]!.idNumber;
        for (;;) {
          const r = await whileDown(() => clerk.post('/api/cases', body));
          if (r.status === 201 || r.status === 409) {
            const id =
              r.status === 201
                ? (r.body.id as string)
                : ((await whileDown(() => clerk.get(`/api/cases?idNumber=${idNumber}`))).body.items[0]
                    .id as string);
            registered.set(idNumber, id);
            // Stand-in: the documents also read data no step form collects yet (the office's
            // contact, …); written into the case file as test/workflow/support/world.ts does,
            // before the people see the case.
            await query(`UPDATE "case" SET data = $2::jsonb || data WHERE id = $1`, [
              id,
              JSON.stringify(documentData()),
            ]);
            caseIds.add(id);
            return;
          }
          if (r.status !== 503) throw new Error(`登记失败：${r.status} ${r.text}`);
        }
      };

      const failures: unknown[] = [];
      const fail = (err: unknown) => void failures.push(err);
      let done = false;

      // The clerk registers as cases end, keeping OPEN cases open.
      let registering = true;
      let next = 0;
      const registration = inParallel(
        Array.from({ length: DESK }, (_, i) => i),
        DESK,
        async () => {
          while (next < CASES && !done && !failures.length) {
            if (next - endedNow >= OPEN) {
              await sleep(300);
              continue;
            }
            next++;
            await register();
          }
        },
      )
        .catch(fail)
        .finally(() => (registering = false));

      const working = people.work().catch(fail);

      // kill -9 at random points of the work: after a seeded share of registrations + steps.
      const steps = () => registered.size + people.completed + people.alreadyDone;
      const total = CASES * 9; // one registration and eight steps a case
      const points = Array.from({ length: KILLS }, () => 0.03 + rand() * 0.9).sort((a, b) => a - b);
      const kills: { at: number; open: number; restartMs: number }[] = [];
      const killer = (async () => {
        for (const point of points) {
          while (steps() < point * total) {
            if (done || failures.length) return;
            await sleep(200);
          }
          await sleep(rand() * 2_000);
          const at = Date.now() - started;
          const openNow = await open();
          measure();
          await server.kill9();
          const t = Date.now();
          await server.restart();
          kills.push({ at, open: openNow, restartMs: Date.now() - t });
          note(
            `kill -9 #${kills.length} at ${(at / 1000).toFixed(0)} s, ${openNow} open; back in ${kills.at(-1)!.restartMs} ms`,
          );
          if (offset) await people.pin(clock());
        }
      })().catch(fail);

      // Watches the run: an incident fails it at once. Time moves on to the end of the 公示 once a
      // batch of cases waits it out (or nothing else is left); by five minutes when only job locks
      // are left (a worker's lock is at most three; the server releases its own at start, so this
      // is a safety net), after which a live job is retried, which the workers make harmless.
      const batch = Math.max(1, Math.floor(OPEN / 4));
      let idle = 0;
      let last = -1;
      try {
        while (!failures.length) {
          if (Date.now() > deadline) {
            throw new Error(
              `超时（${MINUTES} 分钟）：${await ended()}/${CASES} 件办结，已登记 ${registered.size} 件，已 kill -9 ${kills.length} 次`,
            );
          }
          const incidents = await query(
            `SELECT bpmn_process_id, element_id, error_message FROM engine_incident
              WHERE state = 'ACTIVE' AND bpmn_process_id = 'dibao' LIMIT 5`,
          );
          if (incidents.rows.length) throw new Error(`流程事故：${JSON.stringify(incidents.rows)}`);
          endedNow = await ended();
          if (endedNow >= CASES && !registering && kills.length >= KILLS) break;
          if (offset) await people.pin(clock());
          const { rows } = await query<{
            tasks: number;
            activatable: number;
            activated: number;
            notices: number;
            due: Date | null;
          }>(
            `WITH mine AS (SELECT process_instance_key::bigint AS pi FROM "case"
                            WHERE id = ANY($1::uuid[]) AND process_instance_key IS NOT NULL)
             SELECT (SELECT count(*) FROM engine_user_task
                      WHERE state = 'CREATED' AND process_instance_key IN (SELECT pi FROM mine))::int AS tasks,
                    (SELECT count(*) FROM engine_job WHERE status = 'activatable')::int AS activatable,
                    (SELECT count(*) FROM engine_job WHERE status = 'activated')::int AS activated,
                    count(t.key)::int AS notices, max(t.due_date) AS due
               FROM engine_timer t
              WHERE t.state = 'ACTIVE' AND t.element_id = 'notice-elapsed'
                AND t.due_date > to_timestamp($2 / 1000.0) AND t.process_instance_key IN (SELECT pi FROM mine)`,
            [[...caseIds], clock()],
          );
          const s = rows[0]!;
          const progress = steps() + endedNow;
          idle = s.tasks || s.activatable || progress !== last ? 0 : idle + 1;
          last = progress;
          const before = offset;
          if (s.due && (s.notices >= Math.min(batch, CASES - endedNow) || idle >= 3)) {
            offset = s.due.getTime() + 1_000 - Date.now();
          } else if (idle >= 3 && s.activated) offset += 5 * 60_000;
          if (offset !== before) {
            idle = 0;
            note(`time moves on to ${new Date(clock()).toISOString().slice(0, 16)}`);
            await people.pin(clock());
          }
          if (debug) {
            measure();
            const queues = await query<{ type: string; status: string; n: number }>(
              `SELECT type, status, count(*)::int AS n FROM engine_job
                WHERE status IN ('activatable', 'activated') GROUP BY 1, 2 ORDER BY 1, 2`,
            );
            note(
              `${registered.size} registered, ${people.completed} steps, ${endedNow}/${CASES} ended; ` +
                `${s.tasks} tasks; jobs ${queues.rows.map((r) => `${r.type} ${r.status.slice(0, 5)} ${r.n}`).join(', ')}`,
            );
          }
          await sleep(1_000);
        }
      } catch (err) {
        failures.unshift(err);
      } finally {
        done = true;
        people.stop();
        await Promise.all([registration, working, killer]);
      }
      if (failures.length) {
        // What the server logged as errors and warnings, for the report (its last child only).
        const logged = server
          .output()
          .split('\n')
          .filter((l) => /"level":(40|50|60)/.test(l))
          .slice(-15);
        process.stderr.write(`server warnings and errors (last 15):\n${logged.join('\n')}\n`);
        throw failures[0];
      }

      const seconds = (Date.now() - started) / 1000;
      const documents = await count(`SELECT count(*) FROM archive_document WHERE case_id = ANY($1::uuid[])`);
      const restarting = kills.reduce((a, k) => a + k.restartMs, 0) / 1000;
      process.stdout.write(
        `reliability: ${CASES} cases in ${seconds.toFixed(0)} s (${((CASES / seconds) * 60).toFixed(1)} cases/min), ` +
          `${documents} documents (${(documents / seconds).toFixed(2)}/s); kill -9 at ` +
          kills
            .map(
              (k) =>
                `${(k.at / 1000).toFixed(0)} s (${k.open} open, back in ${(k.restartMs / 1000).toFixed(1)} s)`,
            )
            .join(', ') +
          `; ${restarting.toFixed(0)} s restarting; ${people.completed} steps completed, ` +
          `${people.alreadyDone} found done; seed ${SEED}\n`,
      );
      if (debug) {
        const cpu = meter.seconds;
        note(
          `CPU: server ${cpu.server.toFixed(0)} s, Chromium ${cpu.chromium.toFixed(0)} s, ` +
            `PostgreSQL ${cpu.postgres.toFixed(0)} s (${((cpu.server + cpu.chromium + cpu.postgres) / CASES).toFixed(2)} s a case)`,
        );
      }

      // Every case registered once, ended, granted; every kill hit open cases.
      expect(registered.size).toBe(CASES);
      expect(await open()).toBe(0);
      expect(kills.filter((k) => k.open > 0)).toHaveLength(KILLS);

      // One archived document per case and step: no step produced two.
      const twice = await query(
        `SELECT case_id, document_type, count(*)::int AS n FROM archive_document
          WHERE case_id = ANY($1::uuid[]) GROUP BY case_id, document_type HAVING count(*) > 1`,
        [[...caseIds]],
      );
      expect(twice.rows).toEqual([]);
      const kinds = await query<{ n: number }>(
        `SELECT count(*)::int AS n FROM archive_document WHERE case_id = ANY($1::uuid[]) GROUP BY case_id`,
        [[...caseIds]],
      );
      expect(kinds.rows).toHaveLength(CASES);
      expect(new Set(kinds.rows.map((r) => r.n)).size).toBe(1);

      // No audit event lost or doubled: one registration, one start and one grant per case.
      const audit = await query(
        `SELECT action, count(DISTINCT case_id)::int AS cases, count(*)::int AS n FROM audit_event
          WHERE case_id = ANY($1::uuid[]) AND action IN ('case.registered', 'case.workflow-started', 'case.granted')
          GROUP BY action ORDER BY action`,
        [[...caseIds]],
      );
      expect(audit.rows).toEqual(
        ['case.granted', 'case.registered', 'case.workflow-started'].map((action) => ({
          action,
          cases: CASES,
          n: CASES,
        })),
      );

      // The operators' checks, as they run them (on the server's own embedded PostgreSQL).
      for (const script of ['archive:verify', 'audit:verify']) {
        const r = spawnSync('npm', ['run', '--silent', script], {
          cwd: ROOT,
          env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: server.databaseUrl, DATA_DIR: dataDir },
          encoding: 'utf8',
          timeout: 300_000,
        });
        expect({ script, status: r.status, out: r.status === 0 ? '' : r.stdout + r.stderr }).toEqual({
          script,
          status: 0,
          out: '',
        });
      }
    },
    // jest's own limit, past RELIABILITY_MINUTES and the checks: the run fails itself first.
    (MINUTES + 10) * 60_000,
  );
});
