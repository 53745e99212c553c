/**
 * Business hours: is a department open at an instant, and when does a span of open time end.
 * Pure (the clock is passed in). Hours are wall-clock intervals in the department's IANA time
 * zone, so a daylight-saving change moves the instants, not the opening times: 09:00–17:00 is
 * 09:00–17:00 local on both sides of the change. Time zone arithmetic uses the platform's
 * Intl data; no library.
 *
 * Left out on purpose: intervals that cross midnight (write ["22:00","24:00"] and ["00:00",
 * "02:00"] on the next day), and recurring holidays (list each date).
 */
import type { BusinessHours, Weekday } from '../contracts/config';

/** Indexed like Date#getUTCDay. */
const DAY_NAMES: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const DAY_MS = 86_400_000;
/** Bound on the search for open time (ten years of holidays would be needed to reach it). */
const MAX_DAYS = 3_660;

interface LocalTime {
  /** YYYY-MM-DD in the zone */
  date: string;
  weekday: number;
  /** ms since local midnight */
  msOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's wall clock at `atMs`, read as if it were UTC (epoch ms, whole seconds). */
function wallClockAsUtc(timeZone: string, atMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(atMs)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
}

/** The zone's offset from UTC at `atMs`, in ms (positive east of Greenwich). */
function offsetMs(timeZone: string, atMs: number): number {
  const wholeSeconds = Math.floor(atMs / 1000) * 1000;
  return wallClockAsUtc(timeZone, wholeSeconds) - wholeSeconds;
}

function localTime(timeZone: string, atMs: number): LocalTime {
  const wall = atMs + offsetMs(timeZone, atMs);
  const midnight = Math.floor(wall / DAY_MS) * DAY_MS;
  return { date: new Date(midnight).toISOString().slice(0, 10), weekday: new Date(midnight).getUTCDay(), msOfDay: wall - midnight };
}

/**
 * The instant a wall-clock time (`wallMs`: the local time read as UTC) happens in the zone.
 * A time a fall-back repeats is its first occurrence; a time a spring-forward skips is read
 * with the offset before the change (03:30 on a day that jumps from 03:00 to 04:00 is 04:30).
 */
function instantOf(timeZone: string, wallMs: number): number {
  // The offsets a day either side: a zone changes its offset at most once in two days.
  const before = offsetMs(timeZone, wallMs - DAY_MS);
  const after = offsetMs(timeZone, wallMs + DAY_MS);
  const valid = [wallMs - before, wallMs - after].filter((t) => offsetMs(timeZone, t) === wallMs - t);
  return valid.length > 0 ? Math.min(...valid) : wallMs - before;
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function intervalsOf(hours: BusinessHours, weekday: number): [number, number][] {
  const day = hours.weekly[DAY_NAMES[weekday] ?? 'sun'] ?? [];
  return day.map(([open, close]): [number, number] => [minutes(open) * 60_000, minutes(close) * 60_000]).sort((a, b) => a[0] - b[0]);
}

/** Whether the hours open at all in a week (a department may be configured as never open). */
export function opensWeekly(hours: BusinessHours): boolean {
  return Object.values(hours.weekly).some((day) => day !== undefined && day.length > 0);
}

/** Whether the department is open at `atMs`. No hours = always open. */
export function isWithinHours(hours: BusinessHours | undefined, atMs: number): boolean {
  if (!hours) return true;
  const local = localTime(hours.timezone, atMs);
  if (hours.holidays?.includes(local.date)) return false;
  return intervalsOf(hours, local.weekday).some(([open, close]) => local.msOfDay >= open && local.msOfDay < close);
}

/**
 * The instant at which `seconds` of open time have passed since `fromMs` (time outside the
 * hours does not count). No hours = plain elapsed time. A request made while closed starts
 * counting at the next opening.
 */
export function addBusinessSeconds(hours: BusinessHours | undefined, fromMs: number, seconds: number): number {
  if (!hours) return fromMs + seconds * 1000;
  if (!opensWeekly(hours)) throw new RangeError('addBusinessSeconds: these hours never open');
  let remaining = seconds * 1000;
  const firstMidnight = Math.floor((fromMs + offsetMs(hours.timezone, fromMs)) / DAY_MS) * DAY_MS;
  for (let day = 0; day < MAX_DAYS; day++) {
    const midnight = firstMidnight + day * DAY_MS;
    const date = new Date(midnight);
    if (hours.holidays?.includes(date.toISOString().slice(0, 10))) continue;
    for (const [open, close] of intervalsOf(hours, date.getUTCDay())) {
      const end = instantOf(hours.timezone, midnight + close);
      if (end <= fromMs) continue;
      const start = Math.max(fromMs, instantOf(hours.timezone, midnight + open));
      if (remaining <= end - start) return start + remaining;
      remaining -= end - start;
    }
  }
  throw new RangeError(`addBusinessSeconds: no open time within ${MAX_DAYS} days`);
}
