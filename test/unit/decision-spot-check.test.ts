import {
  candidateGroupsOf,
  dibaoDecisionLevel,
  needsDistrictHomeVisit,
  tekunDecisionLevel,
} from '../../server/domain/decision';
import { keyedDraw, selectForSpotCheck } from '../../server/domain/spot-check';

describe('decision level and district home visits', () => {
  it('lets the district confirm 低保 unless the power is delegated to the street (57号 §20)', () => {
    expect(dibaoDecisionLevel(false)).toBe('district');
    expect(dibaoDecisionLevel(true)).toBe('street');
    expect(tekunDecisionLevel()).toBe('district');
  });

  it('sends the district to the home of a staff relative (57号 §11)', () => {
    expect(needsDistrictHomeVisit([{ staffRelative: false }, {}])).toBe(false);
    expect(needsDistrictHomeVisit([{ staffRelative: false }, { staffRelative: true }])).toBe(true);
  });

  it('gives each user exactly the group of their role in their own jurisdiction', () => {
    expect(
      candidateGroupsOf({ role: 'street_clerk', districtCode: '500112', streetCode: '500112001' }),
    ).toEqual(['street:500112001:clerk']);
    expect(
      candidateGroupsOf({ role: 'district_section_head', districtCode: '500112', streetCode: null }),
    ).toEqual(['district:500112:section_head']);
    expect(candidateGroupsOf({ role: 'admin', districtCode: '500112', streetCode: null })).toEqual([]);
    expect(() =>
      candidateGroupsOf({ role: 'street_reviewer', districtCode: '500112', streetCode: null }),
    ).toThrow(/缺少所属街道/);
  });
});

describe('特困 spot-check: at least 30 %, deterministic, unpredictable without the seed (43号)', () => {
  /** Runs the selection over a district's series as the worker would, keeping the count. */
  function run(seed: string, n: number, rate = 0.3) {
    let selectedBefore = 0;
    const picks: boolean[] = [];
    for (let sequence = 1; sequence <= n; sequence++) {
      const d = selectForSpotCheck({ seed, caseKey: `case-${sequence}`, rate, sequence, selectedBefore });
      picks.push(d.selected);
      if (d.selected) selectedBefore++;
    }
    return picks;
  }

  it('never lets the share of checked files fall below the rate, at any point of the series', () => {
    for (const seed of ['s1', 's2', 's3']) {
      const picks = run(seed, 500);
      let count = 0;
      picks.forEach((p, i) => {
        if (p) count++;
        expect(count).toBeGreaterThanOrEqual(Math.ceil(0.3 * (i + 1) - 1e-9));
      });
      expect(count / picks.length).toBeLessThan(0.5); // the floor tops up, it does not check everything
    }
    expect(run('s1', 200, 0.5).filter(Boolean).length).toBeGreaterThanOrEqual(100);
  });

  it('picks the same for a retried job, and differently for another seed', () => {
    const input = { seed: 'k', caseKey: 'c-42', rate: 0.3, sequence: 7, selectedBefore: 2 };
    expect(selectForSpotCheck(input)).toEqual(selectForSpotCheck(input));
    expect(run('seed-a', 100)).not.toEqual(run('seed-b', 100));
    const draw = keyedDraw('seed', 'case');
    expect(draw).toBeGreaterThanOrEqual(0);
    expect(draw).toBeLessThan(1);
  });

  it('says when a case was taken to keep the quota', () => {
    // With nothing selected yet, the first case must be checked whatever the draw says.
    const seed = 'quota';
    let key = 0;
    while (keyedDraw(seed, `k${key}`) < 0.3) key++;
    expect(
      selectForSpotCheck({ seed, caseKey: `k${key}`, rate: 0.3, sequence: 1, selectedBefore: 0 }),
    ).toMatchObject({
      selected: true,
      reason: 'quota',
    });
    expect(
      selectForSpotCheck({ seed, caseKey: `k${key}`, rate: 0.3, sequence: 4, selectedBefore: 2 }),
    ).toMatchObject({
      selected: false,
      reason: null,
    });
  });

  it('refuses a rate below 30 % and inconsistent counts', () => {
    const ok = { seed: 's', caseKey: 'c', rate: 0.3, sequence: 1, selectedBefore: 0 };
    expect(() => selectForSpotCheck({ ...ok, rate: 0.29 })).toThrow(/30%/);
    expect(() => selectForSpotCheck({ ...ok, sequence: 0 })).toThrow(/正整数/);
    expect(() => selectForSpotCheck({ ...ok, selectedBefore: 1 })).toThrow(/已抽查数/);
  });
});
