/**
 * The routing and SLA figures, through a whole local runtime (DynamoDB Local, the local bus and
 * timer queue, real sockets):
 * - routing: the 50-chat burst of issue #4 (5 agents × 3 seats, a third of all event deliveries
 *   doubled), agents accepting offers as they arrive; assignments per second = 15 over the time
 *   from the first startChat to the 15th distinct chat.assigned.
 * - sla: chats that nobody answers (Sales' one agent takes three and never replies; the rest
 *   queue), breaching their time-in-queue and first-response targets; the delay of each sla.breached after
 *   its deadline (`actual - deadline`), over at least 100 breaches.
 * Every wait is bounded; loopback only.
 */
import { startLocal, type LocalRuntime } from '../../lib/local';
import { agentToken, openSocket, visitorSession } from '../support/local-doors';
import { BenchClient } from './bench-client';
import { percentile, round } from './stats';

const BURST_AGENTS = ['alice', 'bob', 'dave', 'erin', 'finn'];
const BURST_CHATS = 50;
const SEATS = 15;
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

/** A signed-in agent, online; BenchClient accepts every offer at once, as an agent at the desk. */
async function agent(runtime: LocalRuntime, name: string): Promise<BenchClient> {
  const client = new BenchClient(await openSocket(runtime, await agentToken(runtime, `${name}@demo.parley`)));
  await client.request({ action: 'setStatus', status: 'online' });
  return client;
}

async function visitors(runtime: LocalRuntime, n: number): Promise<BenchClient[]> {
  return Promise.all(Array.from({ length: n }, async () => new BenchClient(await openSocket(runtime, (await visitorSession(runtime)).token))));
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

/**
 * Both measurements share one runtime (handler modules build their clients once per process, so
 * a second runtime in the same process would not be the one they talk to): the burst in
 * Support, then the SLA run in Sales, whose only agent (Carol) takes three chats and never replies.
 */
async function measure(log: (line: string) => void): Promise<{ routing: RoutingBurst; sla: SlaDetection }> {
  const assignedAt = new Map<string, number>();
  const delays = new Map<string, number>();
  const runtime = await startLocal({
    basePort: 0,
    config: {
      routing: { offerTimeoutSeconds: 600, queueLimitSeconds: 900 },
      sla: { firstResponseSeconds: 3600, departments: { sales: { firstResponseSeconds: 3, queueSeconds: 2 } } },
    },
    faults: { duplicateDeliveryRate: 0.3, seed: 4 },
    onEvent: (e) => {
      const detail = e.detail as { eventId: string; chatId: string; actual: string; deadline: string };
      if (e['detail-type'] === 'chat.assigned' && !assignedAt.has(detail.chatId)) assignedAt.set(detail.chatId, performance.now());
      if (e['detail-type'] === 'sla.breached' && !delays.has(detail.eventId)) delays.set(detail.eventId, Date.parse(detail.actual) - Date.parse(detail.deadline));
    },
  });
  try {
    // Routing: every chat at once, agents accepting offers as they arrive.
    const agents = await Promise.all(BURST_AGENTS.map((n) => agent(runtime, n)));
    const people = await visitors(runtime, BURST_CHATS);
    const startedAt = performance.now();
    await Promise.all(people.map((v, i) => v.request({ action: 'startChat', text: `Question ${i}`, clientMessageId: `m-burst-${i}` })));
    await until(() => assignedAt.size >= SEATS, `${SEATS} assignments`);
    await runtime.idle();
    const seconds = (Math.max(...assignedAt.values()) - startedAt) / 1000;
    const assigned = assignedAt.size;
    const duplicateDeliveries = runtime.faults?.injected.duplicateDeliveries ?? 0;
    log(`  routing: ${assignedAt.size} chats assigned (${SEATS} seats) in ${round(seconds, 2)} s; ${duplicateDeliveries} duplicate deliveries`);

    // SLA: chats nobody answers, in batches, each breaching two targets.
    const carol = await agent(runtime, 'carol');
    const waiting = await visitors(runtime, SLA_CHATS);
    for (let i = 0; i < waiting.length; i += BATCH) {
      await Promise.all(waiting.slice(i, i + BATCH).map((v, j) => v.request({ action: 'startChat', text: `Anyone? ${i + j}`, department: 'sales', clientMessageId: `m-sla-${i + j}` })));
      await sleep(BATCH_GAP_MS);
    }
    await until(() => delays.size >= SLA_BREACHES, `${SLA_BREACHES} breaches`);
    await runtime.idle();
    const late = [...delays.values()].map((ms) => ms / 1000);
    log(`  sla: ${late.length} breaches; delay after the deadline p50 ${round(percentile(late, 50), 3)} s, p99 ${round(percentile(late, 99), 3)} s, max ${round(Math.max(...late), 3)} s`);
    await Promise.all([...agents, carol, ...people, ...waiting].map((c) => c.close()));
    return {
      routing: { assigned, seconds, assignmentsPerSecond: SEATS / seconds, duplicateDeliveries },
      sla: { breaches: late.length, p50Seconds: percentile(late, 50), p99Seconds: percentile(late, 99), maxSeconds: Math.max(...late) },
    };
  } finally {
    await runtime.stop();
  }
}

let shared: Promise<{ routing: RoutingBurst; sla: SlaDetection }> | undefined;

/** The burst's figures (measured once per process with the SLA run). */
export async function routingBurst(log: (line: string) => void): Promise<RoutingBurst> {
  return (await (shared ??= measure(log))).routing;
}

/** The SLA run's figures (measured once per process with the burst). */
export async function slaDetection(log: (line: string) => void): Promise<SlaDetection> {
  return (await (shared ??= measure(log))).sla;
}
