/**
 * FEEL from @bpmn-io/feelin is not Zeebe's FEEL engine: these are the expression shapes the
 * models use (jurisdiction groups, dates, lists, null and missing variables), with the results
 * and type errors Zeebe gives.
 */
import { evaluateAttribute, evaluateFeel, ExpressionError } from '../../server/engine/feel/feel';
import { evaluateInputs, evaluateOutputs } from '../../server/engine/runtime/mappings';

const NOW = Date.parse('2025-03-03T09:00:00Z');
const vars = {
  streetCode: '500112001',
  districtCode: '500112',
  amount: 120.5,
  acceptedAt: '2025-03-01T08:00:00+08:00',
  members: [
    { name: '张三', relation: 'self', income: 100 },
    { name: '李四', relation: 'spouse', income: 200 },
  ],
  empty: [],
  nothing: null,
};
const feel = (e: string) => evaluateFeel(e, vars, NOW);
const attr = (raw: string, type: Parameters<typeof evaluateAttribute>[1]) =>
  evaluateAttribute(raw, type, () => vars, NOW);

describe('FEEL as the models use it', () => {
  it('builds jurisdiction groups, and fails like Zeebe when a variable is missing', () => {
    expect(attr('=["street:" + streetCode + ":clerk"]', 'strings')).toEqual(['street:500112001:clerk']);
    expect(attr('="district:" + districtCode + ":verifier"', 'strings')).toEqual([
      'district:500112:verifier',
    ]);
    expect(attr('investigators, reviewers', 'strings')).toEqual(['investigators', 'reviewers']);
    expect(() => attr('=["street:" + missing + ":clerk"]', 'strings')).toThrow(ExpressionError);
    expect(() => attr('=["street:" + missing + ":clerk"]', 'strings')).toThrow(/NO_VARIABLE_FOUND/);
  });

  it('computes dates on the engine clock', () => {
    expect(feel('date and time(acceptedAt) + duration("P25D")')).toBe('2025-03-26T08:00:00+08:00');
    expect(feel('now()')).toBe('2025-03-03T09:00:00Z');
    expect(feel('today() + duration("P7D")')).toBe('2025-03-10T00:00:00Z');
    expect(attr('=date and time(acceptedAt) + duration("PT72H")', 'datetime')).toBe(
      '2025-03-04T08:00:00+08:00',
    );
    expect(() => attr('=amount', 'datetime')).toThrow(/DATE_TIME/);
    expect(feel('years and months duration(date("2020-01-01"), date("2025-03-01"))')).toBe('P5Y2M');
  });

  it('filters, counts and sums lists', () => {
    expect(feel('count(members)')).toBe(2);
    expect(feel('sum(members.income)')).toBe(300);
    expect(feel('members[relation = "self"][1].name')).toBe('张三');
    expect(feel('list contains(members.relation, "spouse")')).toBe(true);
    expect(feel('is empty(empty)')).toBe(true);
    expect(feel('for m in members return m.income * 2')).toEqual([200, 400]);
  });

  it('treats null and missing variables as FEEL does', () => {
    expect(feel('nothing = null')).toBe(true);
    expect(feel('missing = null')).toBe(true);
    expect(feel('amount > missing')).toBeNull();
    expect(feel('if amount > missing then "a" else "b"')).toBe('b');
    expect(feel('is defined(nothing)')).toBe(false);
    expect(() => attr('=amount > missing', 'boolean')).toThrow(
      "Expected result of the expression 'amount > missing' to be 'BOOLEAN', but was 'NULL'",
    );
    expect(() => feel('amount +')).toThrow(ExpressionError);
  });

  it('rounds money', () => {
    expect(feel('decimal(amount, 0)')).toBe(120);
    expect(feel('round half up(amount, 0)')).toBe(121);
    expect(feel('floor(amount)')).toBe(120);
  });

  it('applies input mappings in order and builds nested output targets', () => {
    const locals = evaluateInputs(
      [
        { source: '=members[relation = "self"][1]', target: 'applicant' },
        { source: '=applicant.name', target: 'applicantName' },
      ],
      vars,
      NOW,
    );
    expect(locals).toEqual({ applicant: vars.members[0], applicantName: '张三' });
    const doc = evaluateOutputs(
      [
        { source: '=amount * 2', target: 'result.total' },
        { source: '="ok"', target: 'result.status' },
      ],
      { ...vars, result: { kept: true } },
      NOW,
    );
    expect(doc).toEqual({ result: { kept: true, total: 241, status: 'ok' } });
  });
});
