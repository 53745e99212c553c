/** Small display helpers shared by the console and the widget. */

const clocks = new Map<string, Intl.DateTimeFormat>();

/** "14.05" in Finnish, "14:05" in Russian, "02:05 PM" in US English: the time of day in `locale` (the browser's when absent). */
export function clockTime(epochMs: number, locale?: string): string {
  const key = locale ?? '';
  let format = clocks.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    clocks.set(key, format);
  }
  return format.format(epochMs);
}

/** The console's date and time of a record (a ticket, feedback, an erasure): "Nov 22, 2026, 12:10 PM". */
let dateTimes: Intl.DateTimeFormat | undefined;
export function dateTime(epochMs: number): string {
  dateTimes ??= new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
  return dateTimes.format(epochMs);
}

/** "45s", "3m", "1h 05m": compact enough for a badge. */
export function shortDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
}
