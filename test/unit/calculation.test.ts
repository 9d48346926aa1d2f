import { calculate, CalculationInputError, parseCalculationInput } from '../../server/domain/calculation';
import { checkCharacter } from '../../server/domain/id-number';
import { PUBLISHED_STANDARDS } from '../../server/domain/standards';

const id = (first17: string) => first17 + checkCharacter(first17);
const GRANDMA = id('50011219560315002'); // born 1956-03-15
const FATHER = id('50011219800101001'); // born 1980-01-01
const CHILD = id('50011220150901002'); // born 2015-09-01
const BABY = id('50011220230601003'); // born 2023-06-01

const member = (over: Record<string, unknown>) => ({
  name: '张三',
  idNumber: FATHER,
  relation: 'applicant',
  monthlyIncome: 0,
  disabilityGrade: null,
  seriousIllness: false,
  student: false,
  preschool: false,
  ...over,
});

function run(raw: unknown, rounding: 'half-up' | 'up' | 'down' = 'half-up') {
  const parsed = parseCalculationInput(raw);
  if (!parsed.ok) throw new CalculationInputError(parsed.errors);
  return calculate(parsed.input, PUBLISHED_STANDARDS, { amountRounding: rounding });
}

const household = (month: string) => ({
  type: 'dibao',
  area: 'urban',
  month,
  members: [
    member({ name: '张父', idNumber: FATHER, monthlyIncome: 1200, disabilityGrade: 3 }),
    member({
      name: '张奶奶',
      idNumber: GRANDMA,
      relation: 'parent',
      monthlyIncome: 300.5,
      seriousIllness: true,
    }),
    member({ name: '张小', idNumber: CHILD, relation: 'child', student: true }),
    member({ name: '张宝', idNumber: BABY, relation: 'child' }),
  ],
});

describe('trial calculation (试算) for 低保', () => {
  it('gives eligibility, 补差, add-ons per person and the total', () => {
    expect(run(household('2026-03'))).toEqual({
      eligible: true,
      standard: 770,
      perCapitaIncome: 375.13, // 1500.50 / 4
      baseAmount: 1580, // 770 × 4 − 1500.50 = 1579.50 → 1580
      addOns: [
        { idNumber: FATHER, reason: '残疾人员 40', amount: 40 },
        { idNumber: GRANDMA, reason: '重大疾病 60', amount: 60 },
        { idNumber: CHILD, reason: '在校学生 100', amount: 100 },
        { idNumber: BABY, reason: '学龄前儿童 100', amount: 100 },
      ],
      careTier: null,
      careAmount: 0,
      total: 1880,
      edge: false,
    });
    expect(run(household('2026-03'), 'down').baseAmount).toBe(1579);
  });

  it('uses the standard of the month: June and July 2025 differ', () => {
    expect(run(household('2025-06'))).toMatchObject({ standard: 750, baseAmount: 1500 }); // 3000 − 1500.50
    expect(run(household('2025-07'))).toMatchObject({ standard: 770, baseAmount: 1580 });
  });

  it('counts 70+ from the month the grandmother turns 70 (birthday 15 March 2026)', () => {
    const noIllness = (month: string) => {
      const h = household(month);
      h.members[1] = member({ name: '张奶奶', idNumber: GRANDMA, relation: 'parent', monthlyIncome: 300.5 });
      return run(h).addOns.find((a) => a.idNumber === GRANDMA);
    };
    expect(noIllness('2026-02')).toBeUndefined();
    expect(noIllness('2026-03')).toEqual({ idNumber: GRANDMA, reason: '70岁以上老年人 60', amount: 60 });
  });

  it('reports 低保边缘 and no amounts when the income is above the standard', () => {
    const r = run({ ...household('2026-03'), members: [member({ monthlyIncome: 1000 })] });
    expect(r).toEqual({
      eligible: false,
      standard: 770,
      perCapitaIncome: 1000,
      baseAmount: 0,
      addOns: [],
      careTier: null,
      careAmount: 0,
      total: 0,
      edge: true,
    });
  });
});

