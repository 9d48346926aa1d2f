/**
 * Bounded fuzzing of the write and search routes: malformed JSON, wrong types, oversized bodies,
 * invalid 身份证号, SQL and HTML injection strings, unknown keys. Every answer must be a 4xx
 * problem+json without a stack trace, and no table may gain or lose a row.
 * Deterministic (seeded PRNG), about 400 requests.
 */
import { application, idNumber } from './support/applications';
import { Client, seedFixtures, startApi, type Api, type Fixtures } from './support/harness';

let api: Api;
let fx: Fixtures;
let caseId: string;
let userId: string;

const SQL = [
  `' OR '1'='1`,
  `1; DROP TABLE "case"; --`,
  `'); DELETE FROM app_user; --`,
  `" OR ""="`,
  `500112' UNION SELECT password_hash FROM app_user --`,
];
const HTML = [
  `<script>alert(1)</script>`,
  `<img src=x onerror=alert(1)>`,
  `"><svg onload=alert(1)>`,
  `</textarea><b>x</b>`,
];
const BAD_IDS = [
  '50011219800101001', // 17 digits
  '5001121980010100123', // 19 digits
  '500112198002300012', // 30 February
  '500112209901010012', // born in the future
  '990112198001010012', // no such province
  '５００１１２１９８００１０１００１２', // full-width digits
  '500112 19800101001',
  '50011219800101001Y',
];
const MALFORMED = [
  '{',
  '{"type":',
  '{"a":1,}',
  "{'type':'dibao'}",
  'NaN',
  '[1,2',
  '{"members":[{]}',
  '\u0000',
  'null',
  '"just a string"',
  '[]',
  '12',
];

/** mulberry32: a small seeded PRNG so a failure reproduces. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(20261129);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

function leaves(v: Json, path: Path = []): Path[] {
  if (v && typeof v === 'object') {
    const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
    return entries.flatMap(([k, x]) => leaves(x as Json, [...path, k]));
  }
  return [path];
}
function setAt(v: Json, path: Path, value: Json): Json {
  const copy = structuredClone(v);
  let cur: any = copy;
  for (const k of path.slice(0, -1)) cur = cur[k];
  cur[path.at(-1)!] = value;
  return copy;
}
function getAt(v: Json, path: Path): Json {
  return path.reduce<any>((cur, k) => cur[k], v);
}
const wrongType = (x: Json): Json =>
  typeof x === 'string'
    ? pick([42, true, [], {}])
    : typeof x === 'number'
      ? pick(['42', false, [], {}])
      : pick(['yes', 1, [], {}]);

/** Free-text fields get HTML; structured fields (names, numbers, codes, enums) get SQL or HTML. */
const FREE_TEXT = new Set([
  'address',
  'reason',
  'bankName',
  'displayName',
  'note',
  'agentName',
  'documentNo',
]);
function injection(path: Path): string {
  const key = String(path.at(-1));
  return FREE_TEXT.has(key) ? pick(HTML) : pick([...SQL, ...HTML]);
}

/** One invalid variant of a valid body. */
function mutate(base: Json, opts: { passwordKeys?: string[] } = {}): Json {
  const path = pick(leaves(base));
  const key = String(path.at(-1));
  // Any string is a possible password: only a wrong type or an unknown key makes it invalid.
  const kinds = opts.passwordKeys?.includes(key)
    ? (['type', 'unknown'] as const)
    : (['type', 'inject', 'long', 'unknown', 'idnumber'] as const);
  switch (pick(kinds)) {
    case 'type':
      return setAt(base, path, wrongType(getAt(base, path)));
    case 'inject':
      return typeof getAt(base, path) === 'string'
        ? setAt(base, path, injection(path))
        : setAt(base, path, wrongType(getAt(base, path)));
    case 'long':
      return setAt(base, path, typeof getAt(base, path) === 'string' ? '长'.repeat(5000) : 1e308);
    case 'unknown':
      return {
        ...(base as object),
        [pick(['__proto__x', 'constructor', 'isAdmin', 'role_override'])]: true,
      } as Json;
    case 'idnumber':
      return key === 'idNumber' || key === 'agentIdNumber'
        ? setAt(base, path, pick(BAD_IDS))
        : setAt(base, path, wrongType(getAt(base, path)));
  }
}

async function rowCounts() {
  const rows = await api.tdb.db.$queryRawUnsafe<{ t: string; n: bigint }[]>(`
    SELECT 'case' t, count(*) n FROM "case" UNION ALL SELECT 'household', count(*) FROM household
    UNION ALL SELECT 'member', count(*) FROM member UNION ALL SELECT 'material', count(*) FROM case_material
    UNION ALL SELECT 'user', count(*) FROM app_user UNION ALL SELECT 'audit', count(*) FROM audit_event
    UNION ALL SELECT 'session', count(*) FROM session UNION ALL SELECT 'throttle', count(*) FROM login_throttle`);
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
}

function expectRefused(r: { status: number; text: string; headers: Headers }, what: string) {
  if (r.status < 400 || r.status >= 500)
    throw new Error(`${what}: expected 4xx, got ${r.status} ${r.text.slice(0, 300)}`);
  expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(r.text).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules|PrismaClient|stack/i);
}

