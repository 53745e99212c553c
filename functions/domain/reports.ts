/**
 * Reports from rollup rows: the fifteen metrics of docs/metrics.md with their KPIs, a time series
 * grouped by hour, day or ISO week, the agent performance report (and its leaderboard), tag and
 * department tables, and CSV for each. Pure: rows in, numbers out. Medians and p90s are read from
 * the duration histograms (the bound of the bucket holding the rank), averages from exact sums.
 */
import { badgesOf } from './badges';
import { OUTCOMES } from '../contracts/frames';
import { type Counters, type Dim, DURATION_BOUNDS_S, mondayOf, sumCounters } from './metrics';

export interface RollupRow {
  dim: Dim;
  value: string;
  bucket: string;
  counters: Counters;
  /** String sets (DAY: `agentsAssigned`). */
  members?: Record<string, string[]>;
}

export type Grouping = 'hour' | 'day' | 'week';

const round1 = (n: number): number => Math.round(n * 10) / 10;
/** a / b rounded to 0.1, or null when there is nothing to divide by. */
const ratio = (a: number, b: number, scale = 1): number | null => (b > 0 ? round1((a * scale) / b) : null);
const pct = (a: number, b: number): number | null => ratio(a, b, 100);

/** The rank-th smallest duration's bucket bound, in seconds (rank = ceil(q · n)). */
export function histQuantile(c: Counters, prefix: string, q: number): number | null {
  const counts = DURATION_BOUNDS_S.map((_, i) => c[`${prefix}.h${i}`] ?? 0);
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (const [i, count] of counts.entries()) {
    seen += count;
    if (seen >= rank) return DURATION_BOUNDS_S[i] ?? null;
  }
  return null;
}

