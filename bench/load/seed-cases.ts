/**
 * Bulk data for the load bench, in SQL (generate_series, one statement per table), on a database
 * the server has already migrated and seeded with the demo district (渝北区, users per role):
 * the district's other streets, and `n` cases, each with a household of 1–4 members (names from
 * common surnames and given names, 身份证号 with a correct GB 11643 check character), a type
 * (低保 60 %, 临时救助 30 %, 特困 10 %), a status (four in five in progress), a current step and an
 * application date spread over three years. Ids are md5-derived (shaped as v4 UUIDs), so tables join without lookups.
 */
import type pg from 'pg';

/** 渝北区's other 街道 (illustrative codes; 双龙湖 001 and 龙溪 007 come from the demo seed). */
const STREETS: [string, string][] = [
  ['500112002', '仙桃街道'],
  ['500112003', '双凤桥街道'],
  ['500112004', '回兴街道'],
  ['500112005', '宝圣湖街道'],
  ['500112006', '人和街道'],
  ['500112008', '天宫殿街道'],
  ['500112009', '翠云街道'],
  ['500112010', '大竹林街道'],
  ['500112011', '礼嘉街道'],
  ['500112012', '龙山街道'],
  ['500112013', '龙塔街道'],
  ['500112014', '悦来街道'],
  ['500112015', '鸳鸯街道'],
  ['500112016', '王家街道'],
  ['500112017', '康美街道'],
];

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = [
  '芳',
  '伟',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '玉兰',
  '德明',
  '小红',
  '志强',
  '春梅',
  '海燕',
  '国庆',
  '淑珍',
  '光荣',
  '晓东',
];
const STEPS = [
  '受理审查',
  '入户调查',
  '邻里访问',
  '家庭经济状况信息核对',
  '群众评议',
  '初审',
  '公示',
  '审核确认',
];
const ROADS = ['金港路', '龙溪路', '新南路', '红锦大道', '宝圣大道', '双龙大道', '松石北路', '黄泥磅'];

