/**
 * The template builders (server/documents/template-data) on case facts, without a database: what
 * each takes from which source, and the rules they apply — the 一次性告知 lists every missing item
 * (57号 §10), the 再公示 lasts 3 days (条例 §18) and lists name, size and amount only (57号 §24),
 * the first paid month follows DIBAO_START_MONTH, a refusal names its rules (57号 §21).
 */
import { PUBLISHED_STANDARDS } from '../../server/domain/standards';
import { publicNotice } from '../../server/documents/schemas/records';
import { templateData, type CaseFacts } from '../../server/documents/template-data';

function facts(over: Partial<CaseFacts> = {}): CaseFacts {
  return {
    caseType: 'dibao',
    area: 'urban',
    districtName: '渝北区',
    streetName: '双龙湖街道',
    appliedOn: '2026-11-02',
    applicantName: '张明华',
    householdSize: 2,
    address: '双龙大道128号',
    reason: '因病致贫',
    members: [
      {
        name: '张明华',
        relation: 'applicant',
        idNumber: '500112197803124316',
        monthlyIncome: 300,
        disabilityGrade: 2,
        seriousIllness: false,
        student: false,
        preschool: false,
        ableBodiedJobless: false,
      },
      {
        name: '张梓堃',
        relation: 'child',
        idNumber: '500112201206050151',
        monthlyIncome: 0,
        disabilityGrade: null,
        seriousIllness: false,
        student: true,
        preschool: false,
        ableBodiedJobless: false,
      },
    ],
    materials: [
      { kind: 'application_form', received: true, receivedOn: '2026-11-02' },
      { kind: 'verification_authorization', received: true, receivedOn: '2026-11-03' },
      { kind: 'income_proof', received: false, receivedOn: null },
    ],
    standards: PUBLISHED_STANDARDS,
    userNames: { 'u-1': '刘红梅', 'u-2': '周国平' },
    caseData: {
      steps: {
        'dibao-initial-review': {
          initialOpinion: 'eligible',
          proposedAmount: 1240,
          completedBy: 'u-1',
          completedAt: '2026-11-20T02:00:00.000Z',
        },
        'dibao-decision': {
          decision: 'grant',
          amount: 1240,
          completedBy: 'u-2',
          completedAt: '2026-11-30T17:30:00.000Z',
        },
      },
    },
    ...over,
  };
}

const settings = {
  verificationAgency: '{district}社会救助家庭经济状况核查认定中心',
  verificationItems: ['房产', '机动车辆'],
  startMonthRule: 'same' as const,
};
const build = (template: string, f = facts(), vars: Record<string, unknown> = {}, s = settings) =>
  templateData(template, { facts: f, vars, settings: s, date: '2026-12-01' });

