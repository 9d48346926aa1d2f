/**
 * Every route in the registry, called as every role from inside and outside the jurisdiction of
 * the resource it touches. The expectations (support/access-expectations.ts) are written from DOMAIN.md "Roles", not read
 * from the routes: a route missing here (or a stale entry) fails the first test, so every new
 * router must state who may use it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiRoutes, routeKey } from '../../server/api/registry';
import { ROLES } from '../../server/auth/roles';
import { ALL, EXPECTED, TASK_ROLES, type World } from './support/access-expectations';
import { application } from './support/applications';
import { archiveForCase } from './support/archive';
import { caseEventFixtures } from './support/case-events';
import { disbursementFixtures } from './support/disbursement';
import { A, Client, PASSWORD, S1, S2, seedFixtures, startApi, type Api } from './support/harness';
import { taskFixtures } from './support/tasks';

let api: Api;
let world: World;

beforeAll(async () => {
  api = await startApi('matrix', { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'matrix-')) });
  const fx = await seedFixtures(api);
  const clerk = await Client.signIn(api.base, fx.inside('street_clerk').username);
  const created = await clerk.post('/api/cases', application());
  expect(created.status).toBe(201);
  // Overdue, so the fixture case also shows in the district's escalation queue and statistics.
  await api.tdb.db.case.update({ where: { id: created.body.id }, data: { overdue: true } });
  const target = await fx.add('s1-target', 'street_investigator', A.code, S1.code);
  world = {
    ...fx,
    caseId: created.body.id,
    caseNo: created.body.caseNo,
    target,
    passwords: new Map([...fx.users, target].map((u) => [u.username, PASSWORD])),
    disbursement: await disbursementFixtures(api, created.body.id),
    tasks: await taskFixtures(api, fx, created.body.id, TASK_ROLES),
    events: { objection: '', supplement: '', withdrawal: '' },
    documentId: (await archiveForCase(api, created.body.id)).id,
    householdId: (await api.tdb.db.case.findUniqueOrThrow({ where: { id: created.body.id } })).householdId,
    rosterId: '',
  };
  world.events = await caseEventFixtures(api, world.tasks.engine, clerk);
  // The paid run's 花名册 of S1, archived.
  const roster = await archiveForCase(api, created.body.id, 'disbursement-roster');
  await api.tdb.db.disbursementRunStreet.updateMany({
    where: { runId: world.disbursement.runId, streetCode: S1.code },
    data: { rosterDocumentId: roster.id },
  });
  world.rosterId = roster.id;
});
afterAll(async () => {
  await api.close();
  await world?.tasks.engine.close();
});

const METHOD_OK = (status: number) => status >= 200 && status < 300;

describe('access matrix', () => {
  it('has an expectation for every registered route and none for routes that do not exist', () => {
    const registered = apiRoutes.map(routeKey).sort();
    expect(Object.keys(EXPECTED).sort()).toEqual(registered);
  });

  it('declares the same access kind the expectations state', () => {
    for (const r of apiRoutes)
      expect([routeKey(r), r.access.kind]).toEqual([routeKey(r), EXPECTED[routeKey(r)]!.kind]);
  });

  it('refuses every non-public route without a session (401)', async () => {
    const anonymous = new Client(api.base);
    for (const r of apiRoutes.filter((x) => x.access.kind !== 'public')) {
      const { path, body } = EXPECTED[routeKey(r)]!.call(world, world.inside('admin'));
      const res = await anonymous.request(r.method.toUpperCase(), path, body);
      expect([routeKey(r), res.status]).toEqual([routeKey(r), 401]);
    }
  });

  it('refuses every cookie-authenticated write without the CSRF token (403) and changes nothing', async () => {
    const before = await api.tdb.db.auditEvent.count();
    for (const r of apiRoutes.filter((x) => x.access.kind !== 'public' && x.method !== 'get')) {
      const exp = EXPECTED[routeKey(r)]!;
      const actor = world.inside(exp.roles[0]!);
      const c = await Client.minted(api, actor.id);
      const { path, body } = exp.call(world, actor);
      const res = await c.request(r.method.toUpperCase(), path, body, { 'x-csrf-token': 'wrong' });
      expect([routeKey(r), res.status, res.body.title]).toEqual([routeKey(r), 403, '请求校验失败']);
    }
    expect(await api.tdb.db.auditEvent.count()).toBe(before);
  });

  for (const key of Object.keys(EXPECTED)) {
    const exp = EXPECTED[key]!;
    const [method, _path] = key.split(' ') as [string, string];
    it(`${key}: allows ${exp.roles.length === ALL.length ? 'every role' : exp.roles.join(', ')} and only inside the jurisdiction`, async () => {
      const outcomes: string[] = [];
      for (const role of ROLES) {
        const sides: ('inside' | 'outside')[] =
          exp.kind === 'public' || exp.kind === 'self' ? ['inside'] : ['inside', 'outside'];
        for (const side of sides) {
          const actor = side === 'inside' ? world.inside(role) : world.outside(role);
          const client = exp.kind === 'public' ? new Client(api.base) : await Client.minted(api, actor.id);
          const { path, body } = exp.call(world, actor);
          const res = await client.request(method, path, body);
          const allowedRole = exp.roles.includes(role);
          if (METHOD_OK(res.status)) exp.onSuccess?.(world, actor);
          let verdict: string;
          if (!allowedRole) verdict = res.status === 403 ? 'ok' : `expected 403, got ${res.status}`;
          else if (exp.kind === 'resource' && side === 'outside')
            verdict = res.status === 404 ? 'ok' : `expected 404 outside, got ${res.status}`;
          else if (!METHOD_OK(res.status))
            verdict = `expected 2xx, got ${res.status} ${res.text.slice(0, 200)}`;
          else if (exp.sees) {
            const saw = exp.sees(res.body, res.text, world);
            verdict =
              saw === (side === 'inside')
                ? 'ok'
                : `${side} user ${saw ? 'saw' : 'did not see'} the S1 resource`;
          } else verdict = 'ok';
          if (verdict !== 'ok') outcomes.push(`${role}/${side}: ${verdict}`);
        }
      }
      expect(outcomes).toEqual([]);
    });
  }

  it('registers new cases in the clerk’s own street, whoever the clerk is', async () => {
    const cases = await api.tdb.db.case.findMany({ select: { streetCode: true, createdById: true } });
    const users = new Map(world.users.map((u) => [u.id, u]));
    for (const c of cases) expect(c.streetCode).toBe(users.get(c.createdById!)!.streetCode);
    expect(new Set(cases.map((c) => c.streetCode))).toEqual(new Set([S1.code, S2.code]));
  });
});
