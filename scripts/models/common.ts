/**
 * Pieces shared by the case models: candidate groups with the jurisdiction, the document and
 * deadline steps, and the acceptance block (受理 or 一次性告知 and waiting for the supplement).
 */
import type { Model, NodeSpec } from './builder';

/** `=["street:" + streetCode + ":<role>"]`: the street's group for a role. */
export const street = (role: 'clerk' | 'investigator' | 'reviewer') =>
  `=["street:" + streetCode + ":${role}"]`;
/** `=["district:" + districtCode + ":<role>"]`. */
export const district = (role: 'verifier' | 'official' | 'section_head' | 'head' | 'panel') =>
  `=["district:" + districtCode + ":${role}"]`;
/** The decider chosen by choose-decision-level: the street reviewer or the district official. */
export const decider =
  '=if decisionLevel = "street" then ["street:" + streetCode + ":reviewer"] else ["district:" + districtCode + ":official"]';

type At = Pick<NodeSpec, 'col' | 'row' | 'parent'>;

/** A generate-document step: the template header names the document (templates/<name>.hbs). */
export function doc(m: Model, id: string, name: string, template: string, at: At): Model {
  return m.add({ id, kind: 'service', name, type: 'generate-document', headers: { template }, ...at });
}

/**
 * A compute-deadlines step: `deadlines` lists DeadlineKind values (server/domain/deadlines.ts),
 * `from` names the variable holding the start date, or `today` (the job's date in China).
 */
export function deadlines(
  m: Model,
  id: string,
  name: string,
  kinds: string[],
  from: string,
  at: At,
  io?: NodeSpec['io'],
): Model {
  return m.add({
    id,
    kind: 'service',
    name,
    type: 'compute-deadlines',
    headers: { deadlines: kinds.join(','), from },
    ...at,
    ...(io ? { io } : {}),
  });
}

export function user(
  m: Model,
  id: string,
  name: string,
  groups: string,
  due: string,
  at: At,
  doc?: string,
): Model {
  // The form is named by the task id without its process prefix, so the same step of different
  // processes (e.g. accept) shares one form in the UI.
  const form = id.replace(/^(dibao|tekun|linshi|yishiyiyi|disbursement|recheck)-/, '');
  return m.add({ id, kind: 'user', name, groups, due: `=${due}`, form, ...at, ...(doc ? { doc } : {}) });
}

/**
 * 受理 (57号 §10, 条例 §17): acceptance deadline → 受理审查 → complete: 受理通知书; incomplete:
 * 补正材料一次性告知书, then wait for the supplement (back to 受理审查) or a withdrawal. Laid out
 * from `at` over 8 columns and 3 rows; `from` is the element that leads in. Returns the id of the
 * 受理通知书 step.
 */
export function acceptance(
  m: Model,
  prefix: 'dibao' | 'tekun' | 'linshi',
  from: string,
  at: { col: number; row: number },
): string {
  const c = at.col;
  const r = at.row;
  m.message('materials-supplemented').message('application-withdrawn');
  deadlines(m, 'deadlines-acceptance', '计算受理时限', ['acceptance'], 'appliedOn', { col: c, row: r });
  m.add({ id: 'gw-accept-merge', kind: 'xor', name: '', col: c + 1, row: r });
  user(
    m,
    `${prefix}-accept`,
    '受理审查',
    street('clerk'),
    'acceptanceDue',
    { col: c + 2, row: r },
    '材料齐全则受理；不齐全则一次性告知需补正的全部材料（57号 §10，条例 §17）。',
  );
  m.add({ id: 'gw-materials', kind: 'xor', name: '材料齐全？', col: c + 3, row: r });
  doc(m, 'doc-shouli', '出具受理通知书', 'shouli-tongzhi', { col: c + 4, row: r });
  doc(m, 'doc-buzheng', '出具补正材料一次性告知书', 'buzheng-gaozhi', { col: c + 4, row: r + 1 });
  m.add({ id: 'gw-await-supplement', kind: 'event', name: '', col: c + 5, row: r + 1 });
  m.add({
    id: 'withdrawn-before-acceptance',
    kind: 'messageCatch',
    name: '申请人撤回',
    message: 'application-withdrawn',
    col: c + 6,
    row: r + 1,
  });
  m.add({ id: 'end-withdrawn-early', kind: 'end', name: '已撤回', col: c + 7, row: r + 1 });
  m.add({
    id: 'materials-supplemented',
    kind: 'messageCatch',
    name: '材料已补正',
    message: 'materials-supplemented',
    col: c + 6,
    row: r + 2,
  });
  m.chain(from, 'deadlines-acceptance', 'gw-accept-merge', `${prefix}-accept`, 'gw-materials');
  m.flow('gw-materials', 'doc-shouli', { name: '齐全', condition: '=materialsComplete = true' });
  m.flow('gw-materials', 'doc-buzheng', { name: '不齐全', isDefault: true });
  m.chain('doc-buzheng', 'gw-await-supplement', 'withdrawn-before-acceptance', 'end-withdrawn-early');
  m.flow('gw-await-supplement', 'materials-supplemented');
  m.flow('materials-supplemented', 'gw-accept-merge', { lane: r + 2.6 });
  return 'doc-shouli';
}

