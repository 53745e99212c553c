/**
 * What every fuzz test shares: the run count, hostile input generators, and the checks that
 * make a reply "structured". Frames are built as JSON *text*, so keys such as `__proto__` reach
 * the handler exactly as a client could send them (an object literal would drop or reinterpret them).
 */
import fc from 'fast-check';
import type { ErrorCode } from '../../../functions/contracts/frames';
import type { TestDeps } from '../functions/fakes';

/** Cases per route: 200 in `npm test`; `FUZZ_RUNS=10000 npx vitest run test/unit/fuzz` for a long run. */
export const FUZZ_RUNS = runsFrom(process.env.FUZZ_RUNS);

export function runsFrom(value: string | undefined): number {
  const runs = Number(value ?? 200);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`FUZZ_RUNS must be a positive integer, got "${value}"`);
  return runs;
}

/** A generous per-test timeout for the long run (the default 5 s suits the default count). */
export const FUZZ_TIMEOUT_MS = Math.max(5_000, FUZZ_RUNS * 20);

/** Every code the protocol allows; a Record so the compiler notices a code added to ErrorCode. */
const CODES: Record<ErrorCode, true> = {
  bad_request: true,
  frame_too_large: true,
  unauthorized: true,
  forbidden: true,
  not_found: true,
  conflict: true,
  rate_limited: true,
  blocked: true,
  internal: true,
};
export const ERROR_CODES = Object.keys(CODES) as ErrorCode[];

/** Keys that attack object handling rather than the schema. */
export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'] as const;

const hugeString = fc.constantFrom('x'.repeat(4_001), 'é'.repeat(17_000), '😀'.repeat(9_000), 'a'.repeat(33 * 1024));

/** Strings a client could send: short, unicode (any code point), huge, lone surrogates, ids that look real. */
export const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.constantFrom('c1', 'c2', 'v1', 'a1', 'm1', '', ' ', '\u0000', '\ud800', '__proto__', 'constructor'),
  hugeString,
);

/** Any JSON value, plus the strings above in every position. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 3 }), anyString, fc.constantFrom(null, true, 0, -1, 1e308, 4.5, []));

/** JSON text of an object with these entries, duplicates and hostile keys kept verbatim. */
export function objectText(entries: readonly (readonly [string, unknown])[]): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`;
}

/** Extra entries a frame may carry: random keys and the hostile ones, with any values. */
export const extraEntries = fc.array(fc.tuple(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...HOSTILE_KEYS)), anyValue), { maxLength: 4 });

/** The requestId a reply must echo: the frame's own when the body is JSON carrying a string one. */
export function echoedRequestId(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || !Object.hasOwn(parsed, 'requestId')) return null;
    const id = (parsed as { requestId?: unknown }).requestId;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/** Everything a handler may change, as plain data to compare before and after. */
export function stateOf(deps: TestDeps): unknown {
  const { store, publisher } = deps;
  const entries = <K, V>(map: Map<K, V>) => [...map.entries()];
  return structuredClone({
    chats: entries(store.chats),
    messages: entries(store.messages),
    starts: entries(store.starts),
    visitors: entries(store.visitors),
    agents: entries(store.agents),
    agentChats: entries(store.agentChats).map(([id, set]) => [id, [...set]]),
    connections: entries(store.connections),
    metrics: entries(store.metrics),
    canned: entries(store.canned).map(([owner, map]) => [owner, entries(map)]),
    usedTags: [...store.usedTags],
    feedback: entries(store.feedback),
    converted: entries(store.converted),
    tickets: entries(store.tickets),
    teamFeedback: entries(store.teamFeedback),
    events: publisher.events,
  });
}

/** No input may add a property every object inherits. */
export function prototypeIsClean(): boolean {
  return Object.getOwnPropertyNames(Object.prototype).every((name) => BUILTIN_OBJECT_KEYS.has(name));
}
const BUILTIN_OBJECT_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));
