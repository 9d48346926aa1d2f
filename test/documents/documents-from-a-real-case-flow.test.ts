/**
 * Every document of a 低保 case, as a real flow issues it: the application registered over HTTP,
 * every step completed by its role through the task API, every worker real (generate-document
 * renders in Chromium and archives). No document data is seeded: what the PDFs print comes from
 * the household, the materials checklist, the step records, the process variables, the standards
 * table, the district and street records and the settings. Paths: granted (with 群众评议 and the
 * 7-day 公示) and refused at the 初审 (不予确认 with the decider's reasons, 57号 §21).
 */
import { chinaDate } from '../../server/domain/dates';
import { idNumber } from '../api/support/applications';
import { DISTRICT, STREET, startCaseFlow, type CaseFlow } from './support/case-flow';

/** A whole case renders about eight PDFs in Chromium on a busy two-core machine. */
const LONG = 600_000;

let f: CaseFlow;
const today = () => chinaDate(new Date());
const cn = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

beforeAll(async () => {
  f = await startCaseFlow('docflow');
}, LONG);
afterAll(async () => {
  await f?.close();
});

const DIBAO_MATERIALS = [
  'application_form',
  'id_documents',
  'verification_authorization',
  'income_proof',
  'property_proof',
  'commitment_letter',
];

async function apply(applicant: string, spouse: string, address: string, income: number) {
  const ids = [idNumber('19780312'), idNumber('19800917'), idNumber('20120605')];
  const r = await (
    await f.as('李娜')
  ).post('/api/cases', {
    type: 'dibao',
    reason: '申请人患慢性肾病需长期透析，家庭无稳定收入',
    household: {
      address,
      phone: '13800138000',
      bankName: '重庆农村商业银行',
      bankAccount: '6228480000123456789',
    },
    members: [
      {
        name: applicant,
        idNumber: ids[0],
        relation: 'applicant',
        monthlyIncome: income,
        seriousIllness: true,
      },
      { name: spouse, idNumber: ids[1], relation: 'spouse', monthlyIncome: 0 },
      { name: '张梓堃', idNumber: ids[2], relation: 'child', student: true },
    ],
    receivedMaterials: DIBAO_MATERIALS,
  });
  if (r.status !== 201) throw new Error(`登记失败：${r.status} ${r.text}`);
  const c = await f.db.case.findUniqueOrThrow({ where: { id: r.body.id } });
  expect(c.processInstanceKey).toBeTruthy();
  return { id: c.id, caseNo: c.caseNo, pik: c.processInstanceKey!, ids };
}

/** 受理 and the parallel investigation (入户调查 + 复核, 邻里访问, 核对) as their roles do them. */
async function acceptAndInvestigate(pik: string, income: number) {
  await f.complete(pik, 'dibao-accept', '李娜', { materialsComplete: true, opinion: '材料齐全，予以受理' });
  await f.complete(pik, 'dibao-home-visit', '王建国', {
    visitDate: today(),
    investigators: ['王建国', '陈晓梅'],
    livingConditions: '租住老旧住房约52平方米，无机动车；申请人患慢性肾病需长期透析，配偶照料家庭。',
    assessedMonthlyIncome: income,
    familySigned: true,
    opinion: `核实家庭月收入${income}元，人均低于本市城市低保标准，建议纳入。`,
  });
  await f.complete(pik, 'dibao-home-visit-cosign', '陈晓梅', { confirmed: true });
  await f.complete(pik, 'dibao-neighbour-visit', '王建国', {
    visitDate: today(),
    interviewees: ['刘大爷', '周丽'],
    summary: '反映该户生活困难属实，未发现隐瞒收入。',
  });
  await f.complete(pik, 'dibao-verification', '孙丽', {
    reportNo: 'HD-2026-0815',
    consistent: true,
    assessedMonthlyIncome: income,
    findings: '无车辆、无房产登记，银行存款3200元。',
  });
  await f.complete(pik, 'dibao-community-assessment', '刘红梅', {
    assessedOn: today(),
    participants: 7,
    result: 'agree',
    record: '评议人员一致认为该户生活困难属实，同意进入公示。',
  });
}

async function archiveOf(caseId: string) {
  return f.db.archiveDocument.findMany({ where: { caseId }, orderBy: { chainSeq: 'asc' } });
}

/** Every generate-document element that completed has exactly one archived document. */
async function expectOneDocumentPerStep(pik: string, caseId: string, templates: string[]) {
  expect(await f.incidents(pik)).toBe('');
  const docs = await archiveOf(caseId);
  expect(docs.map((d) => d.documentType)).toEqual(templates);
  const steps = (await f.passed(pik)).filter((e) => e.startsWith('doc-'));
  expect(steps).toHaveLength(templates.length);
  return docs;
}

