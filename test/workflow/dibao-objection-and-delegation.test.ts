/**
 * 低保 cases through the embedded engine, the official client and every real worker: an objection
 * during 公示 re-investigated and re-published for 3 days (条例 §18); the same case decided by the
 * 街道 when 审核确认 is delegated (57号 §20). Documents go through the real generate-document
 * worker and archive with the recording stand-in for Chromium (support/recording-renderer.ts says
 * why); dibao-granted-and-refused.test.ts renders the real PDFs.
 */
import { computeDeadline } from '../../server/domain/deadlines';
import { DEFAULT_SETTINGS } from '../../server/domain/settings';
import { createWorld, STREET, type World } from './support/world';

let w: World;
beforeAll(async () => {
  w = await createWorld('wf_dibao_more', { renderer: 'recording' });
}, 120_000);
afterAll(() => w?.close());

/** 受理 → 调查 (three branches) → 核算 → 群众评议 → 初审. */
async function throughInitialReview(pik: string, review: Record<string, unknown> = {}) {
  await w.complete(pik, 'dibao-accept');
  await w.complete(pik, 'dibao-home-visit');
  await w.complete(pik, 'dibao-home-visit-cosign');
  await w.complete(pik, 'dibao-neighbour-visit');
  await w.complete(pik, 'dibao-verification');
  await w.complete(pik, 'dibao-community-assessment');
  await w.complete(pik, 'dibao-initial-review', review);
}

it('re-investigates an objection during 公示 and publishes again for 3 days', async () => {
  const c = await w.start({ type: 'dibao' });
  await throughInitialReview(c.pik);
  // The 公示 has begun once its document is out and its period computed: the process waits at
  // gw-notice-wait. Moving the clock earlier would time out the 公示 document's job in flight.
  await w.reached(c.pik, 'deadlines-notice');
  await w.advance(2);
  expect(await w.active(c.pik)).toContain('gw-notice-wait');
  // As POST /api/cases/:id/objections publishes it: only while the 公示 waits, no time to live.
  await w.publish('public-notice-objection', c.id, { objectionRaised: true });
  await w.complete(c.pik, 'dibao-reinvestigation', {
    reinvestigation: { findings: '异议不成立', objectionUpheld: false },
    objectionRaised: true,
  });
  // Back through 核算 and 初审, then the 3-day 再公示 (条例 §18).
  await w.complete(c.pik, 'dibao-community-assessment');
  await w.complete(c.pik, 'dibao-initial-review');
  await w.reached(c.pik, 'deadlines-renotice');
  const vars = await w.variables(c.pik);
  expect(vars.publicNoticeDue).toBe(
    computeDeadline('dibaoRenotice', w.today(), DEFAULT_SETTINGS).dueDateTime,
  );
  await w.advance(4);
  await w.task(c.pik, 'dibao-decision');
  const gongshi = await w.db.archiveDocument.count({
    where: { caseId: c.id, documentType: 'public-notice' },
  });
  expect(gongshi).toBe(2);
  const passed = await w.passed(c.pik);
  expect(passed.filter((e) => e === 'compute-amount')).toHaveLength(2);
  await w.complete(c.pik, 'dibao-decision', { decision: 'grant', approvedAmount: vars.amount });
  await w.ended(c.pik);
}, 300_000);

it('is decided by the 街道 when 审核确认 is delegated', async () => {
  w.config.dibao.decisionDelegated = true;
  try {
    const c = await w.start({ type: 'dibao' });
    await throughInitialReview(c.pik);
    await w.reached(c.pik, 'deadlines-notice');
    await w.advance(8);
    const task = await w.task(c.pik, 'dibao-decision');
    expect(task.candidateGroups).toEqual([`street:${STREET}:reviewer`]);
    const { amount } = await w.variables(c.pik);
    await w.complete(c.pik, 'dibao-decision', { decision: 'grant', approvedAmount: amount });
    await w.ended(c.pik);
    expect((await w.variables(c.pik)).decisionLevel).toBe('street');
    const grant = await w.db.archiveDocument.findFirstOrThrow({
      where: { caseId: c.id, documentType: 'grant-notice' },
    });
    expect(grant.issuerCode).toBe(STREET);
    expect(await w.db.recipient.count({ where: { caseId: c.id } })).toBe(1);
  } finally {
    w.config.dibao.decisionDelegated = false;
  }
}, 300_000);

it('skips 群众评议 when DIBAO_COMMUNITY_ASSESSMENT is off when the case starts (条例 §18 setting)', async () => {
  w.config.dibao.communityAssessment = false;
  const c = await w.start({ type: 'dibao' });
  w.config.dibao.communityAssessment = true; // fixed per case at its start
  expect((await w.variables(c.pik)).communityAssessment).toBe(false);
  await w.complete(c.pik, 'dibao-accept');
  await w.complete(c.pik, 'dibao-home-visit');
  await w.complete(c.pik, 'dibao-home-visit-cosign');
  await w.complete(c.pik, 'dibao-neighbour-visit');
  await w.complete(c.pik, 'dibao-verification');
  await w.complete(c.pik, 'dibao-initial-review', {
    initialOpinion: 'ineligible',
    initialOpinionText: '不符合',
  });
  await w.complete(c.pik, 'dibao-decision', { decision: 'refuse', decisionReasons: '家庭收入高于标准' });
  await w.complete(c.pik, 'dibao-refusal-notice');
  await w.ended(c.pik);
  const passed = await w.passed(c.pik);
  expect(passed).toContain('compute-amount');
  expect(passed).not.toContain('dibao-community-assessment');
  expect(w.rendered.filter((r) => r.template === 'refusal-notice').at(-1)!.data.reasons).toEqual([
    '家庭收入高于标准',
  ]);
}, 300_000);
