/**
 * 当前步骤 from a process instance's active element instances (server/workflow/case-steps.ts):
 * open user tasks and waits are steps, machine steps only when nothing else is active; containers,
 * pass-through gateways and unnamed elements (which Camunda lists under their id) are not.
 */
import { latestStep, stepsOf, type ActiveElement } from '../../server/workflow/case-steps';

let key = 2251799813685249n;
const el = (elementId: string, type: string, elementName: string, startDate = '2026-03-02T01:00:00.000Z') => {
  key += 1_000_000n;
  return { elementId, type, elementName, startDate, elementInstanceKey: String(key) } as ActiveElement;
};

it('names the open user tasks, oldest first, beside the subprocess that holds them', () => {
  const steps = stepsOf([
    el('procedure', 'SUB_PROCESS', '审核确认程序（办结期限内）'),
    el('dibao-neighbour-visit', 'USER_TASK', '邻里访问'),
    el('dibao-home-visit', 'USER_TASK', '入户调查'),
    el('gw-investigate', 'PARALLEL_GATEWAY', 'gw-investigate'),
    el('doc-weituo', 'SERVICE_TASK', '出具核查认定委托书'),
  ]);
  expect(steps.map((s) => s.name)).toEqual(['邻里访问', '入户调查']);
  expect(latestStep(steps)?.name).toBe('入户调查');
});

it('names the 公示 and 补正 waits, which the models leave unnamed', () => {
  expect(stepsOf([el('gw-notice-wait', 'EVENT_BASED_GATEWAY', 'gw-notice-wait')]).map((s) => s.name)).toEqual(
    ['公示期'],
  );
  expect(stepsOf([el('gw-await-supplement', 'EVENT_BASED_GATEWAY', '')]).map((s) => s.name)).toEqual([
    '等待补正材料',
  ]);
  const both = stepsOf([
    el('gw-notice-wait', 'EVENT_BASED_GATEWAY', 'gw-notice-wait', '2026-03-02T01:00:00.000Z'),
    el('dibao-overdue-supervision', 'USER_TASK', '超期督办', '2026-03-05T01:00:00.000Z'),
  ]);
  expect(both.map((s) => [s.name, s.kind])).toEqual([
    ['公示期', 'wait'],
    ['超期督办', 'task'],
  ]);
});

it('falls back to the machine step running, and to nothing between two elements', () => {
  const machine = stepsOf([el('doc-gongshi', 'SERVICE_TASK', '发布公示'), el('x', 'EXCLUSIVE_GATEWAY', '')]);
  expect(machine.map((s) => [s.name, s.kind])).toEqual([['发布公示', 'machine']]);
  expect(
    stepsOf([el('procedure', 'SUB_PROCESS', '审核确认程序'), el('gw-x', 'EVENT_BASED_GATEWAY', 'gw-x')]),
  ).toEqual([]);
});
