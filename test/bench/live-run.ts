/**
 * Figures 1 and 3 from one realistic run on the local runtime: phases of 1, 50 and 200
 * concurrent chats over real sockets, with every AWS SDK call metered (aws-meter.ts) and every
 * function invocation timed by the runtime's onInvoke observer.
 */
import { DEMO_USERS } from '../../lib/local/demo-users';
import { startLocal } from '../../lib/local';
import { AwsMeter, type MeterReading } from './aws-meter';
import { agentIdToken, type BenchClient, openClient } from './bench-client';
import { AgentDesk, type LoadResult, runChats } from './chat-load';

export const PHASES = [1, 50, 200] as const;
export const MESSAGES_PER_CHAT = 20;
/** Ten times a human's pace, so 200 chats offer ~100 messages/s. */
const THINK_MS = [1000, 3000] as const;
const LOST_AFTER_MS = 10_000;
const RAMP_MS = 10_000;
/** config.ts allows up to 50 per agent: four demo staff × 50 = the 200-chat phase. */
const BENCH_MAX_CHATS = 50;

export interface Invocation {
  readonly name: string;
  readonly ms: number;
}

export interface LiveRun {
  readonly phases: ReadonlyMap<number, LoadResult>;
  readonly meter: MeterReading;
  readonly invocations: readonly Invocation[];
  /** Milliseconds every socket of the run was open, summed. */
  readonly connectionMs: number;
  /** Byte size of every frame the run's sockets sent (API Gateway's inbound messages). */
  readonly inboundBytes: readonly number[];
}

/** Raises every agent's capacity before any function has read its environment. */
function raiseCapacity(): void {
  const config = JSON.parse(process.env.PARLEY_CONFIG ?? '{}') as Record<string, unknown>;
  process.env.PARLEY_CONFIG = JSON.stringify({ ...config, defaultMaxChats: BENCH_MAX_CHATS });
}

async function onlineAgents(runtime: Awaited<ReturnType<typeof startLocal>>): Promise<BenchClient[]> {
  return Promise.all(
    DEMO_USERS.map(async (user) => {
      const agent = await openClient(runtime, await agentIdToken(runtime, user.username, user.password));
      await agent.request({ action: 'setStatus', status: 'online' });
      return agent;
    }),
  );
}

const openMs = (c: BenchClient, end: number): number => (c.closedAt ?? end) - c.openedAt;

export async function liveRun(log: (line: string) => void): Promise<LiveRun> {
  const invocations: Invocation[] = [];
  const meter = new AwsMeter();
  meter.install();
  const runtime = await startLocal({ basePort: 0, onInvoke: (name, ms) => void invocations.push({ name, ms }) });
  try {
    raiseCapacity();
    const agents = await onlineAgents(runtime);
    const desk = new AgentDesk(agents);
    const phases = new Map<number, LoadResult>();
    for (const chats of PHASES) {
      const started = performance.now();
      const result = await runChats(runtime, desk, { chats, messagesPerChat: MESSAGES_PER_CHAT, thinkMs: THINK_MS, lostAfterMs: LOST_AFTER_MS, rampMs: RAMP_MS });
      phases.set(chats, result);
      log(`  ${chats} chats: ${result.latenciesMs.length} messages timed, ${result.lost} lost, ${result.failedChats} chats failed, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    await Promise.all(agents.map((a) => a.close()));
    await runtime.idle();
    const end = performance.now();
    const sockets = [...agents, ...[...phases.values()].flatMap((p) => p.visitors)];
    return {
      phases,
      meter: meter.reading(),
      invocations,
      connectionMs: sockets.reduce((a, c) => a + openMs(c, end), 0),
      inboundBytes: sockets.flatMap((c) => c.sentBytes),
    };
  } finally {
    await runtime.stop();
    meter.uninstall();
  }
}