describe('a granted 低保 case issues every document from its real facts', () => {
  let c: Awaited<ReturnType<typeof apply>>;
  let texts: Record<string, string>;
  let amount: number;

  it(
    'runs from application to 确认 through the API with no incident',
    async () => {
      c = await apply('张明华', '李秀英', '重庆市渝北区双龙湖街道双龙大道128号3单元5-2', 300);
      await acceptAndInvestigate(c.pik, 300);
      // The 初审 form starts from the amount compute-amount produced (form-values.ts).
      const review = await f.detail(c.pik, 'dibao-initial-review', '刘红梅');
      amount = review.formValues.proposedAmount;
      expect(amount).toBeGreaterThan(0);
      await f.complete(c.pik, 'dibao-initial-review', '刘红梅', {
        initialOpinion: 'eligible',
        proposedAmount: amount,
        deadlineExtended: false,
      });
      // 公示 7 days (条例 §18) from the day it is computed: the timer fires on the pinned clock.
      await f.reached(c.pik, 'deadlines-notice');
      await f.advanceDays(8);
      await f.complete(c.pik, 'dibao-decision', '周国平', {
        decision: 'grant',
        amount,
        startMonth: today().slice(0, 7),
        opinion: '符合城市低保条件，同意纳入',
      });
      await f.ended(c.pik);
      const docs = await expectOneDocumentPerStep(c.pik, c.id, [
        'acceptance-notice',
        'verification-mandate',
        'home-visit-record',
        'community-assessment-record',
        'public-notice',
        'review-approval-form',
        'grant-notice',
      ]);
      texts = {};
      for (const d of docs) texts[d.documentType] = await f.text(d.fileSha256);
    },
    LONG,
  );

  it('委托书 (57号 §17): the centre, the household with 身份证号, the 授权书 date and the items', () => {
    const t = texts['verification-mandate']!;
    expect(t).toContain('重庆市渝北区社会救助家庭经济状况核查认定中心');
    for (const part of [
      '张明华',
      '李秀英',
      '张梓堃',
      c.ids[0]!,
      cn(today()),
      '工资性收入',
      '机动车辆',
      '3个工作日',
    ])
      expect(t).toContain(part);
  });

  it('入户调查表 (57号 §16): the two investigators, the living conditions and the assessed income', () => {
    const t = texts['home-visit-record']!;
    // Table cells wrap, so only phrases that fit one line are looked for.
    for (const part of [
      '王建国、陈晓梅',
      '申请人患慢性肾病需长期',
      '核实家庭月收入300元',
      '在校学生',
      '患重病',
    ])
      expect(t).toContain(part);
  });

  it('群众评议记录 (条例 §18): date, 7 participants, the record and who recorded it', () => {
    const t = texts['community-assessment-record']!;
    for (const part of ['共7人', '刘红梅', '同意进入公示', '张明华']) expect(t).toContain(part);
  });

  it('公示 (条例 §18, 57号 §24): name, household size and amount only — no 身份证号, no address', () => {
    const t = texts['public-notice']!;
    expect(t).toContain('张明华');
    expect(t).toContain(String(amount));
    expect(t).toContain('双龙湖街道');
    expect(t).toContain(STREET.contactPhone);
    for (const id of c.ids) expect(t).not.toContain(id);
    expect(t).not.toContain('双龙大道128号');
  });

  it('审核审批表: incomes, the standard, the 初审 and 审核确认 opinions with their names', () => {
    const t = texts['review-approval-form']!;
    for (const part of ['刘红梅', '周国平', '同意纳入', '770元', String(amount)]) expect(t).toContain(part);
  });

  it('确认通知书 (57号 §20): amount, start month, standard, the district’s contact', () => {
    const t = texts['grant-notice']!;
    const [y, m] = today().split('-').map(Number);
    for (const part of [
      '张明华',
      String(amount),
      `${y}年${m}月`,
      '770元',
      DISTRICT.contactPhone,
      '尾号为6789',
    ])
      expect(t).toContain(part);
  });
});

describe('a 低保 case refused at the 初审 issues the 不予确认通知书 with the decider’s reasons', () => {
  it(
    'runs to the 送达 with no incident and prints the reasons and remedies (57号 §21)',
    async () => {
      const c = await apply('何国强', '吴红', '重庆市渝北区双龙湖街道龙湖路9号', 2800);
      await acceptAndInvestigate(c.pik, 2800);
      await f.complete(c.pik, 'dibao-initial-review', '刘红梅', {
        initialOpinion: 'ineligible',
        reasons: '家庭人均月收入高于本市城市低保标准',
        deadlineExtended: false,
      });
      const reasons = '经信息核对，你家庭2026年人均月收入933元，高于本市城市低保标准770元。';
      await f.complete(c.pik, 'dibao-decision', '周国平', { decision: 'refuse', reasons });
      await f.complete(c.pik, 'dibao-refusal-notice', '李娜', {
        deliveredOn: today(),
        method: 'direct',
        recipient: '何国强',
      });
      await f.ended(c.pik);
      const docs = await expectOneDocumentPerStep(c.pik, c.id, [
        'acceptance-notice',
        'verification-mandate',
        'home-visit-record',
        'community-assessment-record',
        'review-approval-form',
        'refusal-notice',
      ]);
      const refusal = await f.text(docs.at(-1)!.fileSha256);
      for (const part of [
        '何国强',
        reasons,
        '《最低生活保障审核确认办法》第二十一条',
        '重庆市渝北区人民政府',
        '重庆市渝北区人民法院',
        DISTRICT.contactPhone,
      ])
        expect(refusal).toContain(part);
      const form = await f.text(docs.at(-2)!.fileSha256);
      expect(form).toContain('不予确认');
      expect(form).toContain('家庭人均月收入高于本市城市低保标准');
    },
    LONG,
  );
});