/** The 不予确认 tail (57号 §21): written reasons through the 街道 within 3 working days. */
export function refusal(
  m: Model,
  prefix: 'dibao' | 'tekun' | 'linshi',
  at: { col: number; row: number },
): string {
  const { col: c, row: r } = at;
  deadlines(m, 'deadlines-refusal', '计算告知期限', ['refusalNotice'], 'today', { col: c, row: r });
  doc(m, 'doc-buyu', '出具不予确认通知书', 'buyu-queren', { col: c + 1, row: r });
  user(
    m,
    `${prefix}-refusal-notice`,
    '送达不予确认通知书',
    street('clerk'),
    'refusalNoticeDue',
    { col: c + 2, row: r },
    '3 个工作日内通过街道书面告知申请人并说明理由（57号 §21）。',
  );
  m.add({ id: 'end-refused', kind: 'end', name: '不予确认', col: c + 3, row: r });
  m.chain('deadlines-refusal', 'doc-buyu', `${prefix}-refusal-notice`, 'end-refused');
  return 'deadlines-refusal';
}

/**
 * 调查 (57号 §15–17): in parallel, 入户调查 by two investigators → 复核签字 → 入户调查表, and
 * 委托核对 → 委托书 → 信息核对 by the district centre. Fork at `col`, join at `col + 4`, both on
 * `row`; `extra` (added by the caller at `col + 1`) becomes a third branch. Returns the join's id.
 */
export function investigation(
  m: Model,
  prefix: 'dibao' | 'tekun' | 'linshi',
  from: string,
  o: {
    col: number;
    row: number;
    homeRow: number;
    verificationRow: number;
    due: string;
    parent?: string;
    extra?: string;
  },
): string {
  const p = o.parent ? { parent: o.parent } : {};
  const c = o.col;
  m.add({ id: 'gw-investigate', kind: 'and', name: '', col: c, row: o.row, ...p });
  user(
    m,
    `${prefix}-home-visit`,
    '入户调查',
    street('investigator'),
    o.due,
    { col: c + 1, row: o.homeRow, ...p },
    '至少两名工作人员入户调查，调查表由调查人员和申请人签字（57号 §15、§16）。',
  );
  user(
    m,
    `${prefix}-home-visit-cosign`,
    '第二调查员复核签字',
    street('investigator'),
    o.due,
    { col: c + 2, row: o.homeRow, ...p },
    '另一名调查员以本人账号确认入户调查记录（57号 §16）。',
  );
  doc(m, 'doc-ruhu', '生成入户调查表', 'ruhu-diaocha', { col: c + 3, row: o.homeRow, ...p });
  m.add({
    id: 'request-verification',
    kind: 'service',
    name: '委托信息核对',
    type: 'request-verification',
    col: c + 1,
    row: o.verificationRow,
    ...p,
  });
  doc(m, 'doc-weituo', '出具核查认定委托书', 'hecha-weituo', { col: c + 2, row: o.verificationRow, ...p });
  user(
    m,
    `${prefix}-verification`,
    '家庭经济状况信息核对',
    district('verifier'),
    'verificationStartDue',
    { col: c + 3, row: o.verificationRow, ...p },
    '区县核查认定中心 3 个工作日内启动核对，出具核对报告（57号 §17）。',
  );
  m.add({ id: 'gw-investigated', kind: 'and', name: '', col: c + 4, row: o.row, ...p });
  m.chain(
    from,
    'gw-investigate',
    `${prefix}-home-visit`,
    `${prefix}-home-visit-cosign`,
    'doc-ruhu',
    'gw-investigated',
  );
  m.chain(
    'gw-investigate',
    'request-verification',
    'doc-weituo',
    `${prefix}-verification`,
    'gw-investigated',
  );
  if (o.extra) m.chain('gw-investigate', o.extra, 'gw-investigated');
  return 'gw-investigated';
}
