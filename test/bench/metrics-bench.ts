/**
 * The metrics figures: report query time over 30 days of rollups for 100,000 chats (50 agents,
 * 5 departments, 20 tags) in DynamoDB Local through the real adapter, and the rollup writes an
 * event costs (items per transaction, averaged over the scripted day of 40 chats). Each report is
 * asked WARMUP times first (the JVM and the SDK warm up), then timed QUERIES times.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../functions/adapters/dynamo-store';
import { DynamoMetrics } from '../../functions/adapters/dynamo-metrics';
import { keys } from '../../functions/adapters/keys';
import { reportQuerySchema } from '../../functions/contracts/reports';
import type { MetricUpdate } from '../../functions/domain/metrics';
import { manifest } from '../../functions/manifest';
import { recordMetrics } from '../../functions/use-cases/record-metrics';
import { runReport } from '../../functions/use-cases/reports';
import { ensureTable, startDynamoDb } from '../../lib/local/dynamodb';
import { freePort } from '../../lib/local/http-util';
import { scenarioEvents } from '../support/metrics-scenario';
import { testDeps } from '../unit/functions/fakes';
import { percentile, round } from './stats';

const DAYS = 30;
const CHATS = 100_000;
const AGENTS = 50;
const DEPARTMENTS = 5;
const TAGS = 20;
const QUERIES = 100;
const WARMUP = 5;

function counters(chats: number) {
  const c = Math.max(1, Math.round(chats));
  return { chats: c, assigned: c, closed: c, frtCount: c, frtSumMs: c * 40_000, 'frt.h4': c, handleCount: c, handleSumMs: c * 300_000, 'handle.h9': c, msgChats: c, msgSum: c * 8, tagged: c, tagsSum: c, ratingCount: c, ratingSum: c * 4, onlineMs: 3_600_000, busyMs: 1_800_000 };
}

function seedItems(): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  const start = Date.UTC(2026, 9, 23);
  for (let d = 0; d < DAYS; d++) {
    const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    const agents = new Set(Array.from({ length: AGENTS }, (_, a) => `agent-${a}`));
    // The team per hour (a day is its hours summed when read), and the day's agents with chats.
    for (let h = 0; h < 24; h++) items.push({ ...keys.rollup('ALL', `${day}T${String(h).padStart(2, '0')}`, '*'), ...counters(CHATS / DAYS / 24), onlineMs: AGENTS * 3_600_000, busyMs: AGENTS * 1_800_000 });
    items.push({ ...keys.rollup('DAY', day, '*'), agentsAssigned: agents });
    for (let a = 0; a < AGENTS; a++) items.push({ ...keys.rollup('AGENT', day, `agent-${a}`), ...counters(CHATS / DAYS / AGENTS) });
    for (let p = 0; p < DEPARTMENTS; p++) items.push({ ...keys.rollup('DEPT', day, `dept-${p}`), ...counters(CHATS / DAYS / DEPARTMENTS) });
    for (let t = 0; t < TAGS; t++) items.push({ ...keys.rollup('TAG', day, `tag-${t}`), ...counters(CHATS / DAYS / TAGS) });
  }
  return items;
}

/** Items each applied event writes in its transaction (marker + state + rollup rows). */
async function writesPerEvent(): Promise<number> {
  const deps = testDeps();
  const written: number[] = [];
  const apply = deps.store.applyMetrics.bind(deps.store);
  deps.store.applyMetrics = async (eventId: string, update: MetricUpdate) => {
    // The transaction's items: set members (a day's agents) are added outside it (idempotent).
    written.push(1 + update.state.length + update.increments.filter((i) => Object.keys(i.counters).length > 0 || i.set !== undefined || i.remove !== undefined).length);
    return apply(eventId, update);
  };
  for (const event of scenarioEvents()) await recordMetrics(deps, event);
  return written.reduce((a, b) => a + b, 0) / written.length;
}

export interface MetricsBench {
  items: number;
  summaryP50Ms: number;
  summaryP99Ms: number;
  agentsP50Ms: number;
  agentsP99Ms: number;
  tagsP50Ms: number;
  tagsP99Ms: number;
  /** One agent's summary (an agent's "My numbers", a drill-down): read by key. */
  agentSummaryP99Ms: number;
  seriesP99Ms: number;
  rollupWritesPerEvent: number;
}

export async function metricsBench(): Promise<MetricsBench> {
  const dynamo = await startDynamoDb(await freePort());
  try {
    const name = 'parley-bench-metrics';
    await ensureTable(dynamo.client, name, manifest.table);
    const table = { client: documentClient(dynamo.client), name };
    const items = seedItems();
    for (let i = 0; i < items.length; i += 25) {
      await table.client.send(new BatchWriteCommand({ RequestItems: { [name]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
    const store = new DynamoMetrics(table);
    const caller = { role: 'supervisor' as const, userId: 'bench' };
    const time = async (query: Record<string, string>): Promise<{ p50: number; p99: number }> => {
      const ms: number[] = [];
      const parsed = reportQuerySchema.parse({ from: '2026-10-23', to: '2026-11-21', ...query });
      for (let i = 0; i < WARMUP; i++) await runReport(store, caller, parsed);
      for (let i = 0; i < QUERIES; i++) {
        const started = performance.now();
        await runReport(store, caller, parsed);
        ms.push(performance.now() - started);
      }
      return { p50: round(percentile(ms, 50), 1), p99: round(percentile(ms, 99), 1) };
    };
    const summary = await time({ report: 'summary' });
    const agents = await time({ report: 'agents' });
    const tags = await time({ report: 'tags' });
    const agentSummary = await time({ report: 'summary', agent: 'agent-7' });
    const series = await time({ report: 'series', grouping: 'hour' });
    return {
      items: items.length,
      summaryP50Ms: summary.p50,
      summaryP99Ms: summary.p99,
      agentsP50Ms: agents.p50,
      agentsP99Ms: agents.p99,
      tagsP50Ms: tags.p50,
      tagsP99Ms: tags.p99,
      agentSummaryP99Ms: agentSummary.p99,
      seriesP99Ms: series.p99,
      rollupWritesPerEvent: round(await writesPerEvent(), 2),
    };
  } finally {
    await dynamo.stop();
  }
}
