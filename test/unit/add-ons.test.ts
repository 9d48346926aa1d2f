import { ADD_ON_AMOUNTS, classifiedAddOn, type AddOnPerson } from '../../server/domain/add-ons';
import { ageInMonth } from '../../server/domain/id-number';

const person = (p: Partial<AddOnPerson>): AddOnPerson => ({
  disabilityGrade: null,
  seriousIllness: false,
  student: false,
  preschool: false,
  age: 40,
  ...p,
});

describe('分类重点救助: at most one category, plus 40 for a disabled person', () => {
  it.each<[string, Partial<AddOnPerson>, number | null, string | null]>([
    ['nobody special', {}, null, null],
    ['disabled (grade 3)', { disabilityGrade: 3 }, 40, '残疾人员 40'],
    [
      '一至二级重残 also gets the 40 of a disabled person',
      { disabilityGrade: 1 },
      100,
      '一至二级重残 60 + 残疾人员 40',
    ],
    ['seriously ill and over 70: one of them', { seriousIllness: true, age: 75 }, 60, '重大疾病 60'],
    [
      'severely disabled and over 70: one of them, plus 40',
      { disabilityGrade: 2, age: 80 },
      100,
      '一至二级重残 60 + 残疾人员 40',
    ],
    [
      'student with a grade-4 disability',
      { student: true, disabilityGrade: 4, age: 19 },
      140,
      '在校学生 100 + 残疾人员 40',
    ],
    [
      'preschool child with a serious illness',
      { preschool: true, seriousIllness: true, age: 4 },
      100,
      '学龄前儿童 100',
    ],
    ['a child under 6 counts as 学龄前 without the flag', { age: 3 }, 100, '学龄前儿童 100'],
    ['a 5-year-old already at school is a student, once', { age: 5, student: true }, 100, '在校学生 100'],
    ['exactly 70', { age: 70 }, 60, '70岁以上老年人 60'],
    ['69 is not yet 70+', { age: 69 }, null, null],
  ])('%s', (_label, p, amount, reason) => {
    const add = classifiedAddOn(person(p));
    expect(add ? [add.amount, add.reason] : [null, null]).toEqual([amount, reason]);
  });

  it('never exceeds the largest category plus 40', () => {
    const everything = person({
      disabilityGrade: 1,
      seriousIllness: true,
      student: true,
      preschool: true,
      age: 3,
    });
    expect(classifiedAddOn(everything)!.amount).toBe(ADD_ON_AMOUNTS.student + ADD_ON_AMOUNTS.disabled);
  });

  it('takes ages from the month: a birthday in the month counts for the whole month', () => {
    expect(ageInMonth('1956-03-15', '2026-02')).toBe(69);
    expect(ageInMonth('1956-03-15', '2026-03')).toBe(70);
    expect(ageInMonth('1956-03-31', '2026-03')).toBe(70);
    expect(ageInMonth('1956-04-01', '2026-03')).toBe(69);
    expect(ageInMonth('2020-12-31', '2026-12')).toBe(6);
  });
});