/** A v4-shaped UUID derived from a text expression (the same text gives the same id). */
export const uid = (text: string) =>
  `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;

/** The street of case/household i, the same expression everywhere (codes ordered). */
const streetOf = (i: string) => `(SELECT codes[1 + (${i} * 7919) % cardinality(codes)] FROM streets)`;
const STREETS_TABLE = `CREATE TEMP TABLE streets ON COMMIT DROP AS
  SELECT array_agg(code ORDER BY code) AS codes FROM street WHERE district_code = '500112'`;
/** Application dates: one every ~minute over 2024-01 … 2026-09, scattered by i. */
const appliedOf = (i: string) =>
  `timestamptz '2024-01-01 09:00+08' + ((${i} * 7919) % 1440000) * interval '1 minute'`;

export async function seedCases(client: pg.ClientBase, n: number): Promise<void> {
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO street (code, district_code, name)
     SELECT s[1], '500112', s[2] FROM jsonb_array_elements($1::jsonb) e,
       LATERAL (SELECT ARRAY[e->>0, e->>1] AS s) x
     ON CONFLICT (code) DO NOTHING`,
    [JSON.stringify(STREETS)],
  );
  // GB 11643 check character (the server validates 身份证号 the same way).
  await client.query(`
    CREATE FUNCTION pg_temp.id18(first17 text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT first17 || substr('10X98765432',
        (SELECT sum(substr(first17, k, 1)::int * (ARRAY[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[k])
           FROM generate_series(1, 17) k)::int % 11 + 1, 1)
    $$`);
  await client.query(STREETS_TABLE);
  await client.query(
    `INSERT INTO household (id, district_code, street_code, area, address, phone, bank_name, bank_account,
                            account_holder, created_at, updated_at)
     SELECT ${uid("'bench-h-' || i")}, '500112', ${streetOf('i')}, 'urban',
            '渝北区' || ($2::text[])[1 + i % cardinality($2::text[])] || (1 + i % 300) || '号' || (1 + i % 30) || '栋',
            '13' || lpad(((i * 7919) % 1000000000)::text, 9, '0'),
            '重庆农村商业银行', '62284800' || lpad(i::text, 11, '0'), NULL, now(), now()
       FROM generate_series(1, $1::int) i`,
    [n, ROADS],
  );
  // Members: applicant, then spouse, child, parent; 1–4 per household (2.5 on average).
  await client.query(
    `INSERT INTO member (id, household_id, name, id_number, relation, student, monthly_income, created_at)
     SELECT ${uid("'bench-m-' || i || '-' || j")}, ${uid("'bench-h-' || i")},
            substr($2, 1 + (i * 31 + j) % char_length($2), 1)
              || ($3::text[])[1 + (i * 17 + j * 5) % cardinality($3::text[])],
            pg_temp.id18('500112' || to_char(date '1950-01-01' + ((i * 37 + j * 4001) % 20000), 'YYYYMMDD')
                         || lpad(((i * 3 + j) % 1000)::text, 3, '0')),
            (ARRAY['applicant', 'spouse', 'child', 'parent'])[j]::relation,
            j = 3, (i * 13 % 9) * 100, now()
       FROM generate_series(1, $1::int) i, generate_series(1, 4) j
      WHERE j <= 1 + i % 4`,
    [n, SURNAMES, GIVEN],
  );
  await client.query(
    `INSERT INTO "case" (id, case_no, type, status, current_step, household_id, district_code, street_code,
                         overdue, amount, data, applied_at, accepted_at, decided_at, created_at, updated_at)
     SELECT ${uid("'bench-c-' || i")},
            (CASE t WHEN 'dibao' THEN 'DB' WHEN 'linshi' THEN 'LS' ELSE 'TK' END)
              || '-500112-' || extract(year FROM applied)::int || '-' || (200000 + i),
            t::case_type, st::case_status,
            CASE WHEN st = 'in_progress' THEN ($2::text[])[1 + i % cardinality($2::text[])] END,
            ${uid("'bench-h-' || i")}, '500112', ${streetOf('i')},
            st = 'in_progress' AND i % 23 = 0,
            CASE WHEN st = 'granted' THEN 300 + (i % 40) * 10 END,
            jsonb_build_object('reason', '家庭收入低于当地低保标准', 'staffRelative', false),
            applied, applied + interval '3 days',
            CASE WHEN st <> 'in_progress' THEN applied + interval '20 days' END, applied, applied
       FROM generate_series(1, $1::int) i,
            LATERAL (SELECT CASE WHEN i % 10 < 6 THEN 'dibao' WHEN i % 10 < 9 THEN 'linshi' ELSE 'tekun' END AS t,
                            CASE i % 5 WHEN 0 THEN (ARRAY['granted', 'refused', 'withdrawn'])[1 + i / 5 % 3]
                                       ELSE 'in_progress' END AS st,
                            ${appliedOf('i')} AS applied) x`,
    [n, STEPS],
  );
  await client.query('COMMIT');
  // A table in service is vacuumed by autovacuum; do it now rather than measure a fresh bulk load.
  await client.query('VACUUM ANALYZE household, member, "case", street');
}

/** The inbox tasks the clones get: element id, name and candidate group (`{s}` = street code). */
const TASK_KINDS: [string, string, string][] = [
  ['dibao-accept', '受理审查', 'street:{s}:clerk'],
  ['dibao-home-visit', '入户调查', 'street:{s}:investigator'],
  ['dibao-neighbour-visit', '邻里访问', 'street:{s}:investigator'],
  ['dibao-verification', '家庭经济状况信息核对', 'district:500112:verifier'],
  ['dibao-community-assessment', '群众评议', 'street:{s}:reviewer'],
  ['dibao-initial-review', '初审', 'street:{s}:reviewer'],
  ['dibao-decision', '审核确认', 'district:500112:official'],
];

/**
 * `tasks` waiting user tasks in the embedded engine's tables, cloned in SQL from one real waiting
 * instance (`template`, a process instance key): its process instance, element instances,
 * variables and user task are copied with fresh keys, the case's id/number/street in the
 * variables, and the task's element, name, candidate group and dates varied by case. The clones
 * are for searching only (no snapshot is copied, so they are never completed). Cases in progress
 * get one task each; the rest of `tasks` go to in-progress cases as a second, parallel task.
 */
