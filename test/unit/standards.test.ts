import {
  lookupStandard,
  PUBLISHED_STANDARDS,
  StandardNotFoundError,
  tekunAmounts,
  validateStandardRows,
  type StandardRow,
} from '../../server/domain/standards';

describe('effective-dated standards (DOMAIN.md "Money (Chongqing)")', () => {
  it('stores the published table as given, urban and rural', () => {
    // effective from, 城市低保, 农村低保, 特困基本生活, 照料护理 全 / 半 / 自理 (null = –)
    const table: [string, number, number, number, number, number, number | null][] = [
      ['2018-01-01', 546, 410, 710, 300, 200, null],
      ['2019-01-01', 580, 440, 754, 300, 200, null],
      ['2020-09-01', 620, 496, 806, 300, 200, 50],
      ['2021-09-01', 636, 515, 827, 300, 200, 50],
      ['2022-09-01', 717, 581, 932, 300, 200, 50],
      ['2023-09-01', 735, 600, 955, 300, 200, 50],
      ['2024-09-01', 750, 610, 975, 500, 300, 100],
      ['2025-07-01', 770, 630, 1001, 500, 300, 100],
    ];
    const urban = PUBLISHED_STANDARDS.filter((r) => r.area === 'urban');
    const rural = PUBLISHED_STANDARDS.filter((r) => r.area === 'rural');
    expect(
      urban.map((r) => [r.effectiveFrom, r.dibao, r.tekunBasic, r.careFull, r.careHalf, r.careSelf]),
    ).toEqual(table.map(([d, u, , t, f, h, s]) => [d, u, t, f, h, s]));
    expect(rural.map((r) => [r.effectiveFrom, r.dibao, r.tekunBasic])).toEqual(
      table.map(([d, , r]) => [d, r, null]),
    );
    expect(validateStandardRows(PUBLISHED_STANDARDS)).toEqual([]);
  });

  it('uses the standard valid in the month, switching exactly in July 2025', () => {
    expect(lookupStandard(PUBLISHED_STANDARDS, 'urban', '2025-06').dibao).toBe(750);
    expect(lookupStandard(PUBLISHED_STANDARDS, 'urban', '2025-07').dibao).toBe(770);
    expect(lookupStandard(PUBLISHED_STANDARDS, 'rural', '2025-06').dibao).toBe(610);
    expect(lookupStandard(PUBLISHED_STANDARDS, 'rural', '2025-07').dibao).toBe(630);
    expect(lookupStandard(PUBLISHED_STANDARDS, 'urban', '2024-08').dibao).toBe(735);
    expect(lookupStandard(PUBLISHED_STANDARDS, 'urban', '2026-11').dibao).toBe(770);
    expect(lookupStandard(PUBLISHED_STANDARDS, 'urban', '2018-01').dibao).toBe(546);
  });

  it('says in zh-CN when a month has no standard', () => {
    expect(() => lookupStandard(PUBLISHED_STANDARDS, 'urban', '2017-12')).toThrow(StandardNotFoundError);
    expect(() => lookupStandard(PUBLISHED_STANDARDS, 'urban', '2017-12')).toThrow(
      '2017-12 没有适用的城市低保标准（最早 2018-01）',
    );
    expect(() => lookupStandard([], 'rural', '2026-01')).toThrow('尚未录入任何标准');
    expect(() => lookupStandard(PUBLISHED_STANDARDS, 'urban', '2026-13')).toThrow(/YYYY-MM/);
  });

  it('gives 特困 amounts, with no 全自理 subsidy before September 2020, and none invented for rural', () => {
    const y2019 = lookupStandard(PUBLISHED_STANDARDS, 'urban', '2019-05');
    expect(tekunAmounts(y2019)).toEqual({ basic: 754, care: { full: 300, half: 200, self: 0 } });
    expect(tekunAmounts(lookupStandard(PUBLISHED_STANDARDS, 'urban', '2025-07')).care).toEqual({
      full: 500,
      half: 300,
      self: 100,
    });
    expect(() => tekunAmounts(lookupStandard(PUBLISHED_STANDARDS, 'rural', '2025-07'))).toThrow(
      /农村特困人员基本生活标准或照料护理标准未录入/,
    );
  });

  it('rejects rows that start mid-month, repeat, or carry negative amounts', () => {
    const row: StandardRow = { ...PUBLISHED_STANDARDS[0]! };
    expect(
      validateStandardRows([
        { ...row, effectiveFrom: '2026-07-15' },
        row,
        row,
        { ...row, effectiveFrom: '2027-01-01', careFull: -1 },
        { ...row, effectiveFrom: '2028-01-01', dibao: 0 },
      ]),
    ).toEqual([
      'urban@2026-07-15：生效日期必须是某月 1 日',
      'urban@2018-01-01：同一地区同一生效日期重复',
      'urban@2027-01-01：careFull 必须是非负数',
      'urban@2028-01-01：低保标准必须大于 0',
    ]);
  });
});
