/**
 * Reliability: the real server (`server/main.ts` in a child process, on a fresh database) is killed
 * with SIGKILL at random moments while a street clerk registers 低保 applications over HTTP and the
 * scripted people (support/people.ts) work the cases to their end through the inbox API; each time
 * it is started again on the same data (CASE_START_RETRY_SECONDS short, so a case whose process
 * start a kill cut off is started again within the run). Afterwards every case has ended granted,
 * no document was archived twice for the same case and step, each case has exactly one
 * registration, start and grant in the audit trail, and `npm run archive:verify` and
 * `npm run audit:verify` find both hash chains intact.
 *
 * CASES is bounded by the suite's time budget (≈ 4 minutes on 2 cores), not the 1,000 of issue 8:
 * every case is eight steps and six real PDFs from Chromium, and each of the five restarts costs
 * 8–30 s (engine, models, workers, Chromium; more on a loaded machine). Measured here: 4 cases in
 * 268 s with the machine shared by other jobs (load 10–15). RELIABILITY_CASES=1000 runs the full
 * count (plan for well over an hour). The kill moments come from a seeded generator; the seed is
 * printed, and RELIABILITY_SEED repeats a run. RELIABILITY_DEBUG=1 prints the progress.
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
import {
  createFreshDatabase,
  startServerProcess,
  type FreshDatabase,
  type ServerProcess,
} from '../helpers/server-process';
import { documentData } from '../workflow/support/world';
import { People, whileDown } from './support/people';

/** Cases registered and driven to their end (see the header: bounded by the time budget). */
const CASES = Number(process.env.RELIABILITY_CASES ?? 6);
const KILLS = 5;
const SEED = Number(process.env.RELIABILITY_SEED ?? Date.now() % 100_000);
const DAY = 86_400_000;
/** RELIABILITY_DEBUG=1 prints the progress to stderr. */
const note = (msg: string) => {
  if (process.env.RELIABILITY_DEBUG)
    process.stderr.write(`[reliability ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
};

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

describe(`${CASES} 低保 cases through ${KILLS} kill -9 of the server (seed ${SEED})`, () => {
  let fresh: FreshDatabase;
  let server: ServerProcess;
  let sql: pg.Pool;
  let dataDir: string;
  const archiveDir = () => path.join(dataDir, 'archive');

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiuzhu-reliability-'));
    fresh = await createFreshDatabase('reliability');
    server = await startServerProcess({
      databaseUrl: fresh.url,
      env: {
        DATA_DIR: dataDir,
        ARCHIVE_DIR: archiveDir(),
        DOCUMENT_PAGES: '2',
        CASE_START_RETRY_SECONDS: '5',
      },
      readyTimeoutMs: 120_000,
    });
    sql = new pg.Pool({ connectionString: fresh.url, max: 3 });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await sql?.end();
    await fresh?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'ends every case once, with one document per step and both chains intact',
    async () => {
      const started = Date.now();
      const rand = random(SEED);
      const registered = new Map<string, string>(); // applicant 身份证号 → case id
      const caseIds = new Set<string>();
      const people = new People(server, caseIds);
      // The engine's clock runs with real time plus `offset`: the test moves it on when only timers
      // (公示 lasts 7 days) or the job locks of a killed server are left. The engine forgets a pinned
      // clock when it restarts, so the people pin it again, every round.
      let offset = 0;
      const clock = () => Date.now() + offset;
      await people.pin(clock());
      const clerk = await whileDown(() => Client.signIn(server.url, 'slh-clerk', server.demoPassword));

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
            caseIds.add(id);
            // Stand-in: the documents also read data no step form collects yet (the office's
            // contact, …); written into the case file as test/workflow/support/world.ts does.
            await sql.query(`UPDATE "case" SET data = $2::jsonb || data WHERE id = $1`, [
              id,
              JSON.stringify(documentData()),
            ]);
            return;
          }
          if (r.status !== 503) throw new Error(`登记失败：${r.status} ${r.text}`);
        }
      };
      const count = async (query: string) => Number((await sql.query(query, [[...caseIds]])).rows[0].count);
      /** The test's cases not yet granted. */
      const open = () =>
        count(`SELECT count(*) FROM "case" WHERE id = ANY($1::uuid[]) AND status <> 'granted'`);
      /** The test's cases whose process has completed. */
      const ended = () =>
        count(`SELECT count(*) FROM "case" c JOIN engine_process_instance p ON p.key::text = c.process_instance_key
                WHERE c.id = ANY($1::uuid[]) AND p.state = 'COMPLETED'`);

      const failures: unknown[] = [];
      let registering = true;
      const registration = (async () => {
        for (let i = 0; i < CASES; i += 4) {
          await Promise.all(Array.from({ length: Math.min(4, CASES - i) }, register));
        }
      })()
        .catch((err: unknown) => failures.push(err))
        .finally(() => (registering = false));

      // kill -9 at random moments while cases are open; the engine forgets a pinned clock.
      const kills: { at: number; open: number; registering: boolean }[] = [];
      const killer = (async () => {
        for (let k = 0; k < KILLS; k++) {
          await new Promise((r) => setTimeout(r, 2_000 + rand() * 6_000));
          kills.push({ at: Date.now() - started, open: await open(), registering });
          note(`kill -9 #${k + 1}: ${kills.at(-1)!.open} cases open`);
          await server.kill9();
          await server.restart();
          await people.pin(clock());
        }
      })().catch((err: unknown) => failures.push(err));

      // The people work until every case has ended. When nothing is left to do but wait, time moves:
      // five minutes while a job is still locked (a killed server's lock then expires; a live job is
      // retried, which the workers make harmless), a day when only timers are left.
      const deadline = Date.now() + 30 * 60_000;
      let idle = 0;
      while (registering || (await ended()) < CASES || kills.length < KILLS) {
        if (failures.length) throw failures[0];
        if (Date.now() > deadline) throw new Error(`超时：${await ended()}/${CASES} 件办结`);
        const incidents = await sql.query(
          `SELECT bpmn_process_id, element_id, error_message FROM engine_incident
            WHERE state = 'ACTIVE' AND bpmn_process_id = 'dibao' LIMIT 5`,
        );
        if (incidents.rows.length) throw new Error(`流程事故：${JSON.stringify(incidents.rows)}`);
        await people.pin(clock());
        const tasks = await people.round();
        if (tasks) {
          idle = 0;
          note(`${tasks} tasks worked; ${people.completed} completed, ${await ended()}/${CASES} ended`);
          continue;
        }
        const jobs = await sql.query<{ status: string; n: number }>(
          `SELECT status, count(*)::int AS n FROM engine_job WHERE status IN ('activatable', 'activated') GROUP BY status`,
        );
        const waiting = (status: string) => jobs.rows.find((r) => r.status === status)?.n ?? 0;
        idle = waiting('activatable') ? 0 : idle + 1;
        if (!registering && idle >= 4 && (await ended()) < CASES) {
          offset += waiting('activated') ? 5 * 60_000 : DAY;
          idle = 0;
          note(`time moves on to ${new Date(clock()).toISOString().slice(0, 16)}`);
        }
        await new Promise((r) => setTimeout(r, 300));
      }
      await registration;
      await killer;
      if (failures.length) throw failures[0];

      const seconds = Math.round((Date.now() - started) / 1000);
      process.stdout.write(
        `reliability: ${CASES} cases in ${seconds} s; kill -9 at ${kills.map((k) => `${(k.at / 1000).toFixed(0)} s (${k.open} open)`).join(', ')}; ` +
          `${people.completed} tasks completed, ${people.alreadyDone} found done; seed ${SEED}\n`,
      );

      // Every case registered once, ended, granted; every kill hit registrations or open cases.
      expect(registered.size).toBe(CASES);
      expect(await open()).toBe(0);
      expect(kills.filter((k) => k.open > 0 || k.registering)).toHaveLength(KILLS);

      // One archived document per case and step: no step produced two.
      const twice = await sql.query(
        `SELECT case_id, document_type, count(*)::int AS n FROM archive_document
          WHERE case_id = ANY($1::uuid[]) GROUP BY case_id, document_type HAVING count(*) > 1`,
        [[...caseIds]],
      );
      expect(twice.rows).toEqual([]);
      const kinds = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM archive_document WHERE case_id = ANY($1::uuid[]) GROUP BY case_id`,
        [[...caseIds]],
      );
      expect(kinds.rows).toHaveLength(CASES);
      expect(new Set(kinds.rows.map((r) => r.n)).size).toBe(1);

      // No audit event lost or doubled: one registration, one start and one grant per case.
      const audit = await sql.query(
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

      // The operators' checks, as they run them.
      for (const script of ['archive:verify', 'audit:verify']) {
        const r = spawnSync('npm', ['run', '--silent', script], {
          cwd: ROOT,
          env: {
            ...process.env,
            NODE_OPTIONS: '',
            DATABASE_URL: fresh.url,
            DATA_DIR: dataDir,
            ARCHIVE_DIR: archiveDir(),
          },
          encoding: 'utf8',
        });
        expect({ script, status: r.status, out: r.status === 0 ? '' : r.stdout + r.stderr }).toEqual({
          script,
          status: 0,
          out: '',
        });
      }
    },
    30 * 60_000,
  );
});
