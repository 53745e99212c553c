/**
 * The EventBridge event pattern language, compiled into a predicate. The local bus uses it
 * to pick the manifest subscriptions an event goes to, so a rule behaves on a laptop as it
 * does on AWS: exact values, prefix, suffix, wildcard, anything-but, numeric ranges, exists,
 * equals-ignore-case, $or, nested objects, and array fields (any element may match).
 *
 * Left out on purpose: `cidr` (no Parley event carries an IP address). An unknown operator
 * throws at compile time, so a bad pattern fails at start, not silently at delivery.
 */

type Leaf = string | number | boolean | null;
export type EventPattern = { readonly [key: string]: unknown };
export type PatternPredicate = (event: unknown) => boolean;
type ValueTest = (value: Leaf) => boolean;

const NUMERIC_OPERATORS = ['<', '<=', '=', '>', '>='] as const;
type NumericOperator = (typeof NUMERIC_OPERATORS)[number];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLeaf(value: unknown): value is Leaf {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function fail(message: string): never {
  throw new Error(`Invalid event pattern: ${message}`);
}

function asString(operand: unknown, operator: string): string {
  return typeof operand === 'string' ? operand : fail(`"${operator}" needs a string`);
}

/** `{prefix: "a"}` or `{prefix: {"equals-ignore-case": "a"}}` (and the same for suffix). */
function affixTest(operand: unknown, operator: 'prefix' | 'suffix'): ValueTest {
  const ignoreCase = isObject(operand) && 'equals-ignore-case' in operand;
  const raw = asString(ignoreCase ? operand['equals-ignore-case'] : operand, operator);
  const wanted = ignoreCase ? raw.toLowerCase() : raw;
  return (value) => {
    if (typeof value !== 'string') return false;
    const actual = ignoreCase ? value.toLowerCase() : value;
    return operator === 'prefix' ? actual.startsWith(wanted) : actual.endsWith(wanted);
  };
}

function wildcardTest(operand: unknown): ValueTest {
  const source = asString(operand, 'wildcard');
  // `\*` is a literal star; every other `*` matches any run of characters.
  const parts = source.split(/(?<!\\)\*/).map((part) => part.replace(/\\\*/g, '*').replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const regex = new RegExp(`^${parts.join('.*')}$`, 's');
  return (value) => typeof value === 'string' && regex.test(value);
}

function numericTest(operand: unknown): ValueTest {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0) fail('"numeric" needs operator/number pairs');
  const checks: ((n: number) => boolean)[] = [];
  for (let i = 0; i < operand.length; i += 2) {
    const operator = operand[i] as NumericOperator;
    const bound = operand[i + 1];
    if (!NUMERIC_OPERATORS.includes(operator) || typeof bound !== 'number') fail(`bad numeric pair ${JSON.stringify([operator, bound])}`);
    checks.push(compareWith(operator, bound));
  }
  return (value) => typeof value === 'number' && checks.every((check) => check(value));
}

function compareWith(operator: NumericOperator, bound: number): (n: number) => boolean {
  switch (operator) {
    case '<':
      return (n) => n < bound;
    case '<=':
      return (n) => n <= bound;
    case '=':
      return (n) => n === bound;
    case '>':
      return (n) => n > bound;
    case '>=':
      return (n) => n >= bound;
  }
}

function equalsIgnoreCaseTest(operand: unknown): ValueTest {
  const wanted = asString(operand, 'equals-ignore-case').toLowerCase();
  return (value) => typeof value === 'string' && value.toLowerCase() === wanted;
}

/** anything-but: a value, a list of values, or a prefix/suffix/wildcard/equals-ignore-case to exclude. */
function anythingButTest(operand: unknown): ValueTest {
  if (isObject(operand)) {
    const excluded = operatorTest(operand);
    return (value) => !excluded(value);
  }
  const values = Array.isArray(operand) ? operand : [operand];
  if (!values.every(isLeaf)) fail('"anything-but" needs values or one operator');
  return (value) => !values.some((excluded) => excluded === value);
}

/** One content-filter object such as `{prefix: "x"}`, as a test on a single leaf value. */
function operatorTest(matcher: Record<string, unknown>): ValueTest {
  const entries = Object.entries(matcher);
  if (entries.length !== 1) fail(`a matcher object has exactly one operator, got ${JSON.stringify(matcher)}`);
  const [operator, operand] = entries[0] as [string, unknown];
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return affixTest(operand, operator);
    case 'wildcard':
      return wildcardTest(operand);
    case 'numeric':
      return numericTest(operand);
    case 'equals-ignore-case':
      return equalsIgnoreCaseTest(operand);
    case 'anything-but':
      return anythingButTest(operand);
    default:
      return fail(`unknown operator "${operator}"`);
  }
}

/** The leaves a field holds: the value itself, or each element when it is an array. */
function leaves(value: unknown): Leaf[] {
  const items = Array.isArray(value) ? value : [value];
  return items.filter(isLeaf);
}

/** A field's list of matchers: the field matches when any matcher matches. */
function compileField(matchers: readonly unknown[]): (value: unknown) => boolean {
  const tests = matchers.map((matcher): ((value: unknown) => boolean) => {
    if (isObject(matcher) && 'exists' in matcher) {
      const wanted = matcher.exists;
      if (typeof wanted !== 'boolean') fail('"exists" needs true or false');
      // EventBridge's exists only looks at leaves: an object-valued field does not "exist".
      return (value) => (value !== undefined && leaves(value).length > 0) === wanted;
    }
    const test: ValueTest = isObject(matcher)
      ? operatorTest(matcher)
      : isLeaf(matcher)
        ? (value) => value === matcher
        : fail(`unsupported matcher ${JSON.stringify(matcher)}`);
    return (value) => value !== undefined && leaves(value).some(test);
  });
  return (value) => tests.some((test) => test(value));
}

/**
 * Compiles a pattern into a predicate over an event (an EventBridge envelope).
 * @throws Error naming the problem when the pattern is not valid.
 */
export function compilePattern(pattern: EventPattern): PatternPredicate {
  const checks = Object.entries(pattern).map(([key, rule]): PatternPredicate => {
    if (key === '$or') {
      if (!Array.isArray(rule) || rule.length < 2) fail('"$or" needs at least two patterns');
      const alternatives = rule.map((alternative) => (isObject(alternative) ? compilePattern(alternative) : fail('"$or" holds patterns')));
      return (event) => alternatives.some((alternative) => alternative(event));
    }
    if (Array.isArray(rule)) {
      if (rule.length === 0) fail(`"${key}" has an empty list of matchers`);
      const field = compileField(rule);
      return (event) => field(isObject(event) ? event[key] : undefined);
    }
    if (isObject(rule)) {
      const nested = compilePattern(rule);
      return (event) => isObject(event) && isObject(event[key]) && nested(event[key]);
    }
    return fail(`"${key}" must be a list of matchers or a nested pattern`);
  });
  return (event) => checks.every((check) => check(event));
}

