/**
 * 月度救助金发放 (条例 §22 社会化发放; 57号 §25), one instance per district and month:
 * 核算 (every recipient's amount with the month's standard, back-pay, 渐退期) → 银行代发文件 →
 * 花名册, one `generate-document` per 街道 in a loop → 区县审批 → 标记已发放; sent back → the run is
 * reopened and computed again. A second start event, a daily timer, opens every district's run from
 * DISBURSEMENT_RUN_DAY on (the worker checks the day, so a missed day is caught up the next).
 */
import { Model } from './builder';
import { doc, user } from './common';

/** 科室负责人 or 负责人 of the district: not the official who started the run. */
const approvers = '=["district:" + districtCode + ":section_head", "district:" + districtCode + ":head"]';

/**
 * The timer path both models share: a daily timer start event → the service task that opens the
 * instances due (its job type is its id) → end. Daily, so a missed day is caught up the next.
 */
export function dailyOpener(
  m: Model,
  o: { name: string; doc: string; service: { id: string; name: string }; row: number },
): Model {
  m.add({
    id: 'start-daily',
    kind: 'start',
    name: o.name,
    col: 0,
    row: o.row,
    timeCycle: 'R/P1D',
    doc: o.doc,
  });
  m.add({ ...o.service, kind: 'service', type: o.service.id, col: 1, row: o.row });
  m.add({ id: 'end-opened', kind: 'end', name: '已检查', col: 2, row: o.row });
  return m.chain('start-daily', o.service.id, 'end-opened');
}

export function disbursementModel(): Model {
  const m = new Model(
    'disbursement',
    '月度救助金发放',
    '按月社会化发放：核算各保障对象当月金额（当月标准、补发、渐退期），生成银行代发文件和各街道花名册，经区县审批后发放（条例第二十二条）。',
  );
  m.add({
    id: 'start-manual',
    kind: 'start',
    name: '区县发起本月发放',
    col: 0,
    row: 0,
    doc: '变量 runId、districtCode、month（YYYY-MM）；同一区县同一月份只有一个批次和一个流程实例。',
  });
  m.add({ id: 'gw-compute', kind: 'xor', name: '', col: 1, row: 0 });
  m.add({
    id: 'compute-disbursement',
    kind: 'service',
    name: '核算本月救助金',
    type: 'compute-disbursement',
    col: 2,
    row: 0,
    doc: '按当月有效的标准和核定情况逐户计算，含追溯调标补发和渐退期；按街道分批，进度可查，重复执行不重复发放。',
  });
  m.add({
    id: 'write-bank-file',
    kind: 'service',
    name: '生成银行代发文件',
    type: 'write-bank-file',
    col: 3,
    row: 0,
  });
  m.add({ id: 'gw-roster', kind: 'xor', name: '', col: 4, row: 0 });
  m.add({
    id: 'next-roster-street',
    kind: 'service',
    name: '选择下一个街道',
    type: 'next-roster-street',
    col: 5,
    row: 0,
  });
  m.add({ id: 'gw-rosters-done', kind: 'xor', name: '花名册已全部生成？', col: 6, row: 0 });
  doc(m, 'doc-roster', '生成街道发放花名册', 'disbursement-roster', { col: 6, row: 1 });
  m.add({
    id: 'submit-disbursement-approval',
    kind: 'service',
    name: '提交区县审批',
    type: 'submit-disbursement-approval',
    col: 7,
    row: 0,
  });
  user(
    m,
    'disbursement-run-approval',
    '区县审批发放',
    approvers,
    'approvalDue',
    { col: 8, row: 0 },
    '核对合计、各街道小计和代发文件；同意则发放，不同意须写明理由并退回重算。发起人不能审批本批次。',
  );
  m.add({ id: 'gw-approved', kind: 'xor', name: '同意发放？', col: 9, row: 0 });
  m.add({
    id: 'mark-disbursement-paid',
    kind: 'service',
    name: '标记本月已发放',
    type: 'mark-disbursement-paid',
    col: 10,
    row: 0,
  });
  m.add({ id: 'end-paid', kind: 'end', name: '本月已发放', col: 11, row: 0 });
  m.add({
    id: 'reopen-disbursement-run',
    kind: 'service',
    name: '退回重算',
    type: 'reopen-disbursement-run',
    col: 9,
    row: 1,
  });

  dailyOpener(m, {
    name: '每日检查发放日',
    doc: '每日触发；到 DISBURSEMENT_RUN_DAY 当日起为各区县开启本月发放（已开启的不重复）。',
    service: { id: 'open-disbursement-runs', name: '开启各区县本月发放' },
    row: 2.6,
  });

  m.chain('start-manual', 'gw-compute', 'compute-disbursement', 'write-bank-file', 'gw-roster');
  m.chain('gw-roster', 'next-roster-street', 'gw-rosters-done');
  m.flow('gw-rosters-done', 'submit-disbursement-approval', {
    name: '已全部生成',
    condition: '=rostersComplete = true',
  });
  m.flow('gw-rosters-done', 'doc-roster', { name: '下一个街道', isDefault: true });
  m.flow('doc-roster', 'gw-roster');
  m.chain('submit-disbursement-approval', 'disbursement-run-approval', 'gw-approved');
  m.flow('gw-approved', 'mark-disbursement-paid', { name: '同意', condition: '=runApproved = true' });
  m.flow('gw-approved', 'reopen-disbursement-run', { name: '退回', isDefault: true });
  m.flow('mark-disbursement-paid', 'end-paid');
  m.flow('reopen-disbursement-run', 'gw-compute', { lane: 1.75 });
  return m;
}
