/**
 * 一事一议 (161号 二(八)): a reusable process, started by call activity (from 临时救助; usable by the
 * other processes). The district panel meets (date, chair, attendees, each opinion) and decides an
 * amount with reasons; the decision is signed off 经办人 → 科室负责人 → 负责人, three user tasks by
 * three different users (the API refuses a second sign-off by the same user); any of them can send
 * it back to the panel. Ends with the 会议纪要.
 */
import { Model } from './builder';
import { deadlines, district, doc, user } from './common';

export function yishiyiyiModel(): Model {
  const m = new Model(
    'yishiyiyi',
    '一事一议',
    '重大生活困难一事一议：区县评审会集体研究确定救助金额，经办人、科室负责人、负责人依次签署，形成会议纪要（渝府办发〔2018〕161号）。',
  );
  m.add({ id: 'start', kind: 'start', name: '提请一事一议', col: 0, row: 0 });
  deadlines(m, 'deadlines-panel', '计算评审期限', ['panel'], 'today', { col: 1, row: 0 });
  m.add({ id: 'gw-meeting', kind: 'xor', name: '', col: 2, row: 0 });
  user(
    m,
    'yishiyiyi-meeting',
    '评审会议',
    district('panel'),
    'panelDue',
    { col: 3, row: 0 },
    '记录会议日期、主持人、参会人员、每位成员的意见，集体确定救助金额及理由。',
  );
  user(m, 'yishiyiyi-signoff-clerk', '经办人签署', district('official'), 'panelDue', { col: 4, row: 0 });
  m.add({ id: 'gw-clerk', kind: 'xor', name: '经办人同意？', col: 5, row: 0 });
  user(m, 'yishiyiyi-signoff-section', '科室负责人审核', district('section_head'), 'panelDue', {
    col: 6,
    row: 0,
  });
  m.add({ id: 'gw-section', kind: 'xor', name: '科室负责人同意？', col: 7, row: 0 });
  user(m, 'yishiyiyi-signoff-head', '负责人审批', district('head'), 'panelDue', { col: 8, row: 0 });
  m.add({ id: 'gw-head', kind: 'xor', name: '负责人同意？', col: 9, row: 0 });
  doc(m, 'doc-jiyao', '生成会议纪要', 'huiyi-jiyao', { col: 10, row: 0 });
  m.add({ id: 'end', kind: 'end', name: '一事一议完成', col: 11, row: 0 });
  // Sent back: each refusal returns to the panel through one merge per level (no crossing lines).
  m.add({ id: 'gw-returned-upper', kind: 'xor', name: '', col: 7, row: 1 });
  m.add({ id: 'gw-returned', kind: 'xor', name: '', col: 5, row: 1 });

  m.chain(
    'start',
    'deadlines-panel',
    'gw-meeting',
    'yishiyiyi-meeting',
    'yishiyiyi-signoff-clerk',
    'gw-clerk',
  );
  m.flow('gw-clerk', 'yishiyiyi-signoff-section', { name: '同意', condition: '=clerkApproved = true' });
  m.flow('gw-clerk', 'gw-returned', { name: '退回', isDefault: true });
  m.flow('yishiyiyi-signoff-section', 'gw-section');
  m.flow('gw-section', 'yishiyiyi-signoff-head', { name: '同意', condition: '=sectionApproved = true' });
  m.flow('gw-section', 'gw-returned-upper', { name: '退回', isDefault: true });
  m.flow('yishiyiyi-signoff-head', 'gw-head');
  m.flow('gw-head', 'doc-jiyao', { name: '同意', condition: '=headApproved = true' });
  m.flow('gw-head', 'gw-returned-upper', { name: '退回', isDefault: true, enter: 'right' });
  m.flow('gw-returned-upper', 'gw-returned');
  m.flow('gw-returned', 'gw-meeting', { exit: 'left', enter: 'bottom' });
  m.flow('doc-jiyao', 'end');
  return m;
}
