/**
 * Figures 1 and 3 from one realistic run on the local runtime: phases of 1, 50 and 200
 * concurrent chats over real sockets, with every AWS SDK call metered (aws-meter.ts) and every
 * function invocation timed by the runtime's onInvoke observer.
 */
import type { LocalRuntime } from '../../lib/local';
import { allActiveWindow } from './active-window';
import { join } from 'node:path';
import { combineReadings, type MeterReading } from './aws-meter';
import { startBenchRuntime } from './bench-runtime';
import { AgentDesk, type LoadResult, runChats } from './chat-load';
import { percentile, round } from './stats';

export const PHASES = [1, 50, 200] as const;
export const MESSAGES_PER_CHAT = 20;
/** Ten times a human's pace, so 200 chats offer ~100 messages/s. */
const THINK_MS = [1000, 3000] as const;
const LOST_AFTER_MS = 10_000;
const RAMP_MS = 10_000;
/** How long a phase may take to drain its events; a saturated runtime retries for minutes. */
const DRAIN_MS = 15_000;
/** config.ts allows up to 50 per agent: Support's five demo agents × 50 hold the 200-chat phase. */
const BENCH_MAX_CHATS = 50;

export interface Invocation {
  readonly name: string;
  readonly ms: number;
}

/** One phase: its load result and everything it cost, counted from the phase's first chat to its last. */
export interface LivePhase {
  readonly chats: number;
  readonly load: LoadResult;
  readonly meter: MeterReading;
  readonly invocations: readonly Invocation[];
  /** Milliseconds every socket was open during the phase, summed (agents included). */
  readonly connectionMs: number;
  /** Byte size of every frame the sockets sent during the phase (API Gateway's inbound messages). */
  readonly inboundBytes: readonly number[];
  /** Byte size of every frame they received (outbound messages: replies and pushes). */
  readonly outboundBytes: readonly number[];
}

export interface LiveRun {
  readonly phases: readonly LivePhase[];
}

/** Loaded into each function thread: its AWS meter (the functions' calls are made there). */
const THREAD_METER = join(__dirname, 'thread-meter.ts');

/** Every function thread's answer to a meter control (thread-meter.ts); none means nothing would be counted. */
async function meters(runtime: LocalRuntime, control: 'meter.reset' | 'meter.read', payload?: unknown): Promise<unknown[]> {
  const answers = await runtime.broadcast(control, payload);
  if (answers.length === 0) throw new Error('The live run meters the function threads: start the runtime with functions in threads');
  return answers;
}

const drain = (runtime: LocalRuntime): Promise<unknown> => Promise.race([runtime.idle(), new Promise((r) => setTimeout(r, DRAIN_MS))]);

async function phase(runtime: LocalRuntime, desk: AgentDesk, chats: number, sizeTransactions: boolean, invocations: Invocation[]): Promise<LivePhase> {
  await drain(runtime);
  await meters(runtime, 'meter.reset', sizeTransactions);
  invocations.length = 0;
  const agentSent = desk.agents.map((a) => a.sentBytes.length);
  const agentReceived = desk.agents.map((a) => a.receivedBytes.length);
  const started = performance.now();
  const load = await runChats(runtime, desk, { chats, messagesPerChat: MESSAGES_PER_CHAT, thinkMs: THINK_MS, lostAfterMs: LOST_AFTER_MS, rampMs: RAMP_MS });
  await drain(runtime);
  const ended = performance.now();
  const visitorMs = load.visitors.reduce((a, c) => a + (c.closedAt ?? ended) - c.openedAt, 0);
  return {
    chats,
    load,
    meter: combineReadings((await meters(runtime, 'meter.read')) as MeterReading[]),
    invocations: [...invocations],
    connectionMs: visitorMs + desk.agents.length * (ended - started),
    inboundBytes: [...load.visitors.flatMap((c) => c.sentBytes), ...desk.agents.flatMap((a, i) => a.sentBytes.slice(agentSent[i]))],
    outboundBytes: [...load.visitors.flatMap((c) => c.receivedBytes), ...desk.agents.flatMap((a, i) => a.receivedBytes.slice(agentReceived[i]))],
  };
}

export interface LiveRunOptions {
  /**
   * The phase whose transaction items are billed by their size (AwsMeter.sizeTransactions): the
   * costed one. Sizing reads cost DynamoDB Local time, so the other phases' latencies don't pay for it.
   */
  readonly sizeTransactionsIn?: number;
}

export async function liveRun(log: (line: string) => void, options: LiveRunOptions = {}): Promise<LiveRun> {
  const invocations: Invocation[] = [];
  const bench = await startBenchRuntime({
    onInvoke: (name, ms) => void invocations.push({ name, ms }),
    config: { defaultMaxChats: BENCH_MAX_CHATS },
    functionThreadSetup: [THREAD_METER],
  });
  try {
    const desk = new AgentDesk(bench.staff);
    const phases: LivePhase[] = [];
    for (const chats of PHASES) {
      const started = performance.now();
      const result = await phase(bench.runtime, desk, chats, chats === options.sizeTransactionsIn, invocations);
      phases.push(result);
      const { load } = result;
      const calls = [...result.meter.calls.values()].reduce((a, c) => a + c.count, 0);
      const perMessage = (calls / Math.max(1, load.chatMessages)).toFixed(1);
      const window = allActiveWindow(load.messages);
      const steady = window ? `p99 ${round(percentile(window.latenciesMs, 99), 1)} ms over ${window.latenciesMs.length} sent while all were under way` : 'never all under way at once';
      log(`  ${chats} chats: ${load.latenciesMs.length} messages timed (${steady}; p99 ${round(percentile(load.latenciesMs, 99), 1)} ms over all), ${load.lost} lost, ${load.failedChats} chats failed, ${perMessage} AWS calls per message, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    return { phases };
  } finally {
    await bench.stop();
  }
}
