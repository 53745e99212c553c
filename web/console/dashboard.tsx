/**
 * The reports dashboard (GET /reports): KPI tiles, uPlot charts of the series, the agent
 * leaderboard with a drill-down, tags and departments, each table as a CSV download. Loaded as
 * its own chunk (app.tsx imports it on first open), so agents who never open it never fetch
 * uPlot. Supervisors and admins see everyone; an agent sees "My numbers" (the API enforces it).
 */
import { useEffect, useState } from 'preact/hooks';
import { type Badge, BADGE_FRT_WITHIN_SHARE, BADGE_MIN_FRT, BADGE_MIN_RATINGS, BADGE_MIN_RESOLVED, BADGE_POSITIVE_SHARE, BADGE_RESOLVED_SHARE } from '../../functions/domain/badges';
import type { LiveStats, RuntimeConfig } from '../sdk/types';
import { shortDuration } from '../shared/format';
import { useNow } from '../shared/use-now';
import { isLead, type Session } from './auth';
import { rangeOf, reportParams, type Grouping, type Query, type RangeKind, type Sort } from './report-query';
import { SeriesChart } from './series-chart';

type Num = number | null;
interface Summary {
  totalChats: { chats: number; proactive: number; reactive: number; assigned: number; closed: number };
  firstResponse: { avgSeconds: Num; medianSeconds: Num; p90Seconds: Num; withinTargetPct: Num };
  missed: { missed: number; missedPct: Num };
  handleTime: { avgSeconds: Num };
  conversion: { conversions: number; ratePct: Num; proactiveRatePct: Num; reactiveRatePct: Num };
  fcr: { ratePct: Num };
  csat: { avg: Num; count: number };
  nps: { score: Num; count: number };
  utilization: { utilizationPct: Num };
  sla: { breaches: number };
  pickup: { avgSeconds: Num };
  tickets: { tickets: number; resolved: number; avgResolveHours: Num };
}
export interface SeriesPoint {
  bucket: string;
  chats: number;
  proactive: number;
  missed: number;
  frtAvgSeconds: Num;
  frtMedianSeconds: Num;
  frtP90Seconds: Num;
}
interface AgentRow {
  rank: number;
  agentId: string;
  agentName: string;
  chatsTaken: number;
  resolved: number;
  missed: number;
  frtAvgSeconds: Num;
  avgChatSeconds: Num;
  csatAvg: Num;
  fcrPct: Num;
  utilizationPct: Num;
  conversions: number;
  badges: Badge[];
}
interface GroupRow {
  key: string;
  chats: number;
  closed: number;
  sharePct: Num;
  handleAvgSeconds: Num;
  fcrPct: Num;
  csatAvg: Num;
  ratingAvg: Num;
}
interface Reports {
  summary: Summary;
  series: SeriesPoint[];
  agents: AgentRow[];
  tags: GroupRow[];
  departments: GroupRow[];
}

class ReportError extends Error {}

async function getReport<T>(config: RuntimeConfig, session: Session, query: Query, report: string, signal: AbortSignal): Promise<T> {
  const res = await fetch(`${config.httpUrl}/reports?${reportParams(query, report)}`, { headers: { authorization: `Bearer ${session.idToken}` }, signal });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new ReportError(body.error?.message ?? `The ${report} report could not be loaded (${res.status}).`);
  }
  return (await res.json()) as T;
}

