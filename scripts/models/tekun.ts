/**
 * 特困 (民发〔2021〕43号): 受理 → 调查 (入户调查, 生活自理能力评估, 信息核对) and 初审 within 15
 * working days → 7-day 公示 (objection → a new investigation and 初审 within 15 working days, then
 * a new 公示) → district confirmation within 15 working days with the ≥30 % random spot-check (a
 * spot-checked case, or a staff relative's, gets a district home visit) → grant (support from the
 * next month, care tier from the assessment) or refuse (reasons within 3 working days).
 */
import { Model } from './builder';
import { acceptance, deadlines, district, doc, investigation, refusal, street, user } from './common';

export function tekunModel(): Model {
  const m = new Model(
    'tekun',
    '特困人员认定',
    '城市特困人员认定：受理、调查与生活自理能力评估、初审公示、区县抽查与确认、送达（民发〔2021〕43号）。',
  );
  m.add({ id: 'start', kind: 'start', name: '申请已登记', col: 0, row: 0 });
  const shouli = acceptance(m, 'tekun', 'start', { col: 1, row: 0 });
  m.message('public-notice-objection');
  // The 初审 deadline: 15 working days from acceptance; after an objection, 15 from the objection.
  deadlines(
    m,
    'deadlines-initial',
    '计算初审期限',
    ['tekunInitialReview'],
    'acceptedOn',
    { col: 6, row: 0 },
    {
      outputs: [['=tekunInitialReviewDue', 'initialReviewDue']],
    },
  );
  m.add({ id: 'gw-investigation', kind: 'xor', name: '', col: 7, row: 0 });
  m.add({ id: 'investigation', kind: 'sub', name: '调查与初审（15个工作日）', col: 0, row: 0 });
  m.chain(shouli, 'deadlines-initial', 'gw-investigation', 'investigation');

  const p = { parent: 'investigation' };
  m.add({ id: 'investigation-start', kind: 'start', name: '开始调查', col: 9, row: 0, ...p });
  user(
    m,
    'tekun-self-care-assessment',
    '生活自理能力评估',
    street('investigator'),
    'initialReviewDue',
    { col: 11, row: -1, ...p },
    '评估进食、穿衣、上下床、如厕、室内行走、洗澡六项，确定照料护理档次（43号）。',
  );
  m.add({
    id: 'compute-amount',
    kind: 'service',
    name: '核算供养金额与护理档次',
    type: 'compute-amount',
    col: 15,
    row: 0,
    ...p,
  });
  user(
    m,
    'tekun-initial-review',
    '初审',
    street('reviewer'),
    'initialReviewDue',
    { col: 16, row: 0, ...p },
    '15 个工作日内提出初审意见（43号）。',
  );
  m.add({ id: 'investigation-end', kind: 'end', name: '已提出初审意见', col: 17, row: 0, ...p });
  investigation(m, 'tekun', 'investigation-start', {
    col: 10,
    row: 0,
    homeRow: 0,
    verificationRow: 1,
    due: 'initialReviewDue',
    parent: 'investigation',
    extra: 'tekun-self-care-assessment',
  });
  m.chain('gw-investigated', 'compute-amount', 'tekun-initial-review', 'investigation-end');

  m.boundary({
    id: 'initial-review-overdue',
    name: '超过初审期限',
    host: 'investigation',
    col: 15,
    interrupting: false,
    timeDate: '=initialReviewDue',
  });
  m.boundary({
    id: 'withdrawn',
    name: '申请人撤回',
    host: 'investigation',
    col: 13,
    interrupting: true,
    message: 'application-withdrawn',
  });
  m.add({ id: 'mark-overdue', kind: 'service', name: '标记超期', type: 'mark-overdue', col: 16, row: 2.6 });
  deadlines(m, 'deadlines-supervision', '计算督办期限', ['supervision'], 'today', { col: 17, row: 2.6 });
  user(m, 'tekun-overdue-supervision', '超期督办', district('official'), 'supervisionDue', {
    col: 18,
    row: 2.6,
  });
  m.add({ id: 'end-supervised', kind: 'end', name: '督办完成', col: 19, row: 2.6 });
  m.add({ id: 'end-withdrawn', kind: 'end', name: '已撤回', col: 14, row: 2.6 });
  m.flow('initial-review-overdue', 'mark-overdue');
  m.chain('mark-overdue', 'deadlines-supervision', 'tekun-overdue-supervision', 'end-supervised');
  m.flow('withdrawn', 'end-withdrawn');

  // 公示 7 days; an objection means a new investigation and 初审 within 15 working days (43号).
  m.add({ id: 'gw-initial', kind: 'xor', name: '初审意见', col: 19, row: 0 });
  doc(m, 'doc-gongshi', '发布公示', 'gongshi', { col: 20, row: 0 });
  deadlines(m, 'deadlines-notice', '公示期 7 天', ['publicNotice'], 'today', { col: 21, row: 0 });
  m.add({ id: 'gw-notice-wait', kind: 'event', name: '', col: 22, row: 0 });
  m.add({
    id: 'notice-elapsed',
    kind: 'timerCatch',
    name: '公示期满无异议',
    timeDate: '=publicNoticeDue',
    col: 23,
    row: 0,
  });
  m.add({
    id: 'objection-received',
    kind: 'messageCatch',
    name: '收到异议',
    message: 'public-notice-objection',
    col: 23,
    row: -1,
  });
  deadlines(
    m,
    'deadlines-reinvestigation',
    '重新调查期限',
    ['tekunReinvestigation'],
    'today',
    { col: 24, row: -1 },
    {
      outputs: [['=tekunReinvestigationDue', 'initialReviewDue']],
    },
  );
  m.flow('investigation', 'gw-initial');
  m.flow('gw-initial', 'doc-gongshi', { name: '符合', condition: '=initialOpinion = "eligible"' });
  m.chain('doc-gongshi', 'deadlines-notice', 'gw-notice-wait', 'notice-elapsed');
  m.chain('gw-notice-wait', 'objection-received', 'deadlines-reinvestigation');
  m.flow('deadlines-reinvestigation', 'gw-investigation', { lane: -2.3 });

  // District: 15 working days, spot-check ≥30 % (43号), home visit for staff relatives (57号 §11).
  m.add({ id: 'gw-to-district', kind: 'xor', name: '', col: 26, row: 0 });
  m.flow('notice-elapsed', 'gw-to-district');
  m.flow('gw-initial', 'gw-to-district', { name: '不符合', isDefault: true, lane: 1 });
  deadlines(m, 'deadlines-confirmation', '计算确认期限', ['tekunConfirmation'], 'today', { col: 27, row: 0 });
  m.add({
    id: 'select-spot-check',
    kind: 'service',
    name: '随机抽查（不少于30%）',
    type: 'select-spot-check',
    col: 28,
    row: 0,
  });
  m.add({ id: 'gw-spot-check', kind: 'xor', name: '区县入户核查？', col: 29, row: 0 });
  user(
    m,
    'tekun-district-home-visit',
    '区县入户抽查',
    district('official'),
    'tekunConfirmationDue',
    { col: 30, row: 1 },
    '被抽中的案件（43号：不少于 30%）及经办人员近亲属的申请（57号 §11），区县民政部门入户核查。',
  );
  m.add({ id: 'gw-visit-done', kind: 'xor', name: '', col: 31, row: 0 });
  user(
    m,
    'tekun-decision',
    '审核确认',
    district('official'),
    'tekunConfirmationDue',
    { col: 32, row: 0 },
    '15 个工作日内作出确认或不予确认的决定（43号）。',
  );
  m.boundary({
    id: 'confirmation-overdue',
    name: '超过确认期限',
    host: 'tekun-decision',
    col: 32.2,
    interrupting: false,
    timeDate: '=tekunConfirmationDue',
  });
  m.add({
    id: 'mark-overdue-confirmation',
    kind: 'service',
    name: '标记超期',
    type: 'mark-overdue',
    col: 33,
    row: 2,
  });
  m.add({ id: 'end-marked', kind: 'end', name: '已标记超期', col: 34, row: 2 });
  doc(m, 'doc-shenpi', '生成审核审批表', 'shenhe-shenpi', { col: 33, row: 0 });
  m.add({ id: 'gw-decision', kind: 'xor', name: '审核确认结论', col: 34, row: 0 });
  doc(m, 'doc-queren', '出具确认通知书', 'queren-tongzhi', { col: 35, row: 0 });
  m.add({
    id: 'enrol-recipient',
    kind: 'service',
    name: '纳入供养（次月起）',
    type: 'enrol-recipient',
    headers: { startMonth: 'next' },
    col: 36,
    row: 0,
  });
  m.add({ id: 'end-granted', kind: 'end', name: '已认定', col: 37, row: 0 });
  const refuse = refusal(m, 'tekun', { col: 35, row: 1 });
  m.chain('gw-to-district', 'deadlines-confirmation', 'select-spot-check', 'gw-spot-check');
  m.flow('gw-spot-check', 'tekun-district-home-visit', {
    name: '抽中或近亲属',
    condition: '=spotCheck = true or staffRelative = true',
  });
  m.flow('gw-spot-check', 'gw-visit-done', { name: '否', isDefault: true });
  m.chain('tekun-district-home-visit', 'gw-visit-done', 'tekun-decision', 'doc-shenpi', 'gw-decision');
  m.flow('confirmation-overdue', 'mark-overdue-confirmation');
  m.flow('mark-overdue-confirmation', 'end-marked');
  m.flow('gw-decision', 'doc-queren', { name: '确认', condition: '=decision = "grant"' });
  m.flow('gw-decision', refuse, { name: '不予确认', isDefault: true });
  m.chain('doc-queren', 'enrol-recipient', 'end-granted');
  return m;
}
