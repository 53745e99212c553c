/** The dashboard's query (range, grouping, one filter, leaderboard order) as GET /reports parameters. */

export type Grouping = 'hour' | 'day' | 'week';
export type Sort = 'resolved' | 'chatsTaken' | 'csatAvg' | 'frtAvgSeconds';
export type RangeKind = 'today' | '7d' | '30d' | 'custom';

export interface Query {
  readonly from: string;
  readonly to: string;
  readonly grouping: Grouping;
  /** `agent:<id>`, `department:<id>`, `tag:<key>` or '' for everyone */
  readonly filter: string;
  readonly sort: Sort;
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The from/to days of a preset range ending today (UTC, as the reports count days). */
export function rangeOf(kind: Exclude<RangeKind, 'custom'>, now: number): { from: string; to: string } {
  const back = kind === 'today' ? 0 : kind === '7d' ? 6 : 29;
  return { from: isoDay(now - back * DAY_MS), to: isoDay(now) };
}

/** The GET /reports query string for one report. */
export function reportParams(query: Query, report: string, format: 'json' | 'csv' = 'json'): URLSearchParams {
  const params = new URLSearchParams({ report, from: query.from, to: query.to, grouping: query.grouping, sort: query.sort, format });
  const [kind, ...rest] = query.filter.split(':');
  if (kind && rest.length > 0) params.set(kind, rest.join(':'));
  return params;
}