/** Fetches the report as CSV with the bearer token and hands it to the browser as a download. */
async function downloadCsv(config: RuntimeConfig, session: Session, query: Query, report: string): Promise<void> {
  const res = await fetch(`${config.httpUrl}/reports?${reportParams(query, report, 'csv')}`, { headers: { authorization: `Bearer ${session.idToken}` } });
  if (!res.ok) throw new ReportError(`The ${report} CSV could not be downloaded (${res.status}).`);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `parley-${report}-${query.from}-${query.to}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const fmt = (value: Num | undefined, unit = '') => (value === null || value === undefined ? '–' : `${Math.round(value * 10) / 10}${unit}`);
const secs = (value: Num | undefined) => fmt(value, ' s');
const pct = (value: Num | undefined) => fmt(value, ' %');

export interface DashboardProps {
  readonly config: RuntimeConfig;
  readonly session: Session;
  /** Supervisors and admins: the newest `liveStats` frame the console's socket got. */
  readonly live?: LiveStats | undefined;
}

/** Live numbers with the client's time they arrived (the longest wait ticks on from there). */
interface Received {
  stats: LiveStats;
  receivedAt: number;
}

/**
 * The live tiles: first GET /reports?report=live, then every pushed frame (the newest wins);
 * the longest wait ticks every second on this clock from when the numbers arrived.
 */
function LiveTiles({ config, session, live }: { config: RuntimeConfig; session: Session; live: LiveStats | undefined }) {
  const [shown, setShown] = useState<Received | undefined>();
  const keep = (stats: LiveStats) => setShown((seen) => (seen && seen.stats.at > stats.at ? seen : { stats, receivedAt: Date.now() }));
  useEffect(() => {
    const abort = new AbortController();
    fetch(`${config.httpUrl}/reports?report=live`, { headers: { authorization: `Bearer ${session.idToken}` }, signal: abort.signal })
      .then(async (res) => (res.ok ? keep(((await res.json()) as { live: LiveStats }).live) : undefined))
      .catch(() => undefined);
    return () => abort.abort();
  }, []);
  useEffect(() => {
    if (live) keep(live);
  }, [live]);
  const now = useNow(1000);
  if (!shown) return <p class="muted">Loading live numbers…</p>;
  const { stats, receivedAt } = shown;
  const waited = stats.oldestQueuedAt === null ? null : stats.at - stats.oldestQueuedAt + Math.max(0, now - receivedAt);
  return (
    <ul class="tiles live-tiles" aria-label="Live now">
      <Tile label="In queue" value={String(stats.queued)} />
      <Tile label="Longest wait" value={waited === null ? '–' : shortDuration(Math.max(0, waited))} />
      <Tile label="Active chats" value={String(stats.active)} />
      <Tile label="Agents online" value={String(stats.agents.online)} />
      <Tile label="Agents away" value={String(stats.agents.away)} />
      <Tile label="Agents busy" value={String(stats.agents.busy)} />
      <Tile label="Chats today" value={String(stats.today.chats)} />
      <Tile label="FRT today" value={secs(stats.today.frtAvgSeconds)} />
      <Tile label="SLA breaches today" value={String(stats.today.slaBreaches)} />
      <Tile label="Open tickets" value={String(stats.ticketsOpen)} />
    </ul>
  );
}

export default function Dashboard({ config, session, live }: DashboardProps) {
  const everyone = isLead(session);
  const [range, setRange] = useState<RangeKind>('7d');
  const [query, setQuery] = useState<Query>(() => ({ ...rangeOf('7d', Date.now()), grouping: 'day', filter: '', sort: 'resolved' }));
  const [data, setData] = useState<Reports | undefined>();
  const [agentOptions, setAgentOptions] = useState<{ id: string; name: string }[]>([]);
  const [tagOptions, setTagOptions] = useState<string[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const update = (change: Partial<Query>) => setQuery((q) => ({ ...q, ...change }));

  useEffect(() => {
    const abort = new AbortController();
    const get = <T,>(report: string) => getReport<T>(config, session, query, report, abort.signal);
    // Tags and departments are for supervisors (an agent gets a 403), and only without a filter.
    const groups = everyone && !query.filter;
    setLoading(true);
    Promise.all([
      get<{ summary: Summary }>('summary'),
      get<{ series: SeriesPoint[] }>('series'),
      get<{ agents: AgentRow[] }>('agents'),
      groups ? get<{ rows: GroupRow[] }>('tags') : Promise.resolve({ rows: [] as GroupRow[] }),
      groups ? get<{ rows: GroupRow[] }>('departments') : Promise.resolve({ rows: [] as GroupRow[] }),
    ])
      .then(([s, series, agents, tags, departments]) => {
        setData({ summary: s.summary, series: series.series, agents: agents.agents, tags: rowsOf(tags), departments: rowsOf(departments) });
        if (!query.filter) {
          setAgentOptions(agents.agents.map((a) => ({ id: a.agentId, name: a.agentName })));
          setTagOptions(rowsOf(tags).map((t) => t.key));
        }
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      })
      .finally(() => {
        if (!abort.signal.aborted) setLoading(false);
      });
    return () => abort.abort();
  }, [query.from, query.to, query.grouping, query.filter, query.sort]);

  const download = (report: string) => void downloadCsv(config, session, query, report).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  const chooseRange = (kind: RangeKind) => {
    setRange(kind);
    if (kind !== 'custom') update(rangeOf(kind, Date.now()));
  };
  const s = data?.summary;
  const drilled = query.filter.startsWith('agent:') ? query.filter.slice('agent:'.length) : undefined;
  const drilledName = agentOptions.find((a) => a.id === drilled)?.name ?? drilled;

  return (
    <section class="dashboard" aria-label={everyone ? 'Dashboard' : 'My numbers'} aria-busy={loading}>
      <div class="dash-head">
        <h2>{everyone ? (drilled ? `Dashboard · ${drilledName}` : 'Dashboard') : 'My numbers'}</h2>
        <div class="dash-controls">
          <label>
            Range
            <select value={range} onChange={(e) => chooseRange(e.currentTarget.value as RangeKind)}>
              <option value="today">Today</option>
              <option value="7d">Last 7 days</option>
              <option value="30d">Last 30 days</option>
              <option value="custom">Custom</option>
            </select>
          </label>
          {range === 'custom' ? (
            <>
              <label>
                From
                <input type="date" value={query.from} max={query.to} onChange={(e) => e.currentTarget.value && update({ from: e.currentTarget.value })} />
              </label>
              <label>
                To
                <input type="date" value={query.to} min={query.from} onChange={(e) => e.currentTarget.value && update({ to: e.currentTarget.value })} />
              </label>
            </>
          ) : null}
          <label>
            Grouping
            <select value={query.grouping} onChange={(e) => update({ grouping: e.currentTarget.value as Grouping })}>
              {/* Hourly buckets exist for the whole team only (docs/api.md). */}
              <option value="hour" disabled={Boolean(query.filter) || !everyone}>
                Hourly
              </option>
              <option value="day">Daily</option>
              <option value="week">Weekly</option>
            </select>
          </label>
          {everyone ? (
            <label>
              Filter
              <select
                value={query.filter}
                onChange={(e) => {
                  const filter = e.currentTarget.value;
                  update({ filter, grouping: filter && query.grouping === 'hour' ? 'day' : query.grouping });
                }}
              >
                <option value="">Everyone</option>
                <optgroup label="Agent">
                  {agentOptions.map((a) => (
                    <option key={a.id} value={`agent:${a.id}`}>
                      {a.name}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="Department">
                  {config.departments.map((d) => (
                    <option key={d.id} value={`department:${d.id}`}>
                      {d.name}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="Tag">
                  {tagOptions.map((t) => (
                    <option key={t} value={`tag:${t}`}>
                      {t}
                    </option>
                  ))}
                </optgroup>
              </select>
            </label>
          ) : null}
        </div>
      </div>
      {everyone ? (
        <section class="live" aria-label="Live">
          <h3>Live now</h3>
          <LiveTiles config={config} session={session} live={live} />
        </section>
      ) : null}
      {error ? (
        <p class="dash-error" role="alert">
          {error}
        </p>
      ) : null}
      {s ? (
        <>
          <ul class="tiles" aria-label="Key figures">
            <Tile label="Total chats" value={String(s.totalChats.chats)} />
            <Tile label="Chats taken" value={String(s.totalChats.assigned)} />
            <Tile label="Proactive / reactive" value={`${s.totalChats.proactive} / ${s.totalChats.reactive}`} />
            <Tile label="FRT avg" value={secs(s.firstResponse.avgSeconds)} />
            <Tile label="FRT median" value={secs(s.firstResponse.medianSeconds)} />
            <Tile label="FRT p90" value={secs(s.firstResponse.p90Seconds)} />
            <Tile label="Missed" value={`${s.missed.missed} (${pct(s.missed.missedPct)})`} />
            <Tile label="CSAT" value={fmt(s.csat.avg)} />
            <Tile label="NPS" value={fmt(s.nps.score)} />
            <Tile label="Handle time" value={secs(s.handleTime.avgSeconds)} />
            <Tile label="Conversion" value={pct(s.conversion.ratePct)} />
            <Tile label="Converted: proactive / reactive" value={`${pct(s.conversion.proactiveRatePct)} / ${pct(s.conversion.reactiveRatePct)}`} />
            <Tile label="FCR" value={pct(s.fcr.ratePct)} />
            <Tile label="Utilization" value={pct(s.utilization.utilizationPct)} />
            <Tile label="SLA breaches" value={String(s.sla.breaches)} />
            <Tile label="Tickets: new / resolved" value={`${s.tickets.tickets} / ${s.tickets.resolved}`} />
            <Tile label="Ticket resolution avg" value={fmt(s.tickets.avgResolveHours, ' h')} />
          </ul>
          <div class="dash-actions">
            <button type="button" onClick={() => download('summary')}>
              Download summary CSV
            </button>
            <button type="button" onClick={() => download('series')}>
              Download series CSV
            </button>
          </div>
          <div class="charts">
            <SeriesChart
              title="Chats and missed"
              points={data.series}
              lines={[
                { label: 'Chats', color: '#4f46e5', value: (p) => p.chats },
                { label: 'Proactive', color: '#0f766e', value: (p) => p.proactive },
                { label: 'Missed', color: '#b91c1c', value: (p) => p.missed },
              ]}
            />
            <SeriesChart
              title="First response time (s)"
              points={data.series}
              lines={[
                { label: 'Avg', color: '#0f766e', value: (p) => p.frtAvgSeconds },
                { label: 'Median', color: '#4f46e5', value: (p) => p.frtMedianSeconds },
                { label: 'p90', color: '#b45309', value: (p) => p.frtP90Seconds },
              ]}
            />
          </div>
          <ReportTable
            title="Agent performance"
            onDownload={() => download('agents')}
            extra={
              <label>
                Order by
                <select value={query.sort} onChange={(e) => update({ sort: e.currentTarget.value as Sort })}>
                  <option value="resolved">Chats resolved</option>
                  <option value="chatsTaken">Chats taken</option>
                  <option value="csatAvg">CSAT</option>
                  <option value="frtAvgSeconds">Fastest first response</option>
                </select>
              </label>
            }
            head={['#', 'Agent', 'Badges', 'Taken', 'Resolved', 'Missed', 'FRT avg', 'Chat time', 'CSAT', 'FCR', 'Utilization', 'Conversions', '']}
            rows={data.agents.map((a) => [
              String(a.rank),
              <span title={a.agentId}>{a.agentName}</span>,
              <Badges badges={a.badges} />,
              String(a.chatsTaken),
              String(a.resolved),
              String(a.missed),
              secs(a.frtAvgSeconds),
              secs(a.avgChatSeconds),
              fmt(a.csatAvg),
              pct(a.fcrPct),
              pct(a.utilizationPct),
              String(a.conversions),
              everyone && drilled !== a.agentId ? (
                <button type="button" class="ghost" onClick={() => update({ filter: `agent:${a.agentId}`, grouping: query.grouping === 'hour' ? 'day' : query.grouping })}>
                  Details for {a.agentName}
                </button>
              ) : (
                ''
              ),
            ])}
          />
          {drilled ? (
            <button type="button" class="back" onClick={() => update({ filter: '' })}>
              Back to everyone
            </button>
          ) : null}
          {everyone && !query.filter ? (
            <>
              <GroupTable title="Departments" rows={data.departments} onDownload={() => download('departments')} />
              <GroupTable title="Tags" rows={data.tags} onDownload={() => download('tags')} />
            </>
          ) : null}
        </>
      ) : !error ? (
        <p class="muted">Loading reports…</p>
      ) : null}
    </section>
  );
}

function rowsOf(body: unknown): GroupRow[] {
  const b = body as { rows?: GroupRow[]; tags?: GroupRow[]; departments?: GroupRow[] };
  return b.rows ?? b.tags ?? b.departments ?? [];
}

const BADGE_LABELS: Record<Badge, { label: string; title: string }> = {
  'fast-responder': { label: 'Fast responder', title: `At least ${BADGE_MIN_FRT} first responses, ${BADGE_FRT_WITHIN_SHARE * 100} % of them within the target` },
  'customer-favourite': { label: 'Customer favourite', title: `At least ${BADGE_MIN_RATINGS} ratings, ${BADGE_POSITIVE_SHARE * 100} % of them 4 or 5` },
  resolver: { label: 'Resolver', title: `At least ${BADGE_MIN_RESOLVED} chats resolved, ${BADGE_RESOLVED_SHARE * 100} % of those taken` },
};

/** An agent's badges for the range (functions/domain/badges.ts), each saying what earned it. */
function Badges({ badges }: { badges: readonly Badge[] }) {
  if (badges.length === 0) return <span class="muted">–</span>;
  return (
    <span class="earned">
      {badges.map((b) => (
        <span key={b} class={`badge earned-${b}`} title={BADGE_LABELS[b].title}>
          {BADGE_LABELS[b].label}
        </span>
      ))}
    </span>
  );
}

function Tile({ label, value }: { label: string; value: string }) {
  return (
    <li class="tile" aria-label={label}>
      <span class="tile-label">{label}</span>
      <strong class="tile-value">{value}</strong>
    </li>
  );
}

function GroupTable({ title, rows, onDownload }: { title: string; rows: GroupRow[]; onDownload: () => void }) {
  return (
    <ReportTable
      title={title}
      onDownload={onDownload}
      head={['Name', 'Chats', 'Closed', 'Share', 'Handle avg', 'FCR', 'CSAT', 'Rating']}
      rows={rows.map((r) => [r.key, String(r.chats), String(r.closed), pct(r.sharePct), secs(r.handleAvgSeconds), pct(r.fcrPct), fmt(r.csatAvg), fmt(r.ratingAvg)])}
    />
  );
}

interface ReportTableProps {
  readonly title: string;
  readonly head: string[];
  readonly rows: (string | preact.JSX.Element)[][];
  readonly onDownload: () => void;
  readonly extra?: preact.JSX.Element;
}

function ReportTable({ title, head, rows, onDownload, extra }: ReportTableProps) {
  return (
    <section class="report-table" aria-label={title}>
      <div class="dash-head">
        <h3>{title}</h3>
        <div class="dash-controls">
          {extra}
          <button type="button" onClick={onDownload}>
            Download CSV
          </button>
        </div>
      </div>
      {rows.length === 0 ? (
        <p class="muted">Nothing in this range.</p>
      ) : (
        <table>
          <thead>
            <tr>
              {head.map((h, i) => (
                <th key={i} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
