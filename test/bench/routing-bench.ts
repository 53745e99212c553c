/**
 * The routing and SLA figures, each through a whole local runtime of its own (DynamoDB Local,
 * the local bus and timer queue, real sockets):
 * - routing: the 50-chat burst of issue #4 (5 agents × 3 seats, a third of all event deliveries
 *   doubled), agents accepting offers as they arrive; assignments per second = 15 over the time
 *   from the first startChat to the 15th distinct chat.assigned.
 * - sla: chats that nobody answers (Sales' one agent takes three and never replies; the rest
 *   queue), breaching their time-in-queue and first-response targets; the delay of each sla.breached after
 *   its deadline (`actual - deadline`), over at least 100 breaches.
 * Every wait is bounded; loopback only.
 */
import type { LocalRuntimeOptions } from '../../lib/local';
import { visitorSession } from '../support/local-doors';
import { type BenchClient, openClient } from './bench-client';
import { type BenchRuntime, startBenchRuntime } from './bench-runtime';
import { percentile, round } from './stats';

const BURST_AGENTS = ['alice', 'bob', 'dave', 'erin', 'finn'].map((n) => `${n}@demo.parley`);
const BURST_CHATS = 50;
const SEATS = 15;
const SLA_AGENT = 'carol@demo.parley';
const SLA_CHATS = 60;
const SLA_BREACHES = 100;
const BATCH = 10;
const BATCH_GAP_MS = 500;
const DEADLINE_MS = 180_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function visitors(bench: BenchRuntime, n: number): Promise<BenchClient[]> {
  const clients = await Promise.all(Array.from({ length: n }, async () => openClient(bench.runtime, (await visitorSession(bench.runtime)).token)));
  bench.keep(...clients);
  return clients;
}

export interface RoutingBurst {
  readonly assigned: number;
  readonly seconds: number;
  readonly assignmentsPerSecond: number;
  readonly duplicateDeliveries: number;
}

export interface SlaDetection {
  readonly breaches: number;
  readonly p50Seconds: number;
  readonly p99Seconds: number;
  readonly maxSeconds: number;
}

/** The SLA run's targets in Sales; Support's stay out of the way of the burst. */
const CONFIG: LocalRuntimeOptions['config'] = {
  routing: { offerTimeoutSeconds: 600, queueLimitSeconds: 900 },
  sla: { firstResponseSeconds: 3600, departments: { sales: { firstResponseSeconds: 3, queueSeconds: 2 } } },
};

/** The burst in Support on a runtime of its own, a third of all event deliveries doubled. */
export async function routingBurst(log: (line: string) => void): Promise<RoutingBurst> {
  const assignedAt = new Map<string, number>();
  const bench = await startBenchRuntime({
    config: CONFIG,
    faults: { duplicateDeliveryRate: 0.3, seed: 4 },
    staff: BURST_AGENTS,
    onEvent: (e) => {
      const { chatId } = e.detail as { chatId: string };
      if (e['detail-type'] === 'chat.assigned' && !assignedAt.has(chatId)) assignedAt.set(chatId, performance.now());
    },
  });
  try {
    const people = await visitors(bench, BURST_CHATS);
    const startedAt = performance.now();
    await Promise.all(people.map((v, i) => v.request({ action: 'startChat', text: `Question ${i}`, clientMessageId: `m-burst-${i}` })));
    await until(() => assignedAt.size >= SEATS, `${SEATS} assignments`);
    await bench.runtime.idle();
    const seconds = (Math.max(...assignedAt.values()) - startedAt) / 1000;
    const duplicateDeliveries = bench.runtime.faults?.injected.duplicateDeliveries ?? 0;
    log(`  routing: ${assignedAt.size} chats assigned (${SEATS} seats) in ${round(seconds, 2)} s; ${duplicateDeliveries} duplicate deliveries`);
    return { assigned: assignedAt.size, seconds, assignmentsPerSecond: SEATS / seconds, duplicateDeliveries };
  } finally {
    await bench.stop();
  }
}

/** Chats nobody answers in Sales, whose only agent (Carol) takes three and never replies; in batches, each breaching two targets. */
export async function slaDetection(log: (line: string) => void): Promise<SlaDetection> {
  const delays = new Map<string, number>();
  const bench = await startBenchRuntime({
    config: CONFIG,
    staff: [SLA_AGENT],
    onEvent: (e) => {
      const detail = e.detail as { eventId: string; actual: string; deadline: string };
      if (e['detail-type'] === 'sla.breached' && !delays.has(detail.eventId)) delays.set(detail.eventId, Date.parse(detail.actual) - Date.parse(detail.deadline));
    },
  });
  try {
    const waiting = await visitors(bench, SLA_CHATS);
    for (let i = 0; i < waiting.length; i += BATCH) {
      await Promise.all(waiting.slice(i, i + BATCH).map((v, j) => v.request({ action: 'startChat', text: `Anyone? ${i + j}`, department: 'sales', clientMessageId: `m-sla-${i + j}` })));
      await sleep(BATCH_GAP_MS);
    }
    await until(() => delays.size >= SLA_BREACHES, `${SLA_BREACHES} breaches`);
    await bench.runtime.idle();
    const late = [...delays.values()].map((ms) => ms / 1000);
    log(`  sla: ${late.length} breaches; delay after the deadline p50 ${round(percentile(late, 50), 3)} s, p99 ${round(percentile(late, 99), 3)} s, max ${round(Math.max(...late), 3)} s`);
    return { breaches: late.length, p50Seconds: percentile(late, 50), p99Seconds: percentile(late, 99), maxSeconds: Math.max(...late) };
  } finally {
    await bench.stop();
  }
}
