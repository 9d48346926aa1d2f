/**
 * Feature: the step forms of the UI (ui/src/forms) hold the rules of the steps they record, with
 * zh-CN messages — the same schemas the API is to validate completions with.
 */
import { STEP_FORMS, formFor, validateStep, visibleValues } from '../../ui/src/forms';

const form = (key: string) => {
  const f = STEP_FORMS[key];
  if (!f) throw new Error(`no form ${key}`);
  return f;
};

describe('step forms', () => {
  it('finds the form of dibao-, tekun- and linshi- tasks by their shared form reference', () => {
    expect(formFor({ elementId: 'dibao-accept' })?.key).toBe('accept');
    expect(formFor({ elementId: 'tekun-home-visit-cosign' })?.key).toBe('home-visit-cosign');
    expect(formFor({ formKey: 'signoff-head', elementId: 'yishiyiyi-signoff-head' })?.title).toBe(
      '负责人审批',
    );
    expect(formFor({ elementId: 'dibao-unknown-step' })).toBeUndefined();
  });

  it('refuses a 不予确认 decision without reasons (57号 §21) and a grant without amount and start month', () => {
    const f = form('decision');
    expect(validateStep(f, { ...f.initial(), decision: 'refuse' })).toEqual({
      reasons: '不予确认须写明理由',
    });
    const grant = validateStep(f, { ...f.initial(), decision: 'grant', startMonth: '' });
    expect(grant).toEqual({ amount: '请填写确认保障金额', startMonth: '请选择起始月份' });
    expect(validateStep(f, { decision: 'grant', amount: 850.5, startMonth: '2026-11' })).toEqual({});
  });

  it('needs two different investigators and the family’s signature for a home visit (57号 §16)', () => {
    const f = form('home-visit');
    const base = {
      ...f.initial(),
      livingConditions: '两室一厅，无车辆',
      assessedMonthlyIncome: 300,
      familySigned: true,
    };
    expect(validateStep(f, { ...base, investigators: ['张伟', ''] }).investigators).toBe(
      '入户调查人员至少 2 人',
    );
    expect(validateStep(f, { ...base, investigators: ['张伟', '张伟'] }).investigators).toBe(
      '入户调查人员不能重复',
    );
    expect(validateStep(f, { ...base, investigators: ['张伟', '李娜'], familySigned: false })).toEqual({
      familySigned: '调查表须由申请人或家庭成员签字',
    });
    expect(validateStep(f, { ...base, investigators: ['张伟', '李娜'] })).toEqual({});
  });

  it('lists every missing material when the materials are incomplete (57号 §10)', () => {
    const f = form('accept');
    expect(validateStep(f, { materialsComplete: false, missingMaterials: [] })).toEqual({
      missingMaterials: '请勾选需补正的全部材料',
    });
    expect(
      validateStep(f, { materialsComplete: false, missingMaterials: ['income_proof', 'commitment_letter'] }),
    ).toEqual({});
    // Hidden fields are not sent: a complete acceptance carries no list.
    expect(visibleValues(f, { materialsComplete: true, missingMaterials: ['income_proof'] })).toEqual({
      materialsComplete: true,
    });
  });

  it('records an opinion of every attendee of a 一事一议 meeting and only of attendees', () => {
    const f = form('meeting');
    const meeting = {
      meetingDate: '2026-11-20',
      chair: '刘局长',
      attendees: ['刘局长', '陈科长', '赵委员'],
      decidedAmount: 8000,
      reasons: '重大疾病医疗支出超出分档上限',
    };
    const missing = validateStep(f, { ...meeting, opinions: [{ member: '刘局长', opinion: '同意' }] });
    expect(missing.opinions).toBe('缺少 陈科长、赵委员 的意见');
    const stranger = validateStep(f, {
      ...meeting,
      opinions: [
        ...meeting.attendees.map((member) => ({ member, opinion: '同意' })),
        { member: '王五', opinion: '同意' },
      ],
    });
    expect(stranger['opinions.3.member']).toBe('发表意见的须是参会人员');
    expect(
      validateStep(f, {
        ...meeting,
        opinions: meeting.attendees.map((member) => ({ member, opinion: '同意' })),
      }),
    ).toEqual({});
  });

  it('asks for a reason when a sign-off sends the decision back to the panel', () => {
    const f = form('signoff-section');
    expect(validateStep(f, { sectionApproved: false, opinion: '' })).toEqual({
      opinion: '不同意时须写明意见',
    });
    expect(validateStep(f, { sectionApproved: true })).toEqual({});
  });

  it('refuses dates in the future for things that have happened', () => {
    const f = form('neighbour-visit');
    const errors = validateStep(f, {
      visitDate: '2999-01-01',
      interviewees: ['邻居甲'],
      summary: '情况属实',
    });
    expect(errors).toEqual({ visitDate: '日期不能晚于今天' });
  });
});
