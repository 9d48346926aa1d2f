/**
 * FEEL where Zeebe allows it: attribute values starting with `=` are expressions evaluated with
 * @bpmn-io/feelin against the variables visible in the element's scope; anything else is a
 * static value. Results are type-checked like Zeebe does, and a failed or mistyped evaluation
 * becomes an `ExpressionError` whose message names the expression and feelin's warnings (the
 * runtime turns it into an incident). `now()`/`today()` follow the engine clock.
 */
import { evaluate, date as feelDate } from '@bpmn-io/feelin';
import { fromFeel } from './values';

export class ExpressionError extends Error {}

export type Expected = 'any' | 'string' | 'number' | 'boolean' | 'strings' | 'list' | 'datetime' | 'context';

export const isExpression = (value: unknown): value is string =>
  typeof value === 'string' && value.trimStart().startsWith('=');

/** Evaluates one FEEL expression (without the leading `=`) and returns a JSON-able value. */
export function evaluateFeel(expression: string, variables: Record<string, unknown>, nowMs: number): unknown {
  return run(expression, variables, nowMs).value;
}

function run(expression: string, variables: Record<string, unknown>, nowMs: number) {
  let result;
  try {
    result = evaluate(expression, withClock(variables, nowMs));
  } catch (err) {
    throw new ExpressionError(`failed to evaluate expression '${expression}': ${(err as Error).message}`);
  }
  return { value: fromFeel(result.value), warnings: result.warnings.map((w) => `[${w.type}] ${w.message}`) };
}

/**
 * The engine clock for now()/today(), and Zeebe's FEEL extension functions feelin lacks.
 * `is defined` cannot tell a missing variable from a null one here (both are null).
 */
function withClock(variables: Record<string, unknown>, nowMs: number): Record<string, unknown> {
  const now = () => feelDate(new Date(nowMs).toISOString());
  return {
    now,
    today: () => now().startOf('day'),
    // feelin reads parameter names from the function source: plain functions keep them readable.
    'is empty': function isEmpty(list: unknown) {
      return Array.isArray(list) ? list.length === 0 : null;
    },
    'is defined': function isDefined(value: unknown) {
      return value === null || value === undefined ? false : true;
    },
    ...variables,
  };
}

/**
 * Evaluates a Zeebe attribute: FEEL when it starts with `=`, otherwise the static text (lists of
 * strings are comma-separated, as in Zeebe's static candidate groups). Throws `ExpressionError`
 * when the result is not of the expected type.
 */
export function evaluateAttribute(
  raw: string,
  expected: Expected,
  variables: () => Record<string, unknown>,
  nowMs: number,
): unknown {
  if (!isExpression(raw)) return staticValue(raw, expected);
  const expression = raw.trimStart().slice(1).trim();
  const { value, warnings } = run(expression, variables(), nowMs);
  return checkType(expression, value, expected, warnings);
}

function staticValue(raw: string, expected: Expected): unknown {
  switch (expected) {
    case 'strings':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    case 'number':
      return Number(raw);
    case 'boolean':
      return raw === 'true';
    default:
      return raw;
  }
}

const TYPE_NAMES: Record<Expected, string> = {
  any: 'ANY',
  string: 'STRING',
  number: 'NUMBER',
  boolean: 'BOOLEAN',
  strings: 'ARRAY',
  list: 'ARRAY',
  datetime: 'DATE_TIME',
  context: 'OBJECT',
};

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return 'ARRAY';
  if (typeof value === 'object') return 'OBJECT';
  return typeof value === 'string' ? 'STRING' : typeof value === 'number' ? 'NUMBER' : 'BOOLEAN';
}

function checkType(expression: string, value: unknown, expected: Expected, warnings: string[]): unknown {
  const fail = (found = describe(value)) => {
    const tail = warnings.length
      ? ` The evaluation reported the following warnings:\n${warnings.join('\n')}`
      : '';
    return new ExpressionError(
      `Expected result of the expression '${expression}' to be '${TYPE_NAMES[expected]}', but was '${found}'.${tail}`,
    );
  };
  switch (expected) {
    case 'any':
      return value ?? null;
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      throw fail();
    case 'number':
      if (typeof value === 'number') return value;
      throw fail();
    case 'boolean':
      if (typeof value === 'boolean') return value;
      throw fail();
    case 'list':
      if (Array.isArray(value)) return value;
      throw fail();
    case 'strings':
      if (typeof value === 'string') return [value];
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
      throw fail(Array.isArray(value) ? 'ARRAY containing non-STRING items' : describe(value));
    case 'context':
      if (value && typeof value === 'object' && !Array.isArray(value)) return value;
      throw fail();
    case 'datetime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      throw fail();
  }
}
