/**
 * 低保 cases from registration to the end, through the embedded engine, the official client and
 * every real worker — generate-document renders real PDFs with Chromium into the archive: granted
 * and enrolled; refused with reasons and the notice due within 3 working days (57号 §21).
 */
import { computeDeadline } from '../../server/domain/deadlines';
import { DEFAULT_SETTINGS } from '../../server/domain/settings';
import { pdfText } from '../documents/helpers';
import { createWorld, DISTRICT, type World } from './support/world';

let w: World;
beforeAll(async () => {
  w = await createWorld('wf_dibao', { renderer: 'chromium' });
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

const archived = async (caseId: string) =>
  (await w.db.archiveDocument.findMany({ where: { caseId }, orderBy: { chainSeq: 'asc' } })).map(
    (d) => d.documentType,
  );

it('grants a 低保 case: documents in order, amount computed, household enrolled', async () => {
  const c = await w.start({ type: 'dibao' });
  await throughInitialReview(c.pik);
  await w.reached(c.pik, 'deadlines-notice');
  const during = await w.variables(c.pik);
  // 公示 7 calendar days (57号 §19); the district takes over once they have passed.
  expect(during.publicNoticeDue).toBe(
    computeDeadline('publicNotice', w.today(), DEFAULT_SETTINGS).dueDateTime,
  );
  expect(during.amount).toBe(during.calculation.total);
  expect(during.amount).toBeGreaterThan(0);
  await w.advance(8);
  const decision = await w.task(c.pik, 'dibao-decision');
  expect(decision.candidateGroups).toEqual([`district:${DISTRICT.code}:official`]);
  await w.complete(c.pik, 'dibao-decision', { decision: 'grant', approvedAmount: during.amount });
  await w.ended(c.pik);

  const vars = await w.variables(c.pik);
  expect(vars).toMatchObject({ decisionLevel: 'district', startMonth: '2026-03' });
  const recipient = await w.db.recipient.findUniqueOrThrow({ where: { caseId: c.id } });
  expect([recipient.id, Number(recipient.approvedAmount)]).toEqual([vars.recipientId, during.amount]);
  const row = await w.db.case.findUniqueOrThrow({ where: { id: c.id } });
  expect([row.status, Number(row.amount), row.overdue]).toEqual(['granted', during.amount, false]);
  expect(await archived(c.id)).toEqual([
    'acceptance-notice',
    expect.any(String),
    expect.any(String),
    'community-assessment-record',
    'public-notice',
    'review-approval-form',
    'grant-notice',
  ]);
  const docs = await archived(c.id);
  expect(docs.slice(1, 3).sort()).toEqual(['home-visit-record', 'verification-mandate']);
  const grant = await w.db.archiveDocument.findFirstOrThrow({
    where: { caseId: c.id, documentType: 'grant-notice' },
  });
  expect(grant.issuerCode).toBe(DISTRICT.code);
  expect(grant.documentNumber).toMatch(/^渝北民救〔\d{4}〕\d+号$/);
  expect(grant.pageCount).toBeGreaterThanOrEqual(1);
}, 300_000);

it('refuses a case with reasons; the refusal notice is due within 3 working days', async () => {
  const c = await w.start({ type: 'dibao', income: 5000 });
  await throughInitialReview(c.pik, { initialOpinion: 'ineligible', initialOpinionText: '收入高于标准' });
  // 不符合 goes to the district without 公示.
  const reasons = '家庭人均月收入 2500 元，高于本市城市低保标准（57号 §9）';
  await w.complete(c.pik, 'dibao-decision', { decision: 'refuse', decisionReasons: reasons });
  const notice = await w.task(c.pik, 'dibao-refusal-notice');
  const due = computeDeadline('refusalNotice', w.today(), DEFAULT_SETTINGS);
  expect(new Date(notice.dueDate).getTime()).toBe(new Date(due.dueDateTime).getTime());
  expect((await w.variables(c.pik)).refusalNoticeDue).toBe(due.dueDateTime);
  await w.complete(c.pik, 'dibao-refusal-notice');
  await w.ended(c.pik);

  expect(await w.passed(c.pik)).not.toContain('doc-gongshi');
  expect(await w.db.recipient.count({ where: { caseId: c.id } })).toBe(0);
  const refusal = await w.db.archiveDocument.findFirstOrThrow({
    where: { caseId: c.id, documentType: 'refusal-notice' },
  });
  expect(refusal.documentNumber).toMatch(/号$/);
  // The notice states the decider's reasons (rendered from the decision's variables).
  expect(pdfText(w.documents.store.pathOf(refusal.fileSha256))).toContain('高于本市城市低保标准');
}, 300_000);
