import { ageOn, checkCharacter, maskIdNumber, parseIdNumber } from '../../server/domain/id-number';

/** Builds a valid number from its first 17 digits (GB 11643 check character). */
const withCheck = (first17: string) => first17 + checkCharacter(first17);

describe('身份证号 (GB 11643)', () => {
  const today = new Date('2026-11-29T00:00:00Z');

  it('accepts the standard example and derives birth date and sex', () => {
    // 11010519491231002X is the example of GB 11643-1999 (female, born 1949-12-31).
    expect(parseIdNumber('11010519491231002X', today)).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      regionCode: '110105',
    });
  });

  it('accepts a lower-case x and surrounding spaces', () => {
    expect(parseIdNumber(' 11010519491231002x ', today).ok).toBe(true);
  });

  it.each([
    ['1101051949123100', '应为 18 位'],
    ['1101051949123100A2', '前 17 位应为数字'],
    ['99010519491231002X', '地址码不存在'],
    [withCheck('50011219870230123'), '出生日期无效'],
    [withCheck('50011220991231123'), '晚于今天'],
    ['110105194912310021', '校验位不正确'],
  ])('rejects %s (%s)', (id, reason) => {
    const r = parseIdNumber(id, today);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(reason);
  });

  it('computes age on a date or month, birthdays counted on the day', () => {
    expect(ageOn('1956-03-15', '2026-03-14')).toBe(69);
    expect(ageOn('1956-03-15', '2026-03-15')).toBe(70);
    expect(ageOn('1956-03-15', '2026-04')).toBe(70);
    expect(ageOn('2020-02-29', '2026-02-28')).toBe(5);
  });

  it('masks all but region and last four', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });
});
