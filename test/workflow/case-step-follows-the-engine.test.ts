/**
 * 当前步骤 follows the engine (regression: the case row kept 受理审查 from the start to the end).
 * A 低保 case worked by the real workers through the embedded engine; the app over HTTP shows its
 * step in the detail (GET /api/cases/:id, asked of the engine), and in the case search and the
 * statistics (the case row, written by the step projector, run here one round at a time). A
 * projector started again from an earlier point changes nothing.
 *
 * The engine clock is pinned, so every event of a stretch carries the same millisecond: the
 * hardest case for the projector's "never go back" rule.
 */
import type { Server } from 'node:http';
import { createApp, type AppContext } from '../../server/app';
import { createSession } from '../../server/auth/session';
import { createLogger } from '../../server/log';
import { createStepProjector } from '../../server/workflow/case-step-projector';
import { Client } from '../api/support/harness';
import { createWorld, DISTRICT, STREET, type World } from './support/world';

let w: World;
let server: Server;
let base: string;
let clerk: Client;
const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
let projector: ReturnType<typeof createStepProjector>;

beforeAll(async () => {
  w = await createWorld('wf_case_step', { renderer: 'recording' });
  const ctx: AppContext = { config: w.config, log, db: w.db, camunda: w.t.client };
  server = await new Promise((resolve) => {
    const s = createApp(ctx).listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const u = await w.db.user.create({
    data: {
      username: 'clerk',
      displayName: '经办人甲',
      role: 'street_clerk',
      districtCode: DISTRICT.code,
      streetCode: STREET,
      passwordHash: 'not-used',
    },
  });
  const s = await createSession(w.db, u.id, w.config.auth);
  clerk = new Client(base, `jz_session=${s.token}`, s.csrfToken);
  projector = createStepProjector({ db: w.db, camunda: w.t.client, log });
}, 120_000);
afterAll(async () => {
  await projector?.stop();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await w?.close();
});

/** What the detail, the search and the statistics show as the case's step. */
async function shown(caseId: string) {
  const detail = await clerk.get(`/api/cases/${caseId}`);
  expect(detail.status).toBe(200);
  const list = await clerk.get('/api/cases?pageSize=100');
  expect(list.status).toBe(200);
  const stats = await clerk.get('/api/statistics');
  return {
    detail: detail.body.currentStep as string | null,
    steps: detail.body.steps as { name: string; state: string; source: string }[],
    list: list.body.items.find((i: { id: string }) => i.id === caseId).currentStep as string | null,
    byStep: Object.fromEntries(
      (stats.body.byStep as { step: string; count: number }[]).map((s) => [s.step, s.count]),
    ),
  };
}

/** A round of a projector started afresh (marks from the database, as after a restart). */
async function restartedRound() {
  const again = createStepProjector({ db: w.db, camunda: w.t.client, log });
  const counts = await again.runOnce();
  await again.stop();
  return counts;
}

it('shows each step of a 低保 case in the detail, the search and the statistics, and its end', async () => {
  const c = await w.start({ type: 'dibao' });
  await w.task(c.pik, 'dibao-accept');
  await projector.runOnce();
  let now = await shown(c.id);
  expect(now).toMatchObject({ detail: '受理审查', list: '受理审查' });
  expect(now.steps).toEqual([{ name: '受理审查', state: 'active', source: 'engine' }]);

  // 受理 → the three branches of the investigation (57号 §16, §17) open at once.
  await w.complete(c.pik, 'dibao-accept');
  for (const id of ['dibao-home-visit', 'dibao-neighbour-visit', 'dibao-verification'])
    await w.task(c.pik, id);
  await projector.runOnce();
  now = await shown(c.id);
  const investigation = ['入户调查', '邻里访问', '家庭经济状况信息核对'];
  expect(now.detail!.split('、').sort()).toEqual([...investigation].sort());
  expect(investigation).toContain(now.list);

  // The second task of the home visit: the newest step in the list.
  await w.complete(c.pik, 'dibao-home-visit');
  await w.task(c.pik, 'dibao-home-visit-cosign');
  await projector.runOnce();
  now = await shown(c.id);
  expect(now.list).toBe('第二调查员复核签字');
  expect(now.detail!.split('、').sort()).toEqual(
    ['家庭经济状况信息核对', '第二调查员复核签字', '邻里访问'].sort(),
  );

  // Co-signed: the list no longer shows a finished task, but one still open beside it.
  await w.complete(c.pik, 'dibao-home-visit-cosign');
  await projector.runOnce();
  now = await shown(c.id);
  expect(['邻里访问', '家庭经济状况信息核对']).toContain(now.list);
  expect(now.detail!.split('、').sort()).toEqual(['家庭经济状况信息核对', '邻里访问'].sort());
  expect(await restartedRound()).toEqual({ opened: 0, ended: 0, settled: 0 });

  await w.complete(c.pik, 'dibao-neighbour-visit');
  await w.complete(c.pik, 'dibao-verification');
  await w.task(c.pik, 'dibao-community-assessment');
  await projector.runOnce();
  now = await shown(c.id);
  expect(now).toMatchObject({ detail: '群众评议', list: '群众评议' });
  expect(now.byStep['群众评议']).toBe(1);

  // 初审 done: the case waits out the 公示 (57号 §19), which is no task of anybody's.
  await w.complete(c.pik, 'dibao-community-assessment');
  await w.complete(c.pik, 'dibao-initial-review');
  await w.reached(c.pik, 'deadlines-notice');
  await projector.runOnce();
  now = await shown(c.id);
  expect(now).toMatchObject({ detail: '公示期', list: '公示期' });
  expect(await restartedRound()).toEqual({ opened: 0, ended: 0, settled: 0 });
  expect((await shown(c.id)).list).toBe('公示期');

  await w.advance(8);
  await w.task(c.pik, 'dibao-decision');
  await projector.runOnce();
  now = await shown(c.id);
  expect(now).toMatchObject({ detail: '审核确认', list: '审核确认' });
  expect(now.byStep).toMatchObject({ 审核确认: 1 });
  expect(now.byStep['受理审查']).toBeUndefined();

  const amount = (await w.variables(c.pik)).amount as number;
  await w.complete(c.pik, 'dibao-decision', { decision: 'grant', approvedAmount: amount });
  await w.ended(c.pik);
  await projector.runOnce();
  now = await shown(c.id);
  expect(now).toMatchObject({ detail: '已办结', list: '已办结' });
  expect(now.steps).toEqual([{ name: '已办结', state: 'done', source: 'engine' }]);
  const row = await w.db.case.findUniqueOrThrow({ where: { id: c.id } });
  expect([row.status, row.currentStep]).toEqual(['granted', '已办结']);
  expect(await restartedRound()).toEqual({ opened: 0, ended: 0, settled: 0 });
  expect((await shown(c.id)).list).toBe('已办结');
}, 300_000);