beforeAll(async () => {
  api = await startApi('fuzz');
  fx = await seedFixtures(api);
  const clerk = await Client.minted(api, fx.inside('street_clerk').id);
  caseId = (await clerk.post('/api/cases', application())).body.id;
  userId = fx.inside('street_investigator').id;
});
afterAll(() => api.close());

describe('bad input is refused with a 4xx and stores nothing', () => {
  it('survives mutated bodies on every write route', async () => {
    const clerk = await Client.minted(api, fx.inside('street_clerk').id);
    const admin = await Client.minted(api, fx.inside('admin').id);
    const anyone = await Client.minted(api, fx.inside('archivist').id);
    const targets: { client: Client; method: string; path: string; base: Json; passwordKeys?: string[] }[] = [
      { client: clerk, method: 'POST', path: '/api/cases', base: application() as unknown as Json },
      {
        client: clerk,
        method: 'POST',
        path: '/api/cases',
        base: application({
          type: 'linshi',
          linshiKind: 'expense',
          entrusted: {
            agentName: '赵六',
            agentKind: 'person',
            agentIdNumber: idNumber(),
            authorization: { documentNo: 'WT-9', signedOn: '2026-02-01' },
          },
        }) as unknown as Json,
      },
      {
        client: clerk,
        method: 'PUT',
        path: `/api/cases/${caseId}/materials`,
        base: { items: [{ kind: 'income_proof', received: true, note: '原件' }] },
      },
      {
        client: admin,
        method: 'POST',
        path: '/api/admin/users',
        base: { username: 'fuzz-user', displayName: '测试', role: 'street_clerk', streetCode: '500112001' },
      },
      {
        client: admin,
        method: 'PATCH',
        path: `/api/admin/users/${userId}`,
        base: { displayName: '改名', role: 'street_reviewer', active: true },
      },
      {
        client: new Client(api.base),
        method: 'POST',
        path: '/api/session',
        base: { username: 's1-street_clerk', password: 'x' },
        passwordKeys: ['password'],
      },
      {
        client: anyone,
        method: 'PUT',
        path: '/api/session/password',
        base: { currentPassword: 'a', newPassword: 'b' },
        passwordKeys: ['currentPassword', 'newPassword'],
      },
    ];
    const before = await rowCounts();
    let sent = 0;
    for (const t of targets) {
      for (let i = 0; i < 40; i++) {
        const body = mutate(t.base, t.passwordKeys ? { passwordKeys: t.passwordKeys } : {});
        expectRefused(
          await t.client.request(t.method, t.path, body),
          `${t.method} ${t.path} ${JSON.stringify(body).slice(0, 200)}`,
        );
        sent++;
      }
      for (const text of MALFORMED) {
        expectRefused(
          await t.client.request(t.method, t.path, text),
          `${t.method} ${t.path} malformed ${text}`,
        );
        sent++;
      }
      // Not JSON at all, and larger than the 1 MB limit.
      expectRefused(
        await t.client.request(t.method, t.path, 'type=dibao', {
          'content-type': 'application/x-www-form-urlencoded',
        }),
        'form body',
      );
      const huge = await t.client.request(
        t.method,
        t.path,
        JSON.stringify({ reason: 'x'.repeat(2_000_000) }),
      );
      expectRefused(huge, 'oversized');
      expect(huge.status).toBe(413);
      sent += 2;
    }
    expect(sent).toBeGreaterThan(350);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses injection strings and wrong types in query strings and path ids', async () => {
    const reader = await Client.minted(api, fx.inside('district_official').id);
    const before = await rowCounts();
    const queries = [
      ...SQL.map((s) => `idNumber=${encodeURIComponent(s)}`),
      ...SQL.map((s) => `applicantName=${encodeURIComponent(s)}`),
      ...SQL.map((s) => `type=${encodeURIComponent(s)}`),
      ...SQL.map((s) => `streetCode=${encodeURIComponent(s)}`),
      ...HTML.map((s) => `status=${encodeURIComponent(s)}`),
      ...BAD_IDS.map((s) => `idNumber=${encodeURIComponent(s)}`),
      'page=0',
      'page=-1',
      'pageSize=100000',
      'page=abc',
      'overdue=maybe',
      'type=dibao&type=tekun',
      'unknown=1',
    ];
    for (const q of queries) expectRefused(await reader.get(`/api/cases?${q}`), `GET /api/cases?${q}`);
    for (const q of ['year=1+OR+1%3D1', 'year=99999', 'x=1'])
      expectRefused(await reader.get(`/api/statistics?${q}`), q);
    for (const id of [...SQL, '1', 'not-a-uuid', '00000000-0000-0000-0000-00000000000g']) {
      expectRefused(await reader.get(`/api/cases/${encodeURIComponent(id)}`), `GET /api/cases/${id}`);
      expectRefused(
        await reader.get(`/api/cases/${encodeURIComponent(id)}/materials`),
        `GET materials ${id}`,
      );
    }
    expect(await rowCounts()).toEqual(before);
  });
});
