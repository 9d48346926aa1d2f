/**
 * 临时救助 through the embedded engine with the real workers: an 急难型 case gets 先行救助 approved
 * by the 街道 and paid within 3 days, capped at one month of the 低保标准; a 支出型 case above the
 * district's band ceiling goes to 一事一议 (meeting, three sign-offs by three different users,
 * 会议纪要) and is then approved and paid by the 区县 (161号 二(八)). Documents go through the real
 * generate-document worker and archive with the recording stand-in for Chromium
 * (support/recording-renderer.ts says why).
 */
import { computeDeadline } from '../../server/domain/deadlines';
import { DEFAULT_SETTINGS } from '../../server/domain/settings';
import { createWorld, DISTRICT, STREET, type World } from './support/world';

let w: World;
beforeAll(async () => {
  w = await createWorld('wf_linshi', { renderer: 'recording' });
}, 120_000);
afterAll(() => w?.close());

const caseRow = (id: string) => w.db.case.findUniqueOrThrow({ where: { id } });

it('pays 急难型 先行救助 within 3 days, approved by the 街道', async () => {
  const event = { kind: '火灾', date: w.today() };
  const c = await w.start({ type: 'linshi', linshiKind: 'emergency', data: { requestedAmount: 600, event } });
  const approval = await w.task(c.pik, 'linshi-urgent-approval');
  const vars = await w.variables(c.pik);
  expect(vars).toMatchObject({ duplicateOf: null, assistanceKind: 'urgent', amount: 600, remainingNeed: 0 });
  expect(vars.urgentCap).toBeGreaterThanOrEqual(600);
  // 先行救助 within 3 days of the application; up to the street's limit the 街道 approves.
  const due = computeDeadline('urgentPayment', w.today(), DEFAULT_SETTINGS);
  expect(vars.urgentPaymentDue).toBe(due.dueDateTime);
  expect(approval.candidateGroups).toEqual([`street:${STREET}:reviewer`]);

  await w.advance(1);
  await w.complete(c.pik, 'linshi-urgent-approval', {
    approved: true,
    approvedAmount: 600,
    decisionReasons: '住房失火，急需基本生活救助',
  });
  await w.complete(c.pik, 'linshi-urgent-supplement', {
    papersComplete: true,
    furtherAssistanceNeeded: false,
  });
  await w.ended(c.pik);

  const done = await w.variables(c.pik);
  const row = await caseRow(c.id);
  const payments = (row.data as any).payments as { id: string; amount: number; paidOn: string }[];
  expect(payments).toEqual([expect.objectContaining({ id: done.paymentId, amount: 600 })]);
  expect(payments[0]!.paidOn <= due.date).toBe(true);
  expect([row.status, Number(row.amount)]).toEqual(['granted', 600]);
  const decision = await w.db.archiveDocument.findFirstOrThrow({
    where: { caseId: c.id, documentType: 'grant-notice' },
  });
  expect(decision.issuerCode).toBe(STREET);
  expect(await w.db.auditEvent.count({ where: { caseId: c.id, action: 'case.assistance-paid' } })).toBe(1);
}, 300_000);

it('caps 先行救助 at one month of the 低保标准 and leaves the rest to the normal procedure', async () => {
  const c = await w.start({
    type: 'linshi',
    linshiKind: 'emergency',
    data: { requestedAmount: 2500, event: { kind: '交通事故', date: w.today() } },
  });
  await w.task(c.pik, 'linshi-urgent-approval');
  const vars = await w.variables(c.pik);
  expect(vars.amount).toBe(vars.urgentCap);
  expect(vars.remainingNeed).toBe(2500 - vars.urgentCap);
  await w.t.api.cancelProcessInstance({ processInstanceKey: c.pik });
}, 300_000);

it('decides a 支出型 case above the band ceiling by 一事一议, signed off by three different users', async () => {
  const c = await w.start({
    type: 'linshi',
    linshiKind: 'expense',
    data: { requestedAmount: 8000, event: { kind: '重大疾病', date: '2026-02-10' } },
  });
  await w.complete(c.pik, 'linshi-accept');
  await w.complete(c.pik, 'linshi-home-visit');
  await w.complete(c.pik, 'linshi-home-visit-cosign');
  await w.complete(c.pik, 'linshi-verification');
  await w.task(c.pik, 'linshi-street-review');
  expect(await w.variables(c.pik)).toMatchObject({
    amount: 8000,
    escalate: true,
    bandLevel: null,
    bandCeiling: 5000,
    incomeTestPassed: true,
  });
  await w.complete(c.pik, 'linshi-street-review');
  await w.reached(c.pik, 'deadlines-notice');
  await w.advance(8);

  const panel = await w.child(c.pik);
  const meeting = await w.task(panel, 'yishiyiyi-meeting');
  expect(meeting.candidateGroups).toEqual([`district:${DISTRICT.code}:panel`]);
  await w.complete(panel, 'yishiyiyi-meeting', { panelAmount: 7000 });
  // A sign-off that does not approve sends the decision back to the panel.
  await w.complete(
    panel,
    'yishiyiyi-signoff-clerk',
    { clerkApproved: false, clerkOpinion: '金额依据不足' },
    'official-a',
  );
  await w.complete(panel, 'yishiyiyi-meeting', { panelAmount: 6500 });
  await w.complete(panel, 'yishiyiyi-signoff-clerk', {}, 'official-a');
  await w.complete(panel, 'yishiyiyi-signoff-section', {}, 'section-head-b');
  await w.complete(panel, 'yishiyiyi-signoff-head', {}, 'head-c');
  await w.ended(panel);
  const signed = await w.t.api.searchUserTasks(
    { filter: { processInstanceKey: panel, state: 'COMPLETED' }, page: { limit: 50 } },
    { consistency: { waitUpToMs: 0 } },
  );
  const last = (id: string) => signed.items.filter((t: any) => t.elementId === id).at(-1).assignee;
  const signers = ['yishiyiyi-signoff-clerk', 'yishiyiyi-signoff-section', 'yishiyiyi-signoff-head'].map(
    last,
  );
  expect(new Set(signers).size).toBe(3);

  const decision = await w.task(c.pik, 'linshi-decision');
  expect(decision.candidateGroups).toEqual([`district:${DISTRICT.code}:official`]);
  const vars = await w.variables(c.pik);
  expect(vars).toMatchObject({ panelAmount: 6500, decisionLevel: 'district' });
  const minutes = await w.db.archiveDocument.findFirstOrThrow({
    where: { caseId: c.id, documentType: 'meeting-minutes' },
  });
  expect(vars.panelMinutes).toMatchObject({ id: minutes.id, number: minutes.documentNumber });
  expect(minutes.issuerCode).toBe(DISTRICT.code);

  await w.complete(c.pik, 'linshi-decision', {
    approved: true,
    approvedAmount: 6500,
    decisionReasons: '同意',
  });
  await w.ended(c.pik);
  const row = await caseRow(c.id);
  expect([row.status, Number(row.amount)]).toEqual(['granted', 6500]);
  expect((row.data as any).payments).toHaveLength(1);
}, 300_000);
