/**
 * 动态管理复核 (条例 §26), one instance per due re-check of a household: 入户复核 → no change →
 * close and schedule the next; a change → 重新核算 → the street proposes 增发 / 减发 / 停发 / 渐退 with
 * reasons → before a cut or termination the recipient is heard (社会救助法 §48) → the district
 * decides → 决定书 → the change applies from the next month. A daily timer opens the re-checks due.
 */
import { Model } from './builder';
import { district, doc, street, user } from './common';
import { dailyOpener } from './disbursement';

export function recheckModel(): Model {
  const m = new Model(
    'recheck',
    '动态管理复核',
    '按家庭类别定期复核（条例第二十六条）：入户复核，情况变化的提出增发、减发、停发意见，减发、停发前听取对象意见（社会救助法第四十八条），区县决定并出具决定书，次月起变更。',
  );
  m.add({
    id: 'start-recheck',
    kind: 'start',
    name: '复核到期',
    col: 0,
    row: 0,
    doc: '变量 recheckId、recipientId、caseId、districtCode、streetCode、dueMonth、category、recheckDue。',
  });
  user(
    m,
    'recheck-visit',
    '入户复核',
    street('investigator'),
    'recheckDue',
    { col: 1, row: 0 },
    '两名工作人员入户核实家庭人口、收入、财产变化；变化先在家庭档案中更新。',
  );
  m.add({ id: 'gw-changed', kind: 'xor', name: '情况有变化？', col: 2, row: 0 });
  m.add({
    id: 'assess-recheck-change',
    kind: 'service',
    name: '重新核算',
    type: 'assess-recheck-change',
    col: 3,
    row: 0,
  });
  user(
    m,
    'recheck-proposal',
    '提出变更意见',
    street('reviewer'),
    'recheckDue',
    { col: 4, row: 0 },
    '参考重新核算结果，提出增发、减发、停发或渐退（至多 6 个月）意见并写明理由。',
  );
  m.add({ id: 'gw-proposal', kind: 'xor', name: '变更意见', col: 5, row: 0 });
  user(
    m,
    'recheck-hearing',
    '听取对象意见',
    street('clerk'),
    'recheckDue',
    { col: 6, row: -1 },
    '减发、停发、渐退前告知理由，听取并记录保障对象的陈述和申辩（社会救助法第四十八条）。',
  );
  m.add({ id: 'gw-heard', kind: 'xor', name: '', col: 7, row: 0 });
  user(
    m,
    'recheck-change-decision',
    '区县审核决定',
    district('official'),
    'recheckDue',
    { col: 8, row: 0 },
    '审核变更意见、理由和听取意见记录，作出决定。',
  );
  m.add({ id: 'gw-decided', kind: 'xor', name: '同意变更？', col: 9, row: 0 });
  m.add({
    id: 'prepare-amount-change',
    kind: 'service',
    name: '核定变更金额与起始月',
    type: 'prepare-amount-change',
    col: 10,
    row: 0,
  });
  m.add({ id: 'gw-kind', kind: 'xor', name: '决定书', col: 11, row: 0 });
  doc(m, 'doc-increase', '出具增发决定书', 'increase-decision', { col: 12, row: -1 });
  doc(m, 'doc-decrease', '出具减发决定书', 'decrease-decision', { col: 12, row: 0 });
  doc(m, 'doc-stop', '出具停发决定书', 'stop-decision', { col: 12, row: 1 });
  m.add({ id: 'gw-documented', kind: 'xor', name: '', col: 13, row: 0 });
  m.add({
    id: 'apply-amount-change',
    kind: 'service',
    name: '次月起变更并排定下次复核',
    type: 'apply-amount-change',
    col: 14,
    row: 0,
  });
  m.add({ id: 'end-changed', kind: 'end', name: '已变更', col: 15, row: 0 });

  m.add({ id: 'gw-unchanged', kind: 'xor', name: '', col: 5, row: 2 });
  m.add({ id: 'gw-close', kind: 'xor', name: '', col: 9, row: 2 });
  m.add({
    id: 'close-recheck',
    kind: 'service',
    name: '结束复核并排定下次复核',
    type: 'close-recheck',
    col: 10,
    row: 2,
  });
  m.add({ id: 'end-unchanged', kind: 'end', name: '不变更', col: 11, row: 2 });

  dailyOpener(m, {
    name: '每日检查到期复核',
    doc: '每日触发；为本月及以前到期、尚无进行中复核的对象开启复核（已开启的不重复）。',
    service: { id: 'open-due-rechecks', name: '开启到期复核' },
    row: 3.2,
  });

  m.chain('start-recheck', 'recheck-visit', 'gw-changed');
  m.flow('gw-changed', 'assess-recheck-change', { name: '有变化', condition: '=changeFound = true' });
  m.flow('gw-changed', 'gw-unchanged', { name: '无变化', isDefault: true });
  m.chain('assess-recheck-change', 'recheck-proposal', 'gw-proposal');
  m.flow('gw-proposal', 'gw-heard', { name: '增发', condition: '=changeKind = "increase"' });
  m.flow('gw-proposal', 'recheck-hearing', {
    name: '减发、停发、渐退',
    condition: '=changeKind = "decrease" or changeKind = "stop" or changeKind = "taper"',
  });
  m.flow('gw-proposal', 'gw-unchanged', { name: '不变更', isDefault: true });
  m.flow('recheck-hearing', 'gw-heard');
  m.chain('gw-heard', 'recheck-change-decision', 'gw-decided');
  m.flow('gw-decided', 'prepare-amount-change', { name: '同意', condition: '=changeApproved = true' });
  m.flow('gw-decided', 'gw-close', { name: '不同意', isDefault: true });
  m.flow('prepare-amount-change', 'gw-kind');
  m.flow('gw-kind', 'doc-increase', { name: '增发', condition: '=changeKind = "increase"' });
  m.flow('gw-kind', 'doc-decrease', { name: '减发', condition: '=changeKind = "decrease"' });
  m.flow('gw-kind', 'doc-stop', { name: '停发、渐退', isDefault: true });
  m.flow('doc-increase', 'gw-documented');
  m.flow('doc-decrease', 'gw-documented');
  m.flow('doc-stop', 'gw-documented');
  m.chain('gw-documented', 'apply-amount-change', 'end-changed');
  m.chain('gw-unchanged', 'gw-close', 'close-recheck', 'end-unchanged');
  return m;
}