describe('trial calculation for 特困', () => {
  const selfCare = { eating: true, dressing: false, bed: true, toilet: false, walking: true, bathing: false };
  const tekun = (over: Record<string, unknown> = {}, others: unknown[] = []) => ({
    type: 'tekun',
    area: 'urban',
    month: '2025-07',
    members: [member({ name: '王老', idNumber: GRANDMA, selfCare, ...over }), ...others],
  });

  it('pays the basic standard and the care amount of the assessed tier', () => {
    expect(run(tekun())).toEqual({
      eligible: true,
      standard: 1001,
      perCapitaIncome: 0,
      baseAmount: 1001,
      addOns: [],
      careTier: '半护理',
      careAmount: 300,
      total: 1301,
      edge: false,
    });
  });

  it('refuses when an able adult supporter lives in the household, still reporting the tier', () => {
    const r = run(tekun({}, [member({ name: '王子', idNumber: FATHER, relation: 'child' })]));
    expect(r).toMatchObject({ eligible: false, baseAmount: 0, careTier: '半护理', careAmount: 0, total: 0 });
  });

  it('refuses a working-age applicant', () => {
    expect(run(tekun({ idNumber: FATHER })).eligible).toBe(false);
  });
});

describe('bad input: a zh-CN message per field, nothing computed', () => {
  const errorsOf = (raw: unknown) => {
    const r = parseCalculationInput(raw);
    return r.ok ? [] : r.errors;
  };

  it('names each bad field', () => {
    expect(errorsOf({ type: 'x', area: 'urban', month: '2026-3', members: [] })).toEqual([
      { field: 'type', message: '救助类别应为 dibao（低保）或 tekun（特困）' },
      { field: 'month', message: '试算月份应为 YYYY-MM，例如 2026-03' },
      { field: 'members', message: '家庭成员至少 1 人' },
    ]);
    expect(errorsOf(null)).toEqual([{ field: '(请求体)', message: '请求内容应为 JSON 对象' }]);
  });

  it('checks 身份证号, incomes and flags of every member', () => {
    const bad = household('2026-03');
    bad.members[0] = member({
      idNumber: FATHER.slice(0, 17) + (FATHER[17] === '1' ? '2' : '1'),
      monthlyIncome: -1,
    });
    bad.members[1] = member({ idNumber: GRANDMA, relation: 'parent', monthlyIncome: 1.005, student: 'yes' });
    expect(errorsOf(bad)).toEqual([
      { field: 'members.0.idNumber', message: '身份证号校验位不正确' },
      { field: 'members.0.monthlyIncome', message: '月收入不能为负数' },
      { field: 'members.1.monthlyIncome', message: '月收入最多保留两位小数' },
      { field: 'members.1.student', message: '是否在校学生应为 true 或 false' },
    ]);
  });

  it('requires one applicant, distinct people, births before the month, and selfCare for 特困', () => {
    expect(
      errorsOf({
        type: 'tekun',
        area: 'urban',
        month: '2015-08',
        members: [
          member({}),
          member({ relation: 'applicant', idNumber: CHILD }),
          member({ relation: 'child' }),
        ],
      }),
    ).toEqual([
      { field: 'members', message: '应有且仅有 1 名申请人（现有 2 名）' },
      { field: 'members.0.selfCare', message: '特困试算须填写申请人的生活自理能力评估（六项）' },
      { field: 'members.1.idNumber', message: '出生日期晚于试算月份' },
      { field: 'members.1.selfCare', message: '特困试算须填写申请人的生活自理能力评估（六项）' },
      { field: 'members.2.idNumber', message: '身份证号重复' },
    ]);
  });

  it('reports a month without a standard, and a rural 特困 trial, as field errors', () => {
    const attempt = (raw: unknown) => {
      try {
        run(raw);
        return null;
      } catch (e) {
        return (e as CalculationInputError).errors;
      }
    };
    expect(attempt({ ...household('2017-12'), members: [member({})] })).toEqual([
      { field: 'month', message: '2017-12 没有适用的城市低保标准（最早 2018-01）' },
    ]);
    const rural = {
      type: 'tekun',
      area: 'rural',
      month: '2025-07',
      members: [
        member({
          idNumber: GRANDMA,
          selfCare: {
            eating: true,
            dressing: true,
            bed: true,
            toilet: true,
            walking: true,
            bathing: true,
          },
        }),
      ],
    };
    expect(attempt(rural)?.[0]?.field).toBe('area');
  });
});