export async function cloneUserTasks(
  client: pg.ClientBase,
  template: string,
  cases: number,
  tasks: number,
): Promise<void> {
  await client.query('BEGIN');
  const { rows } = await client.query<{ base: string }>(
    `SELECT (nextval('engine_key_seq') + 1000)::text AS base`,
  );
  const base = rows[0]!.base;
  await client.query(STREETS_TABLE);
  // Slot k of case i: base + i * 32 + k. 0 = the process instance, 1..15 element instances,
  // 16..29 variables, 30 and 31 the user tasks.
  await client.query(
    `CREATE TEMP TABLE clone ON COMMIT DROP AS
       SELECT i, $2::bigint + i * 32 AS pi, ${uid("'bench-c-' || i")} AS case_id,
              (SELECT case_no FROM "case" WHERE id = ${uid("'bench-c-' || i")}) AS case_no,
              ${streetOf('i')} AS street,
              ${appliedOf('i')} AS applied
         FROM generate_series(1, $1::int) i WHERE i % 5 <> 0`,
    [cases, base],
  );
  await client.query(
    `CREATE TEMP TABLE tpl_ei ON COMMIT DROP AS
       SELECT e.*, row_number() OVER (ORDER BY key) AS slot FROM engine_element_instance e
        WHERE process_instance_key = $1 AND key <> $1`,
    [template],
  );
  await client.query(
    `CREATE TEMP TABLE tpl_var ON COMMIT DROP AS
       SELECT v.*, 15 + row_number() OVER (ORDER BY key) AS slot FROM engine_variable v
        WHERE process_instance_key = $1`,
    [template],
  );
  // Maps a template key (instance or element instance) to the clone's.
  const mapKey = (col: string) => `CASE WHEN ${col} = $1::bigint THEN c.pi
      ELSE c.pi + (SELECT slot FROM tpl_ei WHERE key = ${col}) END`;
  await client.query(
    `INSERT INTO engine_process_instance
     SELECT (jsonb_populate_record(p, jsonb_build_object('key', c.pi, 'start_date', c.applied))).*
       FROM engine_process_instance p, clone c WHERE p.key = $1`,
    [template],
  );
  await client.query(
    `INSERT INTO engine_element_instance
     SELECT (jsonb_populate_record(NULL::engine_element_instance, to_jsonb(e) - 'slot' || jsonb_build_object(
              'key', c.pi + e.slot, 'process_instance_key', c.pi,
              'flow_scope_key', ${mapKey('e.flow_scope_key')}, 'start_date', c.applied))).*
       FROM tpl_ei e, clone c`,
    [template],
  );
  await client.query(
    `INSERT INTO engine_variable
     SELECT (jsonb_populate_record(NULL::engine_variable, to_jsonb(v) - 'slot' || jsonb_build_object(
              'key', c.pi + v.slot, 'process_instance_key', c.pi, 'scope_key', ${mapKey('v.scope_key')},
              'value', CASE v.name WHEN 'caseId' THEN to_jsonb(c.case_id::text)::text
                                   WHEN 'caseNo' THEN to_jsonb(c.case_no)::text
                                   WHEN 'streetCode' THEN to_jsonb(c.street)::text
                                   ELSE v.value END))).*
       FROM tpl_var v, clone c`,
    [template],
  );
  const second = Math.max(
    0,
    tasks - Number((await client.query('SELECT count(*) FROM clone')).rows[0].count),
  );
  await client.query(
    `INSERT INTO engine_user_task
     SELECT (jsonb_populate_record(t, jsonb_build_object(
              'key', c.pi + 30 + s.n,
              'element_instance_key', ${mapKey('t.element_instance_key')},
              'process_instance_key', c.pi,
              'scope_keys', (SELECT jsonb_agg(${mapKey('sk')}) FROM unnest(t.scope_keys) sk),
              'element_id', (k.kind->>0), 'name', (k.kind->>1),
              'candidate_groups', jsonb_build_array(replace(k.kind->>2, '{s}', c.street)),
              'creation_date', c.applied + interval '1 day',
              'due_date', c.applied + interval '8 days'))).*
       FROM engine_user_task t, clone c,
            LATERAL (SELECT n FROM generate_series(0, 1) n WHERE n = 0 OR c.i <= $3::int * 5 / 4) s,
            LATERAL (SELECT ($2::jsonb)->((c.i + s.n * 2) % jsonb_array_length($2::jsonb)) AS kind) k
      WHERE t.process_instance_key = $1`,
    [template, JSON.stringify(TASK_KINDS), second],
  );
  // The case knows its instance, as registration records it (the inbox joins tasks to cases by it).
  await client.query(
    `UPDATE "case" c SET process_instance_key = k.pi::text FROM clone k WHERE c.id = k.case_id`,
  );
  // Keys handed out from now on lie above every clone.
  await client.query(`SELECT setval('engine_key_seq', $1::bigint + ($2::bigint + 1) * 32 + 1000000)`, [
    base,
    cases,
  ]);
  await client.query('COMMIT');
  await client.query(
    'VACUUM ANALYZE engine_user_task, engine_variable, engine_element_instance, engine_process_instance, "case"',
  );
}
