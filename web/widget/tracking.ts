/**
 * Visits and conversions from the widget (issue #5). A visit is counted once per page load
 * (POST /visits with a fresh loadId); `firstOfDay` comes from the frame's own storage (the UTC
 * day last counted), so unique visitors are counted without cookies. A conversion
 * (`Parley.trackConversion(value, { id?, currency? })`) is checked before anything is sent and
 * POSTed to /conversions with its id (the site's, or one generated here), retried with that same
 * id so at-least-once delivery still counts it once.
 */
import type { KeyValueStore } from '../shared/storage';

/** The UTC day (YYYY-MM-DD) of the last load that was counted as the visitor's first of the day. */
export const VISIT_DAY_KEY = 'parley.visitDay';

export const utcDay = (now: number): string => new Date(now).toISOString().slice(0, 10);

/** True when no load of this visitor has been counted yet on the UTC day of `now`. */
export const isFirstOfDay = (store: KeyValueStore, now: number): boolean => store.get<string>(VISIT_DAY_KEY) !== utcDay(now);

/** Marks the UTC day of `now` as counted (once the server has taken the visit). */
export const markCounted = (store: KeyValueStore, now: number): void => store.set(VISIT_DAY_KEY, utcDay(now));

export interface ConversionOptions {
  /** The site's id for the conversion (an order number): the same id counts once. */
  id?: string;
  /** ISO 4217 code, three capital letters (EUR). */
  currency?: string;
}

/** What is wrong with a conversion the site reports, or undefined when it can be sent. */
export function conversionProblem(value: unknown, options?: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'value must be a finite number';
  if (value < 0) return 'value must not be negative';
  if (value > 1e9) return 'value must be at most 1000000000';
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) return 'options must be an object like { id, currency }';
  const { id, currency } = options as Record<string, unknown>;
  if (id !== undefined && (typeof id !== 'string' || id.length < 1 || id.length > 128)) return 'id must be a string of 1 to 128 characters';
  if (currency !== undefined && (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency))) return 'currency must be a 3-letter ISO 4217 code like EUR';
  return undefined;
}

/** Calls until the server answers with anything but a 5xx/429 (a network error counts as no answer); gives up after `attempts`. */
export async function withRetry(call: () => Promise<Response>, wait: (ms: number) => Promise<void>, attempts = 5): Promise<Response> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await wait(500 * 2 ** (i - 1));
    try {
      const response = await call();
      if (response.status < 500 && response.status !== 429) return response;
      last = new Error(`HTTP ${response.status}`);
    } catch (error) {
      last = error;
    }
  }
  throw last instanceof Error ? last : new Error('request failed');
}
