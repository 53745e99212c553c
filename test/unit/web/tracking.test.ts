import { describe, expect, it } from 'vitest';
import { createStore } from '../../../web/shared/storage';
import { conversionProblem, isFirstOfDay, markCounted, utcDay, VISIT_DAY_KEY, withRetry } from '../../../web/widget/tracking';
import { createHostChannel, type ReceivedMessage } from '../../../web/widget/host-channel';

function memoryStore() {
  return createStore((): Storage => {
    throw new Error('no storage in this test');
  });
}

// 2026-11-21T23:59:59.000Z and one second later, the next UTC day.
const LATE = Date.UTC(2026, 10, 21, 23, 59, 59);
const NEXT_DAY = LATE + 1000;

describe('widget visits: first load of the UTC day', () => {
  it('is the first of the day until a load that day has been counted', () => {
    const store = memoryStore();
    expect(isFirstOfDay(store, LATE)).toBe(true);
    expect(isFirstOfDay(store, LATE)).toBe(true); // asking does not count it

    markCounted(store, LATE);

    expect(store.get(VISIT_DAY_KEY)).toBe('2026-11-21');
    expect(isFirstOfDay(store, LATE - 12 * 3600_000)).toBe(false);
  });

  it('starts over at UTC midnight, whatever the local clock says', () => {
    const store = memoryStore();
    markCounted(store, LATE);

    expect(utcDay(NEXT_DAY)).toBe('2026-11-22');
    expect(isFirstOfDay(store, NEXT_DAY)).toBe(true);
  });

  it('treats a stored day from an older widget version (not a date string) as not counted', () => {
    const store = memoryStore();
    store.set(VISIT_DAY_KEY, 42);
    expect(isFirstOfDay(store, LATE)).toBe(true);
  });
});

describe('Parley.trackConversion input', () => {
  it.each([
    { value: 49.9, options: undefined },
    { value: 0, options: { currency: 'EUR' } },
    { value: 10, options: { id: 'order-1042' } },
  ])('accepts $value with $options', ({ value, options }) => {
    expect(conversionProblem(value, options)).toBeUndefined();
  });

  it.each([
    { value: -1, options: undefined, problem: 'value must not be negative' },
    { value: Number.NaN, options: undefined, problem: 'value must be a finite number' },
    { value: Number.POSITIVE_INFINITY, options: undefined, problem: 'value must be a finite number' },
    { value: '49.9', options: undefined, problem: 'value must be a finite number' },
    { value: 2e9, options: undefined, problem: 'value must be at most 1000000000' },
    { value: 5, options: { currency: 'eur' }, problem: 'currency must be a 3-letter ISO 4217 code like EUR' },
    { value: 5, options: { currency: 'EURO' }, problem: 'currency must be a 3-letter ISO 4217 code like EUR' },
    { value: 5, options: { id: '' }, problem: 'id must be a string of 1 to 128 characters' },
    { value: 5, options: 'EUR', problem: 'options must be an object like { id, currency }' },
  ])('refuses $value with $options: $problem', ({ value, options, problem }) => {
    expect(conversionProblem(value, options)).toBe(problem);
  });
});

describe('tracking requests', () => {
  const noWait = async () => undefined;

  it('retries network errors and 5xx answers, then returns the first real answer', async () => {
    const answers: Array<Response | Error> = [new Error('offline'), new Response('', { status: 503 }), new Response('{}', { status: 202 })];
    let calls = 0;
    const response = await withRetry(async () => {
      const next = answers[calls++];
      if (next instanceof Error) throw next;
      return next as Response;
    }, noWait);
    expect(response.status).toBe(202);
    expect(calls).toBe(3);
  });

  it('does not retry a refusal (4xx) and gives up after the last attempt', async () => {
    let calls = 0;
    expect((await withRetry(async () => (calls++, new Response('', { status: 400 })), noWait)).status).toBe(400);
    expect(calls).toBe(1);
    await expect(withRetry(async () => new Response('', { status: 500 }), noWait, 3)).rejects.toThrow('HTTP 500');
  });
});

describe('host channel conversions', () => {
  it('passes a conversion from the host page on, and ignores one from another origin', () => {
    const parent = { postMessage: () => undefined };
    let listener: ((event: ReceivedMessage) => void) | undefined;
    const channel = createHostChannel({
      location: { hash: `#host=${encodeURIComponent('https://shop.example')}` },
      parent,
      document: { referrer: '' },
      navigator: { language: 'en' },
      addEventListener: (_type, fn) => (listener = fn),
    });
    const seen: unknown[] = [];
    channel.onConversion((c) => seen.push(c));

    listener?.({ origin: 'https://evil.example', source: parent, data: { type: 'parley:conversion', value: 1 } });
    listener?.({ origin: 'https://shop.example', source: parent, data: { type: 'parley:conversion', value: 49.9, currency: 'EUR' } });

    expect(seen).toEqual([{ value: 49.9, currency: 'EUR' }]);
  });
});
