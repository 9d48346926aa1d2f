/**
 * The rules a step's completion checks beyond its form, and the variables it sets
 * (workflows/README.md "User tasks"), for the steps whose rules need no database or engine:
 * amounts within 先行救助's cap, the band ceiling or the 一事一议 amount; 核对异议复查 only for 低保;
 * the delivery method of the 不予确认通知书.
 */
import type { AppContext } from '../../server/app';
import type { Actor } from '../../server/auth/session';
import { completionOf } from '../../server/api/tasks/completion';
import type { EngineTask } from '../../server/api/tasks/engine';
import type { TaskCase } from '../../server/api/tasks/inbox';

const actor = { id: 'u1', username: 'a', displayName: '张三', role: 'district_official' } as unknown as Actor;
const kase = { id: 'c1', streetCode: '500112001', districtCode: '500112' } as unknown as TaskCase;
const task = (elementId: string): EngineTask => ({
  userTaskKey: '1',
  elementId,
  name: elementId,
  state: 'CREATED',
  assignee: null,
  candidateGroups: [],
  formKey: elementId.replace(/^(dibao|tekun|linshi|yishiyiyi)-/, ''),
  bpmnProcessId: elementId.split('-')[0]!,
  processDefinitionKey: '1',
  processInstanceKey: '1',
  creationDate: new Date().toISOString(),
  dueDate: null,
});
const complete = (elementId: string, form: Record<string, unknown>, vars: Record<string, unknown> = {}) =>
  completionOf({ ctx: {} as AppContext, actor, task: task(elementId), case: kase, vars, form });
const fieldsOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return (e as { errors?: { field: string; message: string }[] }).errors ?? [];
  }
  throw new Error('expected a refusal');
};

describe('completion rules', () => {
  it('caps a 临时救助 decision at the band ceiling, or at the 一事一议 amount when there is one', async () => {
    const grant = { decision: 'grant', amount: 6000, startMonth: '2026-11', opinion: '同意' };
    expect(await fieldsOf(complete('linshi-decision', grant, { bandCeiling: 5000 }))).toEqual([
      { field: 'form.amount', message: '救助金额不能超过分档上限 5000 元' },
    ]);
    expect(
      await fieldsOf(complete('linshi-decision', grant, { bandCeiling: 5000, panelAmount: 5500 })),
    ).toEqual([{ field: 'form.amount', message: '救助金额不能超过一事一议议定金额 5500 元' }]);
    const ok = await complete(
      'linshi-decision',
      { ...grant, amount: 5500 },
      { bandCeiling: 5000, panelAmount: 5500 },
    );
    expect(ok.variables).toEqual({ approved: true, approvedAmount: 5500, decisionReasons: '同意' });
  });

  it('sets decision, amount and reasons for 低保 and 特困, reasons required to refuse (57号 §21)', async () => {
    const refused = await complete('dibao-decision', { decision: 'refuse', reasons: '人均收入高于低保标准' });
    expect(refused.variables).toEqual({ decision: 'refuse', decisionReasons: '人均收入高于低保标准' });
    expect(await fieldsOf(complete('tekun-decision', { decision: 'refuse' }))).toEqual([
      { field: 'form.reasons', message: '不予确认须写明理由' },
    ]);
  });

  it('caps 先行救助 at urgentCap', async () => {
    const form = { approved: true, amount: 900, reasons: '火灾，生活无着' };
    expect(await fieldsOf(complete('linshi-urgent-approval', form, { urgentCap: 770 }))).toEqual([
      { field: 'form.amount', message: '先行救助金额不能超过 770 元' },
    ]);
    const ok = await complete('linshi-urgent-approval', { ...form, amount: 770 }, { urgentCap: 770 });
    expect(ok.variables).toEqual({ approved: true, approvedAmount: 770, decisionReasons: '火灾，生活无着' });
  });

  it('allows 核对异议复查 only in 低保 (57号 §18)', async () => {
    const form = { initialOpinion: 'recheck', reasons: '申请人对核对结果有异议', deadlineExtended: false };
    expect((await fieldsOf(complete('tekun-initial-review', form)))[0]?.field).toBe('form.initialOpinion');
    expect((await complete('dibao-initial-review', form)).variables).toEqual({
      initialOpinion: 'recheck',
      initialOpinionText: '申请人对核对结果有异议',
    });
  });

  it('maps the delivery of the 不予确认通知书 to the model’s methods', async () => {
    const r = await complete('dibao-refusal-notice', {
      deliveredOn: '2026-11-02',
      method: 'left',
      recipient: '王芳',
    });
    expect(r.variables).toEqual({ refusalDeliveredOn: '2026-11-02', deliveryMethod: 'other' });
  });

  it('passes the remaining need on when 先行救助 is followed by the normal procedure', async () => {
    const r = await complete(
      'linshi-urgent-supplement',
      { materialsCompleted: true, furtherAssistanceNeeded: true },
      { remainingNeed: 4200 },
    );
    expect(r.variables).toEqual({
      papersComplete: true,
      furtherAssistanceNeeded: true,
      requestedAmount: 4200,
    });
  });
});
