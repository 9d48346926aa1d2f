/**
 * 低保 (57号, 条例): 申请 → 受理 → 调查 (入户调查 by two investigators, 邻里访问, 信息核对) →
 * 群众评议 (configurable) → 初审 → 7-day 公示 (objection → 异议复查 → 初审 → 3-day 再公示) →
 * 审核确认 (district, or street when delegated) → grant (确认通知书, enrolment) or refuse (不予确认
 * 通知书 within 3 working days). The whole procedure runs in a subprocess whose non-interrupting
 * timers mark an overdue case (25 working days, or 40 when extended) and escalate it to the district.
 */
import { Model } from './builder';
import {
  acceptance,
  deadlines,
  decider,
  district,
  doc,
  investigation,
  refusal,
  street,
  user,
} from './common';

export function dibaoModel(): Model {
  const m = new Model(
    'dibao',
    '低保申请审核确认',
    '城市最低生活保障：受理、调查、评议、初审公示、审核确认、送达（民发〔2021〕57号，重庆市城乡居民最低生活保障条例）。',
  );
  m.add({ id: 'start', kind: 'start', name: '申请已登记', col: 0, row: 0 });
  const shouli = acceptance(m, 'dibao', 'start', { col: 1, row: 0 });
  m.message('public-notice-objection');
  deadlines(
    m,
    'deadlines-case',
    '计算办结期限',
    ['dibaoCase', 'dibaoCaseExtended', 'investigationStart'],
    'acceptedOn',
    { col: 6, row: 0 },
  );
  m.add({ id: 'procedure', kind: 'sub', name: '审核确认程序（办结期限内）', col: 0, row: 0 });
  m.chain(shouli, 'deadlines-case', 'procedure');

  const p = { parent: 'procedure' };
  // 调查 (57号 §15–17): three branches in parallel.
  m.add({ id: 'procedure-start', kind: 'start', name: '开始调查', col: 9, row: 0, ...p });
  user(m, 'dibao-neighbour-visit', '邻里访问', street('investigator'), 'investigationStartDue', {
    col: 11,
    row: -1,
    ...p,
  });
  investigation(m, 'dibao', 'procedure-start', {
    col: 10,
    row: 0,
    homeRow: 0,
    verificationRow: 1,
    due: 'investigationStartDue',
    parent: 'procedure',
    extra: 'dibao-neighbour-visit',
  });

  // Loops come back here: after 异议复查 (15) and after 核对异议复查 (16).
  m.add({ id: 'gw-reassess', kind: 'xor', name: '', col: 15, row: 0, ...p });
  m.add({ id: 'gw-recheck-merge', kind: 'xor', name: '', col: 16, row: 0, ...p });
  m.add({
    id: 'compute-amount',
    kind: 'service',
    name: '核算保障金额',
    type: 'compute-amount',
    col: 17,
    row: 0,
    ...p,
  });
  m.add({ id: 'gw-community', kind: 'xor', name: '开展群众评议？', col: 18, row: 0, ...p });
  user(
    m,
    'dibao-community-assessment',
    '群众评议',
    street('reviewer'),
    'dibaoCaseDue',
    { col: 19, row: 1, ...p },
    '重庆条例 §18 要求民主评议；是否开展由 DIBAO_COMMUNITY_ASSESSMENT 决定。',
  );
  doc(m, 'doc-pingyi', '生成评议记录', 'pingyi-jilu', { col: 20, row: 1, ...p });
  m.add({ id: 'gw-community-done', kind: 'xor', name: '', col: 21, row: 0, ...p });
  user(
    m,
    'dibao-initial-review',
    '初审',
    street('reviewer'),
    'dibaoCaseDue',
    { col: 22, row: 0, ...p },
    '提出初审意见；符合条件的公示 7 天（57号 §19）。可说明特殊情况延长办理期限。',
  );
  m.add({ id: 'gw-initial', kind: 'xor', name: '初审意见', col: 23, row: 0, ...p });
  user(
    m,
    'dibao-verification-recheck',
    '核对异议复查',
    street('investigator'),
    'dibaoCaseDue',
    { col: 23, row: -1, ...p },
    '申请人对核对结果有异议并提供证据的，街道重新核实（57号 §18）。',
  );
  m.chain('gw-investigated', 'gw-reassess', 'gw-recheck-merge', 'compute-amount', 'gw-community');
  m.flow('gw-community', 'dibao-community-assessment', {
    name: '评议',
    condition: '=communityAssessment = true',
  });
  m.flow('gw-community', 'gw-community-done', { name: '不评议', isDefault: true });
  m.chain(
    'dibao-community-assessment',
    'doc-pingyi',
    'gw-community-done',
    'dibao-initial-review',
    'gw-initial',
  );
  m.flow('gw-initial', 'dibao-verification-recheck', {
    name: '核对有异议',
    condition: '=initialOpinion = "recheck"',
  });
  m.flow('dibao-verification-recheck', 'gw-recheck-merge');

  // 公示 (条例 §18, 57号 §19, §24): 7 days, or 3 days again after an objection was re-investigated.
  m.add({ id: 'gw-first-notice', kind: 'xor', name: '首次公示？', col: 24, row: 0, ...p });
  doc(m, 'doc-gongshi', '发布公示', 'gongshi', { col: 25, row: 0, ...p });
  deadlines(m, 'deadlines-notice', '公示期 7 天', ['publicNotice'], 'today', { col: 26, row: 0, ...p });
  doc(m, 'doc-regongshi', '再次公示', 'gongshi', { col: 25, row: 1, ...p });
  deadlines(
    m,
    'deadlines-renotice',
    '再公示期 3 天',
    ['dibaoRenotice'],
    'today',
    { col: 26, row: 1, ...p },
    {
      outputs: [['=dibaoRenoticeDue', 'publicNoticeDue']],
    },
  );
  m.add({ id: 'gw-notice', kind: 'xor', name: '', col: 27, row: 0, ...p });
  m.add({ id: 'gw-notice-wait', kind: 'event', name: '', col: 28, row: 0, ...p });
  m.add({
    id: 'notice-elapsed',
    kind: 'timerCatch',
    name: '公示期满无异议',
    timeDate: '=publicNoticeDue',
    col: 29,
    row: 0,
    ...p,
  });
  m.add({
    id: 'objection-received',
    kind: 'messageCatch',
    name: '收到异议',
    message: 'public-notice-objection',
    col: 29,
    row: -1,
    ...p,
  });
  user(
    m,
    'dibao-reinvestigation',
    '异议复查（重新调查）',
    street('investigator'),
    'dibaoCaseDue',
    { col: 30, row: -1, ...p },
    '公示有异议的，重新调查核实后再次初审；仍符合的再公示 3 天（条例 §18）。',
  );
  m.flow('gw-initial', 'gw-first-notice', { name: '符合', condition: '=initialOpinion = "eligible"' });
  m.flow('gw-first-notice', 'doc-regongshi', { name: '异议复查后', condition: '=objectionRaised = true' });
  m.flow('gw-first-notice', 'doc-gongshi', { name: '首次', isDefault: true });
  m.chain('doc-gongshi', 'deadlines-notice', 'gw-notice', 'gw-notice-wait', 'notice-elapsed');
  m.chain('doc-regongshi', 'deadlines-renotice', 'gw-notice');
  m.chain('gw-notice-wait', 'objection-received', 'dibao-reinvestigation');
  m.flow('dibao-reinvestigation', 'gw-reassess', { lane: -1.65 });

  // 审核确认 (57号 §20): 10 working days; the district visits staff relatives' homes (57号 §11).
  m.add({ id: 'gw-to-district', kind: 'xor', name: '', col: 32, row: 0, ...p });
  m.flow('notice-elapsed', 'gw-to-district');
  m.flow('gw-initial', 'gw-to-district', { name: '不符合', isDefault: true, lane: 1.6 });
  deadlines(m, 'deadlines-review', '计算审核确认期限', ['districtReview'], 'today', {
    col: 33,
    row: 0,
    ...p,
  });
  m.add({
    id: 'choose-decision-level',
    kind: 'service',
    name: '确定审核确认层级',
    type: 'choose-decision-level',
    col: 34,
    row: 0,
    ...p,
  });
  m.add({ id: 'gw-staff-relative', kind: 'xor', name: '经办人员近亲属？', col: 35, row: 0, ...p });
  user(
    m,
    'dibao-district-home-visit',
    '区县入户核查',
    district('official'),
    'districtReviewDue',
    { col: 36, row: 1, ...p },
    '单独登记备案的近亲属申请，区县民政部门自行入户调查（57号 §11）。',
  );
  m.add({ id: 'gw-visit-done', kind: 'xor', name: '', col: 37, row: 0, ...p });
  user(
    m,
    'dibao-decision',
    '审核确认',
    decider,
    'districtReviewDue',
    { col: 38, row: 0, ...p },
    '收到材料后 10 个工作日内作出确认或不予确认的决定（57号 §20）；委托街道审核确认时由街道作出。',
  );
  doc(m, 'doc-shenpi', '生成审核审批表', 'shenhe-shenpi', { col: 39, row: 0, ...p });
  m.add({ id: 'procedure-end', kind: 'end', name: '已作出决定', col: 40, row: 0, ...p });
  m.chain('gw-to-district', 'deadlines-review', 'choose-decision-level', 'gw-staff-relative');
  m.flow('gw-staff-relative', 'dibao-district-home-visit', {
    name: '是',
    condition: '=staffRelative = true',
  });
  m.flow('gw-staff-relative', 'gw-visit-done', { name: '否', isDefault: true });
  m.chain('dibao-district-home-visit', 'gw-visit-done', 'dibao-decision', 'doc-shenpi', 'procedure-end');

  // Decision (57号 §21): grant → 确认通知书 + enrolment; refuse → written reasons within 3 working days.
  m.add({ id: 'gw-decision', kind: 'xor', name: '审核确认结论', col: 42, row: 0 });
  doc(m, 'doc-queren', '出具确认通知书', 'queren-tongzhi', { col: 43, row: 0 });
  m.add({
    id: 'enrol-recipient',
    kind: 'service',
    name: '纳入保障并确定起始月',
    type: 'enrol-recipient',
    headers: { startMonth: 'setting' },
    col: 44,
    row: 0,
  });
  m.add({ id: 'end-granted', kind: 'end', name: '已确认', col: 45, row: 0 });
  const refuse = refusal(m, 'dibao', { col: 43, row: 1 });
  m.chain('procedure', 'gw-decision');
  m.flow('gw-decision', 'doc-queren', { name: '确认', condition: '=decision = "grant"' });
  m.flow('gw-decision', refuse, { name: '不予确认', isDefault: true });
  m.chain('doc-queren', 'enrol-recipient', 'end-granted');

  // Whole-case deadline: 25 working days, 40 when extended for a stated reason (条例; settings).
  m.boundary({
    id: 'overdue',
    name: '超过办结期限',
    host: 'procedure',
    col: 31,
    interrupting: false,
    timeDate: '=dibaoCaseDue',
  });
  m.boundary({
    id: 'overdue-extended',
    name: '超过延长期限',
    host: 'procedure',
    col: 29,
    interrupting: false,
    timeDate: '=dibaoCaseExtendedDue',
  });
  m.boundary({
    id: 'withdrawn',
    name: '申请人撤回',
    host: 'procedure',
    col: 40,
    interrupting: true,
    message: 'application-withdrawn',
  });
  m.add({ id: 'gw-overdue-extended', kind: 'xor', name: '已延长办理期限？', col: 32, row: 3 });
  m.add({ id: 'end-overdue-deferred', kind: 'end', name: '按延长期限督办', col: 33, row: 4 });
  m.add({ id: 'gw-extended-overdue', kind: 'xor', name: '已延长办理期限？', col: 30, row: 5 });
  m.add({ id: 'end-overdue-done', kind: 'end', name: '已按期限督办', col: 31, row: 6 });
  m.add({ id: 'gw-overdue', kind: 'xor', name: '', col: 35, row: 3 });
  m.add({ id: 'mark-overdue', kind: 'service', name: '标记超期', type: 'mark-overdue', col: 36, row: 3 });
  deadlines(m, 'deadlines-supervision', '计算督办期限', ['supervision'], 'today', { col: 37, row: 3 });
  user(
    m,
    'dibao-overdue-supervision',
    '超期督办',
    district('official'),
    'supervisionDue',
    { col: 38, row: 3 },
    '案件超过办结期限，区县民政部门督办。',
  );
  m.add({ id: 'end-supervised', kind: 'end', name: '督办完成', col: 39, row: 3 });
  m.add({ id: 'end-withdrawn', kind: 'end', name: '已撤回', col: 41, row: 4 });
  m.flow('overdue', 'gw-overdue-extended');
  m.flow('gw-overdue-extended', 'end-overdue-deferred', {
    name: '已延长',
    condition: '=deadlineExtended = true',
  });
  m.flow('gw-overdue-extended', 'gw-overdue', { name: '未延长', isDefault: true });
  m.flow('overdue-extended', 'gw-extended-overdue');
  m.flow('gw-extended-overdue', 'gw-overdue', {
    name: '已延长',
    condition: '=deadlineExtended = true',
    exit: 'right',
    enter: 'bottom',
  });
  m.flow('gw-extended-overdue', 'end-overdue-done', { name: '未延长', isDefault: true });
  m.chain(
    'gw-overdue',
    'mark-overdue',
    'deadlines-supervision',
    'dibao-overdue-supervision',
    'end-supervised',
  );
  m.flow('withdrawn', 'end-withdrawn');
  return m;
}
