/**
 * Load on the real server: `server/main.ts` in a child process (test/helpers/server-process.ts) on
 * a fresh database of the machine's PostgreSQL, with `cases` cases (default 100,000) bulk-loaded in
 * SQL and as many waiting user tasks cloned into the embedded engine's tables. autocannon sends a
 * fixed 200 requests/s for `seconds` (default 20) to each of:
 * - case search, page 1 with filters, as a street clerk (their 街道) and as a district official
 *   (the whole 区县), through session, guard, zod, scoped Prisma query and response schema;
 * - the inbox (`GET /api/tasks`, the group's open tasks in due-date order, page 1, each with its
 *   case), as a street clerk and as a district official.
 * Each is paired with the bare SQL of the same page (rows + count) paced at the same rate in the
 * same run; p50 and p99 are reported with their ratios. Goal: p99 ≤ 20 ms.
 *
 *   npm run bench -- api [cases] [seconds]
 */
import pg from 'pg';
import { createFreshDatabase, startServerProcess } from '../test/helpers/server-process';
import { cloneUserTasks, seedCases, uid } from './load/seed-cases';
import { waitingInstance } from './load/template';
import { loadHttp, loadSql, type Latencies } from './load/measure';
import { report, type Measure } from './report';

process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/test';
const CASES = Number(process.argv[2] ?? 100_000);
const SECONDS = Number(process.argv[3] ?? 20);
const RATE = 200;
const GOAL_P99_MS = 20;

