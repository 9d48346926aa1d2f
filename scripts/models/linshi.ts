/**
 * 临时救助 (161号 二(八), 民发〔2018〕23号, 2026 意见): a second application for the same event is
 * refused; 急难型 gets 先行救助 (approved and paid within 3 days, no 核对 and no 公示, papers completed
 * afterwards; any further need, or a refusal of 先行救助, continues in the normal procedure);
 * 支出型 follows the normal procedure: 受理, investigation with 核对, 街道审核, 公示, decision by the
 * 街道 up to its approval limit or by the 区县 above it; above the district's band ceiling
 * (重大生活困难) the case goes to 一事一议 (call activity) before the district decides.
 */
import { Model } from './builder';
import { acceptance, decider, deadlines, doc, investigation, refusal, street, user } from './common';

export function linshiModel(): Model {
  const m = new Model(
    'linshi',
    '临时救助审批',
    '临时救助：同一事由查重、急难型先行救助、支出型一般程序、超出分档上限的一事一议（渝府办发〔2018〕161号，民发〔2018〕23号）。',
  );
  m.message('public-notice-objection');
  m.add({ id: 'start', kind: 'start', name: '申请已登记', col: 0, row: 0 });
  m.add({
    id: 'check-duplicate',
    kind: 'service',
    name: '同一事由查重',
    type: 'check-duplicate-application',
    col: 1,
    row: 0,
  });
  m.add({ id: 'gw-duplicate', kind: 'xor', name: '重复申请？', col: 2, row: 0 });
  doc(m, 'doc-buyu-shouli', '出具不予受理通知书', 'buyu-shouli', { col: 3, row: -1 });
  m.add({ id: 'end-duplicate', kind: 'end', name: '重复申请不予受理', col: 4, row: -1 });
  m.add({ id: 'gw-kind', kind: 'xor', name: '救助类型', col: 3, row: 0 });
  m.chain('start', 'check-duplicate', 'gw-duplicate');
  m.flow('gw-duplicate', 'doc-buyu-shouli', { name: '是', condition: '=duplicateOf != null' });
  m.flow('doc-buyu-shouli', 'end-duplicate');
  m.flow('gw-duplicate', 'gw-kind', { name: '否', isDefault: true });

  // 急难型 先行救助: pay within 3 days, capped at one month of the 低保标准 (2026 意见).
  deadlines(m, 'deadlines-urgent', '计算先行救助期限', ['urgentPayment'], 'appliedOn', { col: 4, row: 0 });
  m.add({
    id: 'compute-urgent-amount',
    kind: 'service',
    name: '核算先行救助金额',
    type: 'compute-amount',
    col: 5,
    row: 0,
  });
  m.add({
    id: 'choose-urgent-level',
    kind: 'service',
    name: '确定审批层级',
    type: 'choose-decision-level',
    col: 6,
    row: 0,
  });
  user(
    m,
    'linshi-urgent-approval',
    '先行救助审批',
    decider,
    'urgentPaymentDue',
    { col: 7, row: 0 },
    '急难型先行救助：不经核对和公示，3 日内审批发放。',
  );
  m.boundary({
    id: 'urgent-overdue',
    name: '超过 3 日',
    host: 'linshi-urgent-approval',
    col: 7,
    side: 'top',
    interrupting: false,
    timeDate: '=urgentPaymentDue',
  });
  m.add({
    id: 'mark-urgent-overdue',
    kind: 'service',
    name: '标记超期',
    type: 'mark-overdue',
    col: 8,
    row: -1.1,
  });
  m.add({ id: 'end-urgent-marked', kind: 'end', name: '已标记超期', col: 9, row: -1.1 });
  m.add({ id: 'gw-urgent-approved', kind: 'xor', name: '同意先行救助？', col: 8, row: 0 });
  doc(m, 'doc-urgent-queren', '出具救助决定', 'queren-tongzhi', { col: 9, row: 0 });
  m.add({
    id: 'pay-urgent',
    kind: 'service',
    name: '发放先行救助金',
    type: 'pay-assistance',
    col: 10,
    row: 0,
  });
  deadlines(m, 'deadlines-supplement', '计算补齐材料期限', ['urgentSupplement'], 'today', {
    col: 11,
    row: 0,
  });
  user(
    m,
    'linshi-urgent-supplement',
    '补齐申请材料',
    street('clerk'),
    'urgentSupplementDue',
    { col: 12, row: 0 },
    '先行救助后补齐申请材料；仍需救助的转入一般程序。',
  );
  m.add({ id: 'gw-further', kind: 'xor', name: '需进一步救助？', col: 13, row: 0 });
  m.add({ id: 'end-urgent', kind: 'end', name: '先行救助完成', col: 14, row: 0 });
  m.add({ id: 'gw-to-normal', kind: 'xor', name: '', col: 8, row: 1 });
  m.flow('gw-kind', 'deadlines-urgent', { name: '急难型', condition: '=assistanceKind = "urgent"' });
  m.chain(
    'deadlines-urgent',
    'compute-urgent-amount',
    'choose-urgent-level',
    'linshi-urgent-approval',
    'gw-urgent-approved',
  );
  m.flow('urgent-overdue', 'mark-urgent-overdue');
  m.flow('mark-urgent-overdue', 'end-urgent-marked');
  m.flow('gw-urgent-approved', 'doc-urgent-queren', { name: '同意', condition: '=approved = true' });
  m.chain(
    'doc-urgent-queren',
    'pay-urgent',
    'deadlines-supplement',
    'linshi-urgent-supplement',
    'gw-further',
  );
  m.flow('gw-further', 'gw-to-normal', {
    name: '是',
    condition: '=furtherAssistanceNeeded = true',
    enter: 'right',
  });
  m.flow('gw-further', 'end-urgent', { name: '否', isDefault: true });
  m.flow('gw-urgent-approved', 'gw-to-normal', { name: '不同意', isDefault: true });

  // 支出型 (and 急难型 continued): the normal procedure.
  m.add({ id: 'gw-normal', kind: 'xor', name: '', col: 4, row: 3 });
  m.flow('gw-kind', 'gw-normal', { name: '支出型', isDefault: true });
  m.flow('gw-to-normal', 'gw-normal', { exit: 'left', enter: 'top' });
  const shouli = acceptance(m, 'linshi', 'gw-normal', { col: 5, row: 3 });
  deadlines(m, 'deadlines-investigation', '计算调查期限', ['investigationStart'], 'acceptedOn', {
    col: 10,
    row: 3,
  });
  m.flow(shouli, 'deadlines-investigation');
  investigation(m, 'linshi', 'deadlines-investigation', {
    col: 11,
    row: 3,
    homeRow: 2,
    verificationRow: 3,
    due: 'investigationStartDue',
  });

  m.add({ id: 'gw-reassess', kind: 'xor', name: '', col: 16, row: 3 });
  m.add({
    id: 'compute-amount',
    kind: 'service',
    name: '核算救助金额与分档',
    type: 'compute-amount',
    col: 17,
    row: 3,
  });
  deadlines(m, 'deadlines-review', '计算审核审批期限', ['districtReview'], 'today', { col: 18, row: 3 });
  user(
    m,
    'linshi-street-review',
    '街道审核',
    street('reviewer'),
    'districtReviewDue',
    { col: 19, row: 3 },
    '核实困难情形与家庭收入（人均可支配收入低于上年度当地水平），提出审核意见和救助金额。',
  );
  m.add({ id: 'gw-street-opinion', kind: 'xor', name: '审核意见', col: 20, row: 3 });
  doc(m, 'doc-gongshi', '发布公示', 'gongshi', { col: 21, row: 3 });
  deadlines(m, 'deadlines-notice', '公示期 7 天', ['publicNotice'], 'today', { col: 22, row: 3 });
  m.add({ id: 'gw-notice-wait', kind: 'event', name: '', col: 23, row: 3 });
  m.add({
    id: 'notice-elapsed',
    kind: 'timerCatch',
    name: '公示期满无异议',
    timeDate: '=publicNoticeDue',
    col: 24,
    row: 3,
  });
  m.add({
    id: 'objection-received',
    kind: 'messageCatch',
    name: '收到异议',
    message: 'public-notice-objection',
    col: 24,
    row: 2,
  });
  user(m, 'linshi-reinvestigation', '异议复查（重新调查）', street('investigator'), 'districtReviewDue', {
    col: 25,
    row: 2,
  });
  m.chain(
    'gw-investigated',
    'gw-reassess',
    'compute-amount',
    'deadlines-review',
    'linshi-street-review',
    'gw-street-opinion',
  );
  m.flow('gw-street-opinion', 'doc-gongshi', { name: '符合', condition: '=streetOpinion = "eligible"' });
  m.chain('doc-gongshi', 'deadlines-notice', 'gw-notice-wait', 'notice-elapsed');
  m.chain('gw-notice-wait', 'objection-received', 'linshi-reinvestigation');
  m.flow('linshi-reinvestigation', 'gw-reassess', { lane: 1.4 });

  // Above the band ceiling: 一事一议 by the district panel, then the district decides (161号).
  m.add({ id: 'gw-escalate', kind: 'xor', name: '超出分档上限？', col: 25, row: 3 });
  m.add({
    id: 'yishiyiyi',
    kind: 'call',
    name: '一事一议',
    called: 'yishiyiyi',
    col: 26,
    row: 4,
    io: {
      inputs: [
        ['=caseId', 'caseId'],
        ['=caseNo', 'caseNo'],
        ['="linshi"', 'caseType'],
        ['=districtCode', 'districtCode'],
        ['=streetCode', 'streetCode'],
        ['=requestedAmount', 'requestedAmount'],
        ['=bandCeiling', 'bandCeiling'],
      ],
      outputs: [
        ['=panelAmount', 'panelAmount'],
        ['=panelReasons', 'panelReasons'],
        ['=lastDocument', 'panelMinutes'],
      ],
    },
  });
  m.add({ id: 'gw-decide', kind: 'xor', name: '', col: 27, row: 3 });
  m.add({
    id: 'choose-decision-level',
    kind: 'service',
    name: '确定审批层级',
    type: 'choose-decision-level',
    col: 28,
    row: 3,
  });
  user(
    m,
    'linshi-decision',
    '审批',
    decider,
    'districtReviewDue',
    { col: 29, row: 3 },
    '街道审批权限以内由街道审批，超出的由区县民政部门审批；一事一议的按评审会意见审批。',
  );
  m.add({ id: 'gw-approved', kind: 'xor', name: '审批结论', col: 30, row: 3 });
  doc(m, 'doc-queren', '出具救助决定', 'queren-tongzhi', { col: 31, row: 3 });
  m.add({
    id: 'pay-assistance',
    kind: 'service',
    name: '发放救助金',
    type: 'pay-assistance',
    col: 32,
    row: 3,
  });
  m.add({ id: 'end-granted', kind: 'end', name: '已救助', col: 33, row: 3 });
  m.chain('notice-elapsed', 'gw-escalate');
  m.flow('gw-escalate', 'yishiyiyi', { name: '一事一议', condition: '=escalate = true' });
  m.flow('gw-escalate', 'gw-decide', { name: '分档内', isDefault: true });
  m.flow('yishiyiyi', 'gw-decide');
  m.chain('gw-decide', 'choose-decision-level', 'linshi-decision', 'gw-approved');
  m.flow('gw-approved', 'doc-queren', { name: '同意', condition: '=approved = true' });
  m.chain('doc-queren', 'pay-assistance', 'end-granted');

  m.add({ id: 'gw-refuse', kind: 'xor', name: '', col: 31, row: 5 });
  const refuse = refusal(m, 'linshi', { col: 32, row: 5 });
  m.flow('gw-approved', 'gw-refuse', { name: '不同意', isDefault: true });
  m.flow('gw-street-opinion', 'gw-refuse', { name: '不符合', isDefault: true, lane: 5.6 });
  m.flow('gw-refuse', refuse);
  return m;
}
