/**
 * GET /reports: the metrics of docs/metrics.md over a date range, read from rollups (never the
 * chats). Agents see their own numbers; supervisors and admins
 * everyone's. Each report is also a flat table, so any of them can be downloaded as CSV.
 */
import type { Role } from '../contracts/frames';
import type { ReportQuery } from '../contracts/reports';
import { BadRequestError, ForbiddenError } from '../domain/errors';
import { type Counters, type Dim, sumCounters } from '../domain/metrics';
import { AGENT_COUNTERS, agentRow, BREAKDOWN_COUNTERS, breakdownRow, type Grouping, groupRows, leaderboard, perValue, type RollupRow, SERIES_COUNTERS, seriesPoint, summarize, summaryLines, weekOf } from '../domain/reports';
import type { MetricStore } from './ports';

export interface ReportCaller {
  role: Role;
  userId: string;
}

export interface ReportResult {
  body: Record<string, unknown>;
  /** The same data as CSV rows. */
  table: Record<string, unknown>[];
}

const DAY_MS = 86_400_000;
export const MAX_RANGE_DAYS = 366;

/** Every bucket of the range in order, so charts show empty hours and days as zero. */
export function bucketsInRange(from: string, to: string, grouping: Grouping): string[] {
  const out: string[] = [];
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`) + DAY_MS;
  if (grouping === 'hour') for (let t = start; t < end; t += 3_600_000) out.push(new Date(t).toISOString().slice(0, 13));
  else if (grouping === 'day') for (let t = start; t < end; t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  else for (let w = weekOf(from); w <= to; w = new Date(Date.parse(`${w}T00:00:00Z`) + 7 * DAY_MS).toISOString().slice(0, 10)) out.push(w);
  return out;
}

/** The scope a query reads: the caller's own numbers for an agent, else the filter asked for. */
function scopeOf(caller: ReportCaller, query: ReportQuery): { dim: Dim; value?: string } {
  if (caller.role === 'visitor') throw new ForbiddenError('Reports are for staff only', 'report');
  if (caller.role === 'agent') {
    if ((query.agent && query.agent !== caller.userId) || query.department || query.tag) throw new ForbiddenError('Agents see their own numbers only', 'agent');
    if (query.report === 'tags' || query.report === 'departments') throw new ForbiddenError('Agents see their own numbers only', 'report');
    return { dim: 'AGENT', value: caller.userId };
  }
  if (query.agent) return { dim: 'AGENT', value: query.agent };
  if (query.department) return { dim: 'DEPT', value: query.department };
  if (query.tag) return { dim: 'TAG', value: query.tag };
  return { dim: 'ALL' };
}

function checkRange(query: ReportQuery, dim: Dim): void {
  const days = (Date.parse(`${query.to}T00:00:00Z`) - Date.parse(`${query.from}T00:00:00Z`)) / DAY_MS + 1;
  if (days > MAX_RANGE_DAYS) throw new BadRequestError(`from/to: at most ${MAX_RANGE_DAYS} days at a time`, 'to');
  if (query.grouping === 'hour' && dim !== 'ALL') throw new BadRequestError('grouping: hourly numbers are kept for the whole team; use day or week with a filter', 'grouping');
}

/** Every UTC day of [from, to]. */
function daysOf(from: string, to: string): string[] {
  return bucketsInRange(from, to, 'day');
}

type ReportStore = Pick<MetricStore, 'readRollups' | 'agentNames'>;

/**
 * Reads O(hours) items for the team (its hourly rows: a day's figures are its hours summed),
 * O(days) for one agent, department or tag (its rows by key), O(agents × days) only for the
 * agent report and O(tags × days) for the tag table, each with only the counters the report uses.
 */
export async function runReport(store: ReportStore, caller: ReportCaller, query: ReportQuery): Promise<ReportResult> {
  const scope = scopeOf(caller, query);
  checkRange(query, scope.dim);
  const days = daysOf(query.from, query.to);
  /** The scope's rows: the team's hours, or one value's days by key. */
  const readScope = (counters?: readonly string[]): Promise<RollupRow[]> =>
    scope.value === undefined ? store.readRollups('ALL', query.from, query.to, counters ? { counters } : {}) : store.readRollups(scope.dim, query.from, query.to, { value: scope.value, days, ...(counters ? { counters } : {}) });
  const meta = { from: query.from, to: query.to, ...(scope.value ? { [scope.dim.toLowerCase()]: scope.value } : {}) };
  switch (query.report) {
    case 'summary': {
      // The team: its hours, and each day's agents with chats (a set per day) for chats per agent.
      const [rows, days] = await Promise.all([readScope(), scope.dim === 'ALL' ? store.readRollups('DAY', query.from, query.to, { counters: ['agentsAssigned'] }) : undefined]);
      const agentsWithChats = days ? new Set(days.flatMap((r) => r.members?.agentsAssigned ?? [])).size : undefined;
      const summary = summarize(sumCounters(...rows.map((r) => r.counters)), agentsWithChats);
      return { body: { ...meta, summary }, table: summaryLines(summary) };
    }
    case 'series': {
      const rows = await readScope(SERIES_COUNTERS);
      const grouped = new Map(groupRows(rows, query.grouping).map((g) => [g.bucket, g.counters]));
      const series = bucketsInRange(query.from, query.to, query.grouping).map((bucket) => seriesPoint(bucket, grouped.get(bucket) ?? {}));
      return { body: { ...meta, grouping: query.grouping, series }, table: series };
    }
    case 'agents': {
      const rows = scope.dim === 'AGENT' ? await readScope(AGENT_COUNTERS) : await store.readRollups('AGENT', query.from, query.to, { counters: AGENT_COUNTERS });
      const perAgent = perValue(rows);
      const names = await store.agentNames([...perAgent.keys()]);
      const agents = leaderboard([...perAgent].map(([agentId, c]) => agentRow(agentId, c, names.get(agentId))), query.sort);
      // CSV: the badges as one cell, space-separated.
      return { body: { ...meta, sort: query.sort, agents }, table: agents.map((a) => ({ ...a, badges: a.badges.join(' ') })) };
    }
    case 'tags':
    case 'departments': {
      const dim = query.report === 'tags' ? 'TAG' : 'DEPT';
      const [rows, all] = await Promise.all([store.readRollups(dim, query.from, query.to, { counters: BREAKDOWN_COUNTERS }), store.readRollups('ALL', query.from, query.to, { counters: ['closed'] })]);
      const allClosed = sumCounters(...all.map((r) => r.counters)).closed ?? 0;
      const table = [...perValue(rows)].map(([key, c]: [string, Counters]) => breakdownRow(key, c, allClosed)).sort((a, b) => b.closed - a.closed || a.key.localeCompare(b.key));
      return { body: { ...meta, [query.report]: table }, table };
    }
  }
}