const fresh = await createFreshDatabase('bench_api');
const server = await startServerProcess({ databaseUrl: fresh.url });
const pool = new pg.Pool({ connectionString: fresh.url, max: 10 });
try {
  const t0 = performance.now();
  const seeder = await pool.connect();
  try {
    await seedCases(seeder, CASES);
    const first = await seeder.query<{ id: string }>(`SELECT ${uid("'bench-c-1'")}::text AS id`);
    const template = await waitingInstance(server.engine, pool, first.rows[0]!.id);
    await cloneUserTasks(seeder, template, CASES, CASES);
  } finally {
    seeder.release();
  }
  const counts = await pool.query<{ cases: string; tasks: string }>(
    `SELECT (SELECT count(*) FROM "case") AS cases,
            (SELECT count(*) FROM engine_user_task WHERE state = 'CREATED') AS tasks`,
  );
  const seeded = `${counts.rows[0]!.cases} cases, ${counts.rows[0]!.tasks} waiting user tasks, seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`;
  console.log(`# ${seeded}`);

  const clerk = await signIn('slh-clerk');
  const official = await signIn('yb-official');

  const searches = [
    {
      name: 'case search, street clerk (type=dibao, status=in_progress)',
      path: '/api/cases?type=dibao&status=in_progress&page=1&pageSize=20',
      cookie: clerk,
      sql: casePageSql(`c.street_code = '500112001' AND c.type = 'dibao' AND c.status = 'in_progress'`),
    },
    {
      name: 'case search, district official (whole 区县, type=dibao)',
      path: '/api/cases?type=dibao&page=1&pageSize=20',
      cookie: official,
      sql: casePageSql(`c.district_code = '500112' AND c.type = 'dibao'`),
    },
  ];
  const inboxes = [
    { name: 'inbox (GET /api/tasks), street clerk', group: 'street:500112001:clerk', cookie: clerk },
    {
      name: 'inbox (GET /api/tasks), district official',
      group: 'district:500112:official',
      cookie: official,
    },
  ];

  const measures: Measure[] = [];
  const notes: string[] = [seeded];
  const record = (name: string, http: Latencies, sql: Latencies) => {
    measures.push(
      { measure: `${name} p50`, project: http.p50, baseline: sql.p50, unit: 'ms' },
      { measure: `${name} p99`, project: http.p99, baseline: sql.p99, unit: 'ms' },
    );
    notes.push(
      `${name}: ${http.count} requests, p99 ${http.p99.toFixed(1)} ms ${http.p99 <= GOAL_P99_MS ? '≤' : '>'} goal ${GOAL_P99_MS} ms`,
    );
  };

  for (const s of searches) {
    const run = () =>
      loadHttp({ url: server.url + s.path, headers: { cookie: s.cookie }, rate: RATE, seconds: SECONDS });
    const bare = () => loadSql(pool, RATE, SECONDS, (c) => Promise.all(s.sql.map((q) => c.query(q))));
    await loadHttp({ url: server.url + s.path, headers: { cookie: s.cookie }, rate: RATE, seconds: 2 }); // warm-up
    record(s.name, await run(), await bare());
  }
  for (const inbox of inboxes) {
    const run = (seconds: number) =>
      loadHttp({
        url: `${server.url}/api/tasks?scope=group&page=1&pageSize=20`,
        headers: { cookie: inbox.cookie },
        rate: RATE,
        seconds,
      });
    // By hand, in one statement: the group's page of open tasks in due-date order from the
    // engine's inbox table (server/engine/persistence/ddl.ts, migration 3) with its capped count,
    // each task with its case (by the instance key the case records), street, applicant and
    // household size.
    const sql = [
      `SELECT (SELECT count(*) FROM (SELECT 1 FROM engine_user_task_inbox i
                                     WHERE i.candidate_group = '${inbox.group}' LIMIT 10001) n) AS total,
              t.*, c.case_no, c.type, c.status, s.name AS street_name,
              (SELECT m.name FROM member m WHERE m.household_id = c.household_id AND m.relation = 'applicant'
                ORDER BY m.created_at, m.id LIMIT 1) AS applicant,
              (SELECT count(*) FROM member m WHERE m.household_id = c.household_id) AS household_size
         FROM (SELECT i.user_task_key FROM engine_user_task_inbox i WHERE i.candidate_group = '${inbox.group}'
                ORDER BY i.due_date, i.creation_date, i.user_task_key LIMIT 20) k
         JOIN engine_user_task t ON t.key = k.user_task_key
         JOIN "case" c ON c.process_instance_key = t.process_instance_key::text
         JOIN street s ON s.code = c.street_code
        ORDER BY t.due_date, t.creation_date, t.key`,
    ];
    await run(2); // warm-up
    record(
      inbox.name,
      await run(SECONDS),
      await loadSql(pool, RATE, SECONDS, (c) => Promise.all(sql.map((q) => c.query(q)))),
    );
  }
  notes.push(
    `${RATE} req/s for ${SECONDS} s each (autocannon, 10 connections) against server/main.ts in a child process; baseline = bare SQL of the same page (rows + count) at the same rate`,
  );
  report('api', measures, notes);
} catch (err) {
  console.error(server.output().slice(-3000));
  throw err;
} finally {
  await pool.end();
  await server.stop();
  await fresh.drop();
}

/** Signs in through the API as a demo user; returns the session cookie. */
async function signIn(username: string): Promise<string> {
  const r = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: server.demoPassword }),
  });
  if (r.status !== 200) throw new Error(`sign-in of ${username} failed: ${r.status} ${await r.text()}`);
  const cookie = /jz_session=[^;]+/.exec(r.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

/** The list page as hand-written SQL: 20 rows with street and members, and the count (capped, as the API's). */
function casePageSql(where: string): string[] {
  return [
    `SELECT c.*, s.name AS street_name,
            (SELECT json_agg(json_build_object('name', m.name, 'id', m.id_number, 'rel', m.relation))
               FROM member m WHERE m.household_id = c.household_id) AS members
       FROM "case" c JOIN street s ON s.code = c.street_code
      WHERE ${where}
      ORDER BY c.applied_at DESC, c.case_no DESC LIMIT 20`,
    `SELECT count(*) FROM (SELECT 1 FROM "case" c WHERE ${where} LIMIT 10001) n`,
  ];
}
