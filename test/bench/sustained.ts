/**
 * The sustained run (`npm run bench -- --only=sustained`): `chats` conversations open at once on
 * the local runtime, exchanging messages for `windowMs` at a steady pace, each side answering
 * the other. Counted over the window only: messages delivered per second, send → receipt latency
 * (p50, p99; both clocks this process's), errors (error replies or no reply to a send within
 * 15 s) and lost messages (sent in the window, never received once the runtime is idle again).
 * Warm-up (sessions, sockets, assignment) happens before the window opens. Staff: `agents` bench agents in Support at capacity 50 each.
 */
import { randomUUID } from 'node:crypto';
import type { ChatSummary, ServerFrame } from '../../functions/contracts/frames';
import { DEMO_PASSWORD } from '../../lib/local/demo-users';
import type { DemoUser, LocalRuntime } from '../../lib/local';
import { visitorSession } from '../support/local-doors';
import { type BenchClient, openClient } from './bench-client';
import { startBenchRuntime } from './bench-runtime';
import { AgentDesk } from './chat-load';
import { percentile, round } from './stats';

export interface SustainedOptions {
  readonly chats: number;
  readonly windowMs: number;
  /** Each side waits this long (uniformly drawn) between its messages. */
  readonly thinkMs: readonly [min: number, max: number];
  /** Arrivals spread over this long before the window. */
  readonly rampMs: number;
}

export const SUSTAINED: SustainedOptions = { chats: 500, windowMs: 60_000, thinkMs: [4_000, 8_000], rampMs: 30_000 };
/** config.ts allows at most 50 chats per agent. */
const MAX_CHATS = 50;
/**
 * After the window: a message still not received once the runtime has finished everything it
 * was given (every invocation and event delivery settled; at most this long) counts as lost.
 * A saturated runtime delivers late, not never: late is in the latency, lost is lost.
 */
const DRAIN_MS = 60_000;

export interface SustainedResult {
  readonly chats: number;
  /** Chats that never got going (session, socket, assignment failed). */
  readonly failedChats: number;
  readonly sent: number;
  readonly delivered: number;
  readonly deliveredPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly lost: number;
}

type Waiter = (at: number) => void;

function benchAgents(count: number): DemoUser[] {
  return Array.from({ length: count }, (_, i) => ({
    username: `bench-agent-${i + 1}@demo.parley`,
    password: DEMO_PASSWORD,
    name: `Bench agent ${i + 1}`,
    role: 'agent' as const,
    departments: ['support'],
  }));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Tally {
  sent: number;
  errors: number;
  latencies: number[];
  /** Sent in the window, not received yet. */
  readonly outstanding: Set<string>;
}

/** One chat, ready to talk: the visitor, the agent routing gave it, and the visitor's inbox. */
interface OpenChat {
  readonly chatId: string;
  readonly visitor: BenchClient;
  readonly agent: BenchClient;
  readonly visitorInbox: Map<string, Waiter>;
}

async function openChat(runtime: LocalRuntime, desk: AgentDesk): Promise<OpenChat> {
  const visitor = await openClient(runtime, (await visitorSession(runtime)).token);
  const visitorInbox = new Map<string, Waiter>();
  visitor.onPush = (frame: ServerFrame, at) => {
    if (frame.type !== 'message' || frame.message.senderRole !== 'agent') return;
    const waiter = visitorInbox.get(frame.message.clientMessageId);
    visitorInbox.delete(frame.message.clientMessageId);
    waiter?.(at);
  };
  const start = await visitor.request<{ chat: ChatSummary }>({ action: 'startChat', text: 'Hello, I need help with my order', clientMessageId: `m-${randomUUID()}` });
  const agent = await desk.waitAssigned(start.chat.chatId, 60_000);
  return { chatId: start.chat.chatId, visitor, agent, visitorInbox };
}

/** Both sides talk until `until`, each at its own pace; every message is timed to its receipt. */
async function talk(chat: OpenChat, desk: AgentDesk, options: SustainedOptions, until: number, tally: Tally): Promise<void> {
  const side = async (sender: BenchClient, expect: (id: string, w: Waiter) => void): Promise<void> => {
    for (;;) {
      const [min, max] = options.thinkMs;
      await sleep(min + Math.random() * (max - min));
      if (performance.now() >= until) return;
      const clientMessageId = `m-${randomUUID()}`;
      const sentAt = performance.now();
      tally.sent += 1;
      tally.outstanding.add(clientMessageId);
      expect(clientMessageId, (at) => {
        tally.outstanding.delete(clientMessageId);
        tally.latencies.push(at - sentAt);
      });
      await sender.request({ action: 'sendMessage', chatId: chat.chatId, clientMessageId, text: `Sustained ${clientMessageId.slice(2, 10)}` }).catch(() => void (tally.errors += 1));
    }
  };
  await Promise.all([side(chat.agent, (id, w) => void chat.visitorInbox.set(id, w)), side(chat.visitor, (id, w) => desk.expect(id, w))]);
}

export async function sustainedRun(log: (line: string) => void, options: SustainedOptions = SUSTAINED): Promise<SustainedResult> {
  const agentCount = Math.ceil(options.chats / MAX_CHATS);
  const users = benchAgents(agentCount);
  const bench = await startBenchRuntime({ users, config: { defaultMaxChats: MAX_CHATS } });
  const { runtime, staff: agents } = bench;
  try {
    const desk = new AgentDesk(agents);
    const gap = options.rampMs / options.chats;
    const opened = await Promise.allSettled(Array.from({ length: options.chats }, (_, i) => sleep(i * gap).then(() => openChat(runtime, desk))));
    const chats = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    bench.keep(...chats.map((c) => c.visitor));
    const failedChats = opened.length - chats.length;
    for (const f of opened.filter((r) => r.status === 'rejected').slice(0, 3)) log(`  a chat failed to open: ${String((f as PromiseRejectedResult).reason)}`);
    log(`  ${chats.length} chats open with ${agents.length} agents; talking for ${options.windowMs / 1000} s`);
    const tally: Tally = { sent: 0, errors: 0, latencies: [], outstanding: new Set() };
    const started = performance.now();
    await Promise.all(chats.map((chat) => talk(chat, desk, options, started + options.windowMs, tally)));
    const windowSeconds = (performance.now() - started) / 1000;
    const drainUntil = performance.now() + DRAIN_MS;
    await Promise.race([runtime.idle(), sleep(DRAIN_MS)]);
    while (tally.outstanding.size > 0 && performance.now() < drainUntil) await sleep(100);
    return {
      chats: options.chats,
      failedChats,
      sent: tally.sent,
      delivered: tally.latencies.length,
      deliveredPerSecond: round(tally.latencies.length / windowSeconds, 1),
      p50Ms: round(percentile(tally.latencies, 50), 1),
      p99Ms: round(percentile(tally.latencies, 99), 1),
      errors: tally.errors,
      lost: tally.outstanding.size,
    };
  } finally {
    await bench.stop();
  }
}
