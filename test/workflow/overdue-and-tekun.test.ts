/**
 * Through the embedded engine with the real workers: a 低保 case left past its whole-case deadline
 * (25 working days from acceptance) is marked overdue and escalated to the district for 超期督办
 * (pinned clock, then advanced); a 特困 case drawn for the district spot-check (43号: ≥ 30 %) gets
 * the 区县入户抽查 task before the decision and is supported from the next month. Documents go through the real
 * generate-document worker and archive with the recording stand-in for Chromium
 * (support/recording-renderer.ts says why).
 */
import { computeDeadline } from '../../server/domain/deadlines';
import { DEFAULT_SETTINGS } from '../../server/domain/settings';
import { keyedDraw } from '../../server/domain/spot-check';
import { createWorld, DISTRICT, type World } from './support/world';

let w: World;
beforeAll(async () => {
  w = await createWorld('wf_overdue_tekun', { renderer: 'recording' });
}, 120_000);
afterAll(() => w?.close());

it('marks a 低保 case overdue after 25 working days and opens 超期督办 for the district', async () => {
  const c = await w.start({ type: 'dibao' });
  await w.complete(c.pik, 'dibao-accept');
  await w.task(c.pik, 'dibao-home-visit');
  const due = (await w.variables(c.pik)).dibaoCaseDue as string;
  expect(due).toBe(computeDeadline('dibaoCase', w.today(), DEFAULT_SETTINGS).dueDateTime);
  expect((await w.db.case.findUniqueOrThrow({ where: { id: c.id } })).overdue).toBe(false);

  // Nothing happens for 40 calendar days: past 25 working days, not yet past the 40 of an extension.
  await w.advance(40);
  const supervision = await w.task(c.pik, 'dibao-overdue-supervision');
  expect(supervision.candidateGroups).toEqual([`district:${DISTRICT.code}:official`]);
  const vars = await w.variables(c.pik);
  expect(vars.overdue).toBe(true);
  expect(vars.supervisionDue).toBe(computeDeadline('supervision', w.today(), DEFAULT_SETTINGS).dueDateTime);
  const row = await w.db.case.findUniqueOrThrow({ where: { id: c.id } });
  expect(row.overdue).toBe(true);
  expect(await w.db.auditEvent.count({ where: { caseId: c.id, action: 'case.overdue' } })).toBe(1);
  // The procedure itself goes on (non-interrupting timer): the investigation is still open.
  await w.task(c.pik, 'dibao-home-visit');
  await w.complete(c.pik, 'dibao-overdue-supervision');
  await w.reached(c.pik, 'end-supervised');
  await w.task(c.pik, 'dibao-home-visit');
}, 300_000);

it('does not mark a case whose deadline was extended until the extended deadline passes', async () => {
  const c = await w.start({ type: 'dibao' });
  await w.complete(c.pik, 'dibao-accept');
  await w.complete(c.pik, 'dibao-home-visit', { deadlineExtended: true, extensionReason: '需补充核对' });
  await w.advance(40);
  await w.reached(c.pik, 'end-overdue-deferred');
  expect((await w.db.case.findUniqueOrThrow({ where: { id: c.id } })).overdue).toBe(false);
  await w.advance(30);
  await w.task(c.pik, 'dibao-overdue-supervision');
  expect((await w.db.case.findUniqueOrThrow({ where: { id: c.id } })).overdue).toBe(true);
}, 300_000);

it('sends a 特困 case drawn for the spot-check to the district home visit, then grants it', async () => {
  const c = await w.start({ type: 'tekun', size: 1 });
  await w.complete(c.pik, 'tekun-accept');
  await w.task(c.pik, 'tekun-self-care-assessment');
  expect((await w.variables(c.pik)).initialReviewDue).toBe(
    computeDeadline('tekunInitialReview', w.today(), DEFAULT_SETTINGS).dueDateTime,
  );
  await w.complete(c.pik, 'tekun-self-care-assessment');
  await w.complete(c.pik, 'tekun-home-visit');
  await w.complete(c.pik, 'tekun-home-visit-cosign');
  await w.complete(c.pik, 'tekun-verification');
  await w.complete(c.pik, 'tekun-initial-review');
  await w.reached(c.pik, 'deadlines-notice');
  await w.advance(8);

  // The first file of the district's year is always checked: by the keyed draw when it falls under
  // the rate, otherwise by the quota that keeps the share ≥ 30 %.
  const visit = await w.task(c.pik, 'tekun-district-home-visit');
  expect(visit.candidateGroups).toEqual([`district:${DISTRICT.code}:official`]);
  const vars = await w.variables(c.pik);
  const reason = keyedDraw('workflow-test-seed', c.id) < 0.3 ? 'random' : 'quota';
  expect([vars.spotCheck, vars.spotCheckReason]).toEqual([true, reason]);
  expect(vars.calculation.careTier).toBe('全护理');
  const stored = (await w.db.case.findUniqueOrThrow({ where: { id: c.id } })).data as any;
  expect(stored.spotCheck).toMatchObject({ year: 2026, sequence: 1, selectedBefore: 0, selected: true });

  await w.complete(c.pik, 'tekun-district-home-visit');
  await w.complete(c.pik, 'tekun-decision', { decision: 'grant', approvedAmount: vars.amount });
  await w.ended(c.pik);
  // 43号: support starts the month after the confirmation.
  const done = await w.variables(c.pik);
  const decidedMonth = w.today().slice(0, 7);
  expect(done.startMonth > decidedMonth).toBe(true);
  const recipient = await w.db.recipient.findUniqueOrThrow({
    where: { caseId: c.id },
    include: { terms: true },
  });
  expect([recipient.type, recipient.terms[0]!.careTier]).toEqual(['tekun', 'full']);
  expect(await w.db.archiveDocument.count({ where: { caseId: c.id, documentType: 'grant-notice' } })).toBe(1);
}, 300_000);