export interface Durations {
  count: number;
  avgSeconds: number | null;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

function durations(c: Counters, prefix: string, count: number, sumMs: number): Durations {
  return { count, avgSeconds: ratio(sumMs, count * 1000), medianSeconds: histQuantile(c, prefix, 0.5), p90Seconds: histQuantile(c, prefix, 0.9) };
}

/** Counters whose names share `prefix.` as a map (`missed.no-agents` → { 'no-agents': n }). */
function byKey(c: Counters, prefix: string): Record<string, number> {
  return Object.fromEntries(Object.entries(c).filter(([k]) => k.startsWith(`${prefix}.`)).map(([k, v]) => [k.slice(prefix.length + 1), v]));
}

const n = (c: Counters, key: string): number => c[key] ?? 0;

function score(c: Counters, prefix: string) {
  const count = n(c, `${prefix}Count`);
  return { count, avg: ratio(n(c, `${prefix}Sum`), count), positivePct: pct(n(c, `${prefix}Positive`), count), negative: n(c, `${prefix}Negative`), negativePct: pct(n(c, `${prefix}Negative`), count) };
}

/** The fifteen metrics (and the agent report's ratings, pickup time and SLA breaches) from summed counters. */
export function summarize(c: Counters, agentsWithChats?: number) {
  const closed = n(c, 'closed');
  const msgChats = n(c, 'msgChats');
  const onlineMs = n(c, 'onlineMs');
  const nps = n(c, 'npsCount');
  return {
    totalChats: { chats: n(c, 'chats'), proactive: n(c, 'chatsProactive'), reactive: n(c, 'chatsReactive'), assigned: n(c, 'assigned'), closed, chatsPerAgent: agentsWithChats === undefined ? null : ratio(n(c, 'assigned'), agentsWithChats) },
    firstResponse: { ...durations(c, 'frt', n(c, 'frtCount'), n(c, 'frtSumMs')), withinTargetPct: pct(n(c, 'frtWithinTarget'), n(c, 'frtCount')) },
    missed: { missed: n(c, 'missed'), missedPct: pct(n(c, 'missed'), n(c, 'chats')), byReason: byKey(c, 'missed'), offersMissed: n(c, 'offersMissed'), offersDeclined: n(c, 'offersDeclined') },
    messagesPerChat: {
      chats: msgChats,
      avg: ratio(n(c, 'msgSum'), msgChats),
      avgVisitor: ratio(n(c, 'msgVisitor'), msgChats),
      avgAgent: ratio(n(c, 'msgAgent'), msgChats),
      shortPct: pct(n(c, 'msgShort'), msgChats),
      longPct: pct(n(c, 'msgLong'), msgChats),
      byOutcome: Object.fromEntries([...OUTCOMES, 'none'].map((o) => [o, ratio(n(c, `msgSum.${o}`), n(c, `msgChats.${o}`))])),
    },
    tags: { tagged: n(c, 'tagged'), taggedPct: pct(n(c, 'tagged'), closed), tagsPerChat: ratio(n(c, 'tagsSum'), closed) },
    handleTime: { ...durations(c, 'handle', n(c, 'handleCount'), n(c, 'handleSumMs')), transfers: n(c, 'transfers'), transferRatePct: pct(n(c, 'closedTransferred'), closed) },
    canned: { chatsUsing: n(c, 'cannedChats'), chatsUsingPct: pct(n(c, 'cannedChats'), n(c, 'cannedCounted')), perChat: ratio(n(c, 'cannedSum'), n(c, 'cannedCounted')) },
    conversion: {
      conversions: n(c, 'conversions'),
      value: round1(n(c, 'conversionValue')),
      attributed: n(c, 'conversionsAttributed'),
      convertedChats: n(c, 'convertedChats'),
      ratePct: pct(n(c, 'convertedChats'), n(c, 'assigned')),
      // Per path: proactive (the site or an agent invited the visitor) and reactive (the visitor asked).
      proactive: n(c, 'conversionsProactive'),
      reactive: n(c, 'conversionsReactive'),
      proactiveValue: round1(n(c, 'conversionValueProactive')),
      reactiveValue: round1(n(c, 'conversionValueReactive')),
      proactivePer100: pct(n(c, 'conversionsProactive'), n(c, 'chatsProactive')),
      reactivePer100: pct(n(c, 'conversionsReactive'), n(c, 'chatsReactive')),
      proactiveRatePct: pct(n(c, 'convertedChatsProactive'), n(c, 'chatsProactive')),
      reactiveRatePct: pct(n(c, 'convertedChatsReactive'), n(c, 'chatsReactive')),
    },
    fcr: {
      closed,
      resolved: n(c, 'closed.resolved'),
      escalated: n(c, 'closed.escalated'),
      repeatContacts: n(c, 'repeatContacts'),
      firstContactResolved: n(c, 'fcr') - n(c, 'repeatContacts'),
      ratePct: pct(n(c, 'fcr') - n(c, 'repeatContacts'), closed),
    },
    csat: score(c, 'csat'),
    nps: { count: nps, promoters: n(c, 'npsPromoters'), passives: n(c, 'npsPassives'), detractors: n(c, 'npsDetractors'), score: nps > 0 ? round1(((n(c, 'npsPromoters') - n(c, 'npsDetractors')) * 100) / nps) : null },
    visitors: { visitors: n(c, 'visitors'), widgetLoads: n(c, 'widgetLoads'), chatRatePct: pct(n(c, 'chats'), n(c, 'visitors')) },
    tickets: {
      tickets: n(c, 'tickets'),
      byReason: byKey(c, 'tickets'),
      resolved: n(c, 'ticketsResolved'),
      reopened: n(c, 'ticketsReopened'),
      avgResolveHours: ratio(n(c, 'ticketResolveSumMs'), n(c, 'ticketsResolved') * 3_600_000),
    },
    ces: score(c, 'ces'),
    utilization: { onlineHours: round1(onlineMs / 3_600_000), busyHours: round1(n(c, 'busyMs') / 3_600_000), utilizationPct: pct(n(c, 'busyMs'), onlineMs), chatsPerOnlineHour: ratio(n(c, 'assigned') * 3_600_000, onlineMs) },
    ratings: score(c, 'rating'),
    pickup: durations(c, 'wait', n(c, 'assigned'), n(c, 'waitSumMs')),
    sla: { breaches: n(c, 'slaBreaches'), byTarget: byKey(c, 'slaBreaches') },
  };
}
export type MetricsSummary = ReturnType<typeof summarize>;

/** The Monday (UTC) of the ISO week holding `day` (yyyy-mm-dd). */
export const weekOf = mondayOf;

export function groupKey(bucket: string, grouping: Grouping): string {
  if (grouping === 'hour') return bucket;
  return grouping === 'day' ? bucket.slice(0, 10) : weekOf(bucket);
}

/** Rows summed per group, in time order. */
export function groupRows(rows: readonly RollupRow[], grouping: Grouping): { bucket: string; counters: Counters }[] {
  const groups = new Map<string, Counters[]>();
  for (const row of rows) {
    const key = groupKey(row.bucket, grouping);
    groups.set(key, [...(groups.get(key) ?? []), row.counters]);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([bucket, list]) => ({ bucket, counters: sumCounters(...list) }));
}

/** Rows summed per dimension value (agent, department, tag). */
export function perValue(rows: readonly RollupRow[]): Map<string, Counters> {
  const out = new Map<string, Counters>();
  for (const row of rows) out.set(row.value, sumCounters(out.get(row.value) ?? {}, row.counters));
  return out;
}

/** The headline numbers of a series point (the charts and the series CSV). */
export function seriesPoint(bucket: string, c: Counters) {
  const s = summarize(c);
  return {
    bucket,
    chats: s.totalChats.chats,
    proactive: s.totalChats.proactive,
    reactive: s.totalChats.reactive,
    missed: s.missed.missed,
    frtAvgSeconds: s.firstResponse.avgSeconds,
    frtMedianSeconds: s.firstResponse.medianSeconds,
    frtP90Seconds: s.firstResponse.p90Seconds,
    handleAvgSeconds: s.handleTime.avgSeconds,
    csatAvg: s.csat.avg,
    conversions: s.conversion.conversions,
    visitors: s.visitors.visitors,
    tickets: s.tickets.tickets,
    utilizationPct: s.utilization.utilizationPct,
  };
}
export type SeriesPoint = ReturnType<typeof seriesPoint>;

const FRT_HIST = DURATION_BOUNDS_S.map((_, i) => `frt.h${i}`);

/** The counters a series point reads (a report asks DynamoDB for these only). */
export const SERIES_COUNTERS = ['chats', 'chatsProactive', 'chatsReactive', 'missed', 'frtCount', 'frtSumMs', ...FRT_HIST, 'handleCount', 'handleSumMs', 'csatCount', 'csatSum', 'conversions', 'visitors', 'tickets', 'onlineMs', 'busyMs'] as const;

/** The counters an agent's line reads. */
export const AGENT_COUNTERS = [
  'assigned', 'takenByTransfer', 'closed', 'closed.resolved', 'offersMissed', 'waitSumMs', 'handleCount', 'handleSumMs', 'frtCount', 'frtSumMs', 'frtWithinTarget',
  'ratingCount', 'ratingPositive', 'ratingNegative', 'csatCount', 'csatSum', 'npsCount', 'npsPromoters', 'npsDetractors',
  'fcr', 'repeatContacts', 'conversions', 'onlineMs', 'busyMs',
] as const;

/**
 * One agent's line of the agent performance report. Chats taken: from the queue (`assigned`)
 * and by transfer (`takenByTransfer`); pickup time is over the first kind only (a transferred
 * chat's wait was someone else's).
 */
export function agentRow(agentId: string, c: Counters, agentName?: string) {
  const s = summarize(c);
  const taken = s.totalChats.assigned + n(c, 'takenByTransfer');
  return {
    agentId,
    agentName: agentName ?? agentId,
    chatsTaken: taken,
    takenByTransfer: n(c, 'takenByTransfer'),
    resolved: s.fcr.resolved,
    missed: s.missed.offersMissed,
    avgPickupSeconds: s.pickup.avgSeconds,
    avgChatSeconds: s.handleTime.avgSeconds,
    frtAvgSeconds: s.firstResponse.avgSeconds,
    positiveRatingPct: s.ratings.positivePct,
    negativeRatingPct: s.ratings.negativePct,
    csatAvg: s.csat.avg,
    npsScore: s.nps.score,
    fcrPct: s.fcr.ratePct,
    conversions: s.conversion.conversions,
    utilizationPct: s.utilization.utilizationPct,
    chatsPerOnlineHour: ratio(taken * 3_600_000, n(c, 'onlineMs')),
    badges: badgesOf(c),
  };
}
export type AgentRow = ReturnType<typeof agentRow>;

export const LEADERBOARD_KEYS = ['resolved', 'chatsTaken', 'csatAvg', 'frtAvgSeconds'] as const;
export type LeaderboardKey = (typeof LEADERBOARD_KEYS)[number];

/** Agents ranked by `by` (best first: most resolved / taken, highest CSAT, fastest first response; no value last), ties by id. */
export function leaderboard(rows: readonly AgentRow[], by: LeaderboardKey): (AgentRow & { rank: number })[] {
  const lowerIsBetter = by === 'frtAvgSeconds';
  const value = (r: AgentRow): number => r[by] ?? (lowerIsBetter ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY);
  const sorted = [...rows].sort((a, b) => (lowerIsBetter ? value(a) - value(b) : value(b) - value(a)) || a.agentId.localeCompare(b.agentId));
  return sorted.map((row, i) => ({ ...row, rank: i + 1 }));
}

/** The counters a tag's or department's line reads. */
export const BREAKDOWN_COUNTERS = ['chats', 'closed', 'msgChats', 'msgSum', 'handleCount', 'handleSumMs', 'fcr', 'repeatContacts', 'csatCount', 'csatSum', 'ratingCount', 'ratingSum'] as const;

/**
 * One tag's (or department's) line: volume, share and how its chats went. A department's chats
 * are the requests made to it; a tag's are the closed chats carrying it (a chat's tags are final
 * when it closes, and a chat counts once per tag however often it was tagged).
 */
export function breakdownRow(key: string, c: Counters, allClosed: number) {
  const s = summarize(c);
  return {
    key,
    chats: s.totalChats.chats,
    closed: s.totalChats.closed,
    sharePct: pct(s.totalChats.closed, allClosed),
    avgMessages: s.messagesPerChat.avg,
    handleAvgSeconds: s.handleTime.avgSeconds,
    fcrPct: s.fcr.ratePct,
    csatAvg: s.csat.avg,
    ratingAvg: s.ratings.avg,
  };
}
export type BreakdownRow = ReturnType<typeof breakdownRow>;

type Cell = string | number | boolean | null | undefined;

function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** RFC 4180 CSV of objects, one column per key of the first row (or `columns`). */
export function toCsv(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const lines = [cols.map(csvCell).join(','), ...rows.map((row) => cols.map((c) => csvCell(row[c] as Cell)).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** The summary as metric/KPI/value lines (its CSV form). */
export function summaryLines(summary: MetricsSummary): { metric: string; kpi: string; value: number | null }[] {
  const lines: { metric: string; kpi: string; value: number | null }[] = [];
  for (const [metric, kpis] of Object.entries(summary)) {
    for (const [kpi, value] of Object.entries(kpis)) {
      if (typeof value === 'number' || value === null) lines.push({ metric, kpi, value });
      else for (const [key, inner] of Object.entries(value as Record<string, number | null>)) lines.push({ metric, kpi: `${kpi}.${key}`, value: inner });
    }
  }
  return lines;
}
