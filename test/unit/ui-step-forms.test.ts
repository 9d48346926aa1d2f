/**
 * Feature: the step forms of the UI (ui/src/forms) hold the rules of the steps they record, with
 * zh-CN messages — the same schemas the API is to validate completions with.
 */
import { STEP_FORMS, formFor, validateStep, visibleValues, withSelfFirst } from '../../ui/src/forms';
import {
  RUN_STATUSES,
  isWorking,
  progressPercent,
  progressText,
  statusTag,
} from '../../ui/src/views/disbursement-status';

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

  it('picks the 入户调查 investigators from the street’s investigator accounts, the signed-in one first (57号 §16)', () => {
    const street = form('home-visit').fields.find((x) => x.name === 'investigators')!;
    expect([street.kind, street.role]).toEqual(['people', 'street_investigator']);
    expect(form('home-visit').initial().investigators).toEqual([]);
    // The district's own visit (57号 §11) is done by district staff: names stay free text.
    const district = form('district-home-visit').fields.find((x) => x.name === 'investigators')!;
    expect([district.kind, district.role]).toEqual(['names', undefined]);

    const offered = ['李娜', '张伟'];
    expect(withSelfFirst([], '张伟', offered)).toEqual(['张伟']);
    expect(withSelfFirst(['李娜'], '张伟', offered)).toEqual(['张伟', '李娜']);
    // Already picked (in any place), or not one of the street's investigators: unchanged.
    expect(withSelfFirst(['李娜', '张伟'], '张伟', offered)).toEqual(['李娜', '张伟']);
    expect(withSelfFirst(['李娜'], '王芳', offered)).toEqual(['李娜']);
    expect(withSelfFirst([' 李娜 ', ''], null, offered)).toEqual(['李娜']);

    // What is sent: the picked display names, blanks dropped, the server's rule unchanged.
    const f = form('home-visit');
    const sent = visibleValues(f, { ...f.initial(), investigators: ['张伟', ' 李娜', ''] });
    expect(sent.investigators).toEqual(['张伟', '李娜']);
  });
});

describe('disbursement run statuses', () => {
  const run = (status: (typeof RUN_STATUSES)[number], done = 0, total = 0) => ({
    status,
    progress: { done, total, percent: total ? Math.floor((done * 100) / total) : 0 },
  });

  it('shows the server’s six statuses, following the run while the system works on it', () => {
    expect(RUN_STATUSES.filter(isWorking)).toEqual(['pending', 'computing', 'computed']);
    expect(RUN_STATUSES.map(statusTag)).toEqual([
      'info',
      'primary',
      'primary',
      'warning',
      'success',
      'success',
    ]);
  });

  it('shows done/total while computing and a full bar once computed', () => {
    expect(progressPercent(run('pending'))).toBe(0);
    expect(progressPercent(run('computing', 37, 120))).toBe(30);
    expect(progressText(run('computing', 37, 120))).toBe('正在计算：已完成 37 / 120 名发放对象');
    for (const s of ['computed', 'awaiting_approval', 'approved', 'paid'] as const)
      expect(progressPercent(run(s, 120, 120))).toBe(100);
    expect(progressText(run('awaiting_approval'))).toContain('发起人不能审批');
  });
});
