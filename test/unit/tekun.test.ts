import { lookupStandard, PUBLISHED_STANDARDS } from '../../server/domain/standards';
import {
  assessSelfCare,
  assessTekun,
  isAbleSupporter,
  tekunMonthlyAmounts,
  tekunStartMonth,
  type SelfCareAssessment,
} from '../../server/domain/tekun';

const able: SelfCareAssessment = {
  eating: true,
  dressing: true,
  bed: true,
  toilet: true,
  walking: true,
  bathing: true,
};
const unable = (...keys: (keyof SelfCareAssessment)[]) =>
  Object.fromEntries(
    Object.entries(able).map(([k, v]) => [k, keys.includes(k as never) ? false : v]),
  ) as SelfCareAssessment;

describe('特困: six-activity self-care assessment → care tier (43号)', () => {
  it.each<[string, SelfCareAssessment, string, string]>([
    ['all six unaided', able, '具备', '全自理'],
    ['one unable', unable('bathing'), '部分丧失', '半护理'],
    ['three unable', unable('bathing', 'walking', 'toilet'), '部分丧失', '半护理'],
    ['four unable', unable('bathing', 'walking', 'toilet', 'bed'), '完全丧失', '全护理'],
    ['none', unable('eating', 'dressing', 'bed', 'toilet', 'walking', 'bathing'), '完全丧失', '全护理'],
  ])('%s', (_l, a, capacity, tier) => {
    expect(assessSelfCare(a)).toMatchObject({ capacity, tier });
  });

  it('names the activities that could not be done and refuses an incomplete assessment', () => {
    expect(assessSelfCare(unable('toilet', 'eating')).unable).toEqual(['eating', 'toilet']);
    const { bathing: _b, ...five } = able;
    expect(() => assessSelfCare(five as SelfCareAssessment)).toThrow('缺少生活自理能力评估项：自主洗澡');
  });

  it('pays the basic standard plus the care amount of the tier in force that month', () => {
    const jul2025 = lookupStandard(PUBLISHED_STANDARDS, 'urban', '2025-07');
    expect(tekunMonthlyAmounts(jul2025, '全护理')).toEqual({ basic: 1001, care: 500 });
    expect(tekunMonthlyAmounts(jul2025, '半护理')).toEqual({ basic: 1001, care: 300 });
    expect(tekunMonthlyAmounts(jul2025, '全自理')).toEqual({ basic: 1001, care: 100 });
    const jun2025 = lookupStandard(PUBLISHED_STANDARDS, 'urban', '2025-06');
    expect(tekunMonthlyAmounts(jun2025, '全护理')).toEqual({ basic: 975, care: 500 });
    const y2019 = lookupStandard(PUBLISHED_STANDARDS, 'urban', '2019-06');
    expect(tekunMonthlyAmounts(y2019, '全自理')).toEqual({ basic: 754, care: 0 });
  });
});

describe('特困 eligibility (43号)', () => {
  const base = { disabilityGrade: null, monthlyIncome: 0 };
  const none = { able: 0 };

  it('accepts people aged 60+, under 16, or severely disabled', () => {
    expect(assessTekun({ ...base, age: 60 }, 770, none).eligible).toBe(true);
    expect(assessTekun({ ...base, age: 15 }, 770, none).eligible).toBe(true);
    expect(assessTekun({ ...base, age: 35, disabilityGrade: 2 }, 770, none).eligible).toBe(true);
  });

  it('refuses working-age people who are not severely disabled, with the reason', () => {
    expect(assessTekun({ ...base, age: 59 }, 770, none).reasons).toEqual([
      '不属于 60 周岁以上老年人、未满 16 周岁未成年人或重度残疾人（无劳动能力）',
    ]);
    expect(assessTekun({ ...base, age: 16 }, 770, none).eligible).toBe(false);
    expect(assessTekun({ ...base, age: 40, disabilityGrade: 3 }, 770, none).eligible).toBe(false);
  });

  it('requires no source of living and no able supporter', () => {
    expect(assessTekun({ ...base, age: 70, monthlyIncome: 770 }, 770, none).reasons).toEqual([
      '本人月收入 770 元不低于低保标准 770 元（有生活来源）',
    ]);
    expect(assessTekun({ ...base, age: 70, monthlyIncome: 769.99 }, 770, none).eligible).toBe(true);
    expect(assessTekun({ ...base, age: 70, propertyWithinLimits: false }, 770, none).eligible).toBe(false);
    expect(assessTekun({ ...base, age: 70 }, 770, { able: 1 }).reasons).toEqual([
      '有 1 名具备赡养、抚养或扶养能力的义务人',
    ]);
  });

  it('estimates able supporters as working-age adults without severe disability or serious illness', () => {
    expect(isAbleSupporter({ age: 40, disabilityGrade: null, seriousIllness: false })).toBe(true);
    expect(isAbleSupporter({ age: 17, disabilityGrade: null, seriousIllness: false })).toBe(false);
    expect(isAbleSupporter({ age: 60, disabilityGrade: null, seriousIllness: false })).toBe(false);
    expect(isAbleSupporter({ age: 40, disabilityGrade: 1, seriousIllness: false })).toBe(false);
    expect(isAbleSupporter({ age: 40, disabilityGrade: null, seriousIllness: true })).toBe(false);
  });

  it('starts support the month after confirmation', () => {
    expect(tekunStartMonth('2026-11-30')).toBe('2026-12');
    expect(tekunStartMonth('2026-12-01')).toBe('2027-01');
  });
});
