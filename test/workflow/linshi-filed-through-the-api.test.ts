/**
 * 临时救助 applications filed as the window does it — `POST /api/cases` over HTTP with the kind,
 * the requested amount and the hardship event — started by the real CaseWorkflow and driven by
 * every real worker in the embedded engine (documents recorded instead of printed: see
 * support/recording-renderer.ts). An 急难型 application reaches 先行救助审批 without an incident;
 * a second application for the same event at another street gets the 不予受理通知书 naming the
 * earlier case, and its process ends.
 */
import type { Server } from 'node:http';
import { createApp, type AppContext } from '../../server/app';
import { createSession } from '../../server/auth/session';
import { createLogger } from '../../server/log';
import { caseWorkflowOf } from '../../server/workflow/case-workflow';
import { Client } from '../api/support/harness';
import { application, idNumber } from '../api/support/applications';
import { createWorld, DISTRICT, STREETS, type World } from './support/world';

let w: World;
let server: Server;
let base: string;

async function clerkOf(streetCode: string): Promise<Client> {
  const u = await w.db.user.create({
    data: {
      username: `clerk-${streetCode}`,
      displayName: `经办人${streetCode.slice(-3)}`,
      role: 'street_clerk',
      districtCode: DISTRICT.code,
      streetCode,
      passwordHash: 'not-used',
    },
  });
  const s = await createSession(w.db, u.id, w.config.auth);
  return new Client(base, `jz_session=${s.token}`, s.csrfToken);
}

/** Files the application over HTTP; returns the case with its process instance key. */
async function file(clerk: Client, body: Record<string, unknown>) {
  const r = await clerk.post('/api/cases', body);
  expect([r.status, r.body.errors ?? r.body.detail ?? null]).toEqual([201, null]);
  expect(r.body.workflow.connected).toBe(true);
  return {
    id: r.body.id as string,
    caseNo: r.body.caseNo as string,
    pik: r.body.workflow.processInstanceKey,
  };
}

beforeAll(async () => {
  w = await createWorld('wf_linshi_api', { renderer: 'recording' });
  const ctx: AppContext = {
    config: w.config,
    log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    db: w.db,
    camunda: w.t.client,
    workflow: caseWorkflowOf(w.t.client, w.db, w.config),
  };
  server = await new Promise((resolve) => {
    const s = createApp(ctx).listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}, 120_000);
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await w?.close();
});

it('takes an 急难型 application filed through the API to 先行救助审批 without an incident', async () => {
  const clerk = await clerkOf(STREETS[0]!.code);
  const c = await file(
    clerk,
    application({
      type: 'linshi',
      linshiKind: 'emergency',
      requestedAmount: 600,
      event: { kind: '火灾', date: '2026-02-27' },
    }),
  );
  // w.task fails with the instance's incidents if a worker could not do its job.
  const task = await w.task(c.pik, 'linshi-urgent-approval');
  expect(task.candidateGroups).toEqual([`street:${STREETS[0]!.code}:reviewer`]);
  const vars = await w.variables(c.pik);
  expect(vars).toMatchObject({
    caseId: c.id,
    assistanceKind: 'urgent',
    requestedAmount: 600,
    duplicateOf: null,
    amount: 600,
    remainingNeed: 0,
  });
  const row = await w.db.case.findUniqueOrThrow({ where: { id: c.id } });
  expect((row.data as any).duplicateCheck).toEqual({ checked: true, duplicateOf: null });
}, 300_000);

it('does not accept a second application for the same event at another street: 不予受理通知书', async () => {
  const same = idNumber('19700512');
  const event = { kind: '交通事故', date: '2026-02-25' };
  const first = await file(
    await clerkOf(STREETS[1]!.code),
    application({
      type: 'linshi',
      linshiKind: 'expense',
      requestedAmount: 1800,
      event,
      members: [{ name: '刘德才', idNumber: same, relation: 'applicant' }],
    }),
  );
  // The first application was decided (an open one already blocks registration with 409).
  await w.db.case.update({ where: { id: first.id }, data: { status: 'granted' } });
  const street = STREETS[2]!.code;
  await w.db.street.update({
    where: { code: street },
    data: { contactOffice: '龙山街道社会事务办公室', contactPhone: '023-67820000' },
  });

  const second = await file(
    await clerkOf(street),
    application({
      type: 'linshi',
      linshiKind: 'emergency',
      requestedAmount: 900,
      event,
      members: [
        { name: '刘德才', idNumber: same, relation: 'applicant' },
        { name: '刘小雨', idNumber: idNumber('20160301'), relation: 'child', student: true },
      ],
    }),
  );
  await w.ended(second.pik);
  expect(await w.variables(second.pik)).toMatchObject({ duplicateOf: first.caseNo });
  expect(await w.passed(second.pik)).not.toContain('linshi-urgent-approval');

  const doc = await w.db.archiveDocument.findFirstOrThrow({
    where: { caseId: second.id, documentType: 'non-acceptance-notice' },
  });
  expect(doc.issuerCode).toBe(street);
  const printed = w.rendered.find((r) => r.template === 'non-acceptance-notice')!;
  expect(printed.title).toBe('不予受理通知书');
  expect(printed.data).toMatchObject({
    recipient: { name: '刘德才' },
    caseType: 'linshi',
    event,
    duplicateOf: first.caseNo,
    earlier: { office: '重庆市渝北区龙溪街道办事处' },
    contact: { office: '龙山街道社会事务办公室', phone: '023-67820000' },
    remedies: { reviewBody: '重庆市渝北区人民政府' },
  });
  expect(await w.db.auditEvent.count({ where: { caseId: second.id, action: 'case.duplicate-found' } })).toBe(
    1,
  );
}, 300_000);