describe('template builders', () => {
  it('补正告知书 lists the ticked materials by name, else every checklist item not received (57号 §10)', () => {
    expect(
      build('supplement-notice', facts(), { missingMaterials: ['income_proof', 'property_proof'] }),
    ).toEqual({
      missing: [{ item: '家庭收入证明材料' }, { item: '家庭财产状况证明材料' }],
    });
    expect(build('supplement-notice')).toEqual({ missing: [{ item: '家庭收入证明材料' }] });
  });

  it('委托书 names the district’s centre, the items and the day the 核查授权书 was received (57号 §17)', () => {
    expect(build('verification-mandate')).toEqual({
      agency: '重庆市渝北区社会救助家庭经济状况核查认定中心',
      items: ['房产', '机动车辆'],
      authorizationSignedOn: '2026-11-03',
    });
    const none = facts({ materials: [] });
    expect(build('verification-mandate', none)).not.toHaveProperty('authorizationSignedOn');
  });

  it('公示 lists name, size and proposed amount only; 7 days, 3 for the 低保 再公示 (条例 §18)', () => {
    const first = build('public-notice');
    expect(first).toEqual({
      community: '双龙湖街道',
      from: '2026-12-01',
      to: '2026-12-08',
      entries: [{ name: '张明华', householdSize: 2, amount: 1240 }],
    });
    expect(build('public-notice', facts(), { objectionRaised: true }).to).toBe('2026-12-04');
    const parsed = publicNotice.parse({
      ...first,
      issuer: { code: '500112001', name: '重庆市渝北区双龙湖街道办事处' },
      date: '2026-12-01',
      caseType: 'dibao',
      contact: { office: '社会事务办', phone: '023-67821234' },
      idNumber: '500112197803124316',
    });
    expect(JSON.stringify(parsed)).not.toContain('500112197803124316');
  });

  it('确认通知书: the decided amount, the start month by DIBAO_START_MONTH in China time, the month’s standard', () => {
    // Decided 2026-12-01 01:30 in China (30 Nov UTC): the month is December.
    expect(build('grant-notice', facts(), { approvedAmount: 1240 })).toEqual({
      startMonth: '2026-12',
      monthlyAmount: 1240,
      standard: 770,
    });
    const next = build('grant-notice', facts(), {}, { ...settings, startMonthRule: 'next' as never });
    expect(next).toMatchObject({ startMonth: '2027-01', monthlyAmount: 1240 });
    const tekun = build('grant-notice', facts({ caseType: 'tekun', caseData: {} }));
    expect(tekun).toMatchObject({ startMonth: '2026-12', standard: 1001 });
  });

  it('审核审批表 signs the 初审 and 审核确认 opinions with who gave them and when', () => {
    const r = build('review-approval-form', facts(), {
      calculation: { perCapitaIncome: 150, standard: 770 },
      approvedAmount: 1240,
    });
    expect(r).toEqual({
      perCapitaIncome: 150,
      standard: 770,
      proposedAmount: 1240,
      streetOpinion: { opinion: '符合条件，拟保障 1240 元/月', name: '刘红梅', date: '2026-11-20' },
      decisionOpinion: { opinion: '确认，保障金额 1240 元/月', name: '周国平', date: '2026-12-01' },
    });
  });

  it('不予确认通知书 carries the decider’s reasons and the rules of the kind of assistance (57号 §21)', () => {
    expect(build('refusal-notice', facts(), { decisionReasons: '人均收入高于标准' })).toEqual({
      basis: expect.stringContaining('《最低生活保障审核确认办法》第二十一条'),
      reasons: ['人均收入高于标准'],
    });
    expect(build('refusal-notice', facts({ caseType: 'tekun' })).basis).toContain('43号');
  });

  it('入户调查表 describes each member from the case file, not from invented text', () => {
    const r = build('home-visit-record');
    expect(r.members).toEqual([
      expect.objectContaining({ name: '张明华', health: '残疾2级', occupation: '有收入' }),
      expect.objectContaining({ name: '张梓堃', health: '未登记重病、残疾', occupation: '在校学生' }),
    ]);
  });

  it('会议纪要 takes the meeting form, who recorded it, and the need above the band ceiling', () => {
    const f = facts({
      caseType: 'linshi',
      caseData: {
        steps: { 'yishiyiyi-meeting': { completedBy: 'u-2', completedAt: '2026-12-01T02:00:00Z' } },
      },
    });
    const r = build('meeting-minutes', f, {
      meeting: {
        date: '2026-12-01',
        chair: '李局长',
        attendees: ['甲', '乙'],
        opinions: [{ member: '甲', opinion: '同意' }],
      },
      requestedAmount: 8000,
      bandCeiling: 5000,
    });
    expect(r).toEqual({
      applicant: { name: '张明华', street: '双龙湖街道', householdSize: 2 },
      heldOn: '2026-12-01',
      chair: { name: '李局长' },
      attendees: [{ name: '甲' }, { name: '乙' }],
      opinions: [{ name: '甲', opinion: '同意' }],
      recorder: '周国平',
      situation: '因病致贫；申请救助金额8000元；超出分档救助上限5000元，提交一事一议。',
    });
  });
});
