/**
 * The faults that come in bursts, on a schedule drawn from the seed: every second a few random
 * sockets may drop; at 40 % of the run every socket drops at once (a reconnect storm, as after a
 * deploy or a network blip); DynamoDB Local freezes for a couple of seconds at 25 % and 70 %;
 * PutEvents refuses everything for a second and a half at 50 % and 85 % (writes succeed, their
 * events do not go out: the write-then-publish gap). The steady rates (failing invocations,
 * duplicate and late deliveries, 429 and 410) are the runtime's own (CHAOS_RATES).
 */
import type { FaultController } from '../../lib/local';

const TICK_MS = 1000;
const DROP_CHANCE = 0.3;
const DROP_FRACTION = 0.03;
const PAUSE_MS = 2_000;
const OUTAGE_MS = 1_500;

interface Burst {
  readonly id: string;
  readonly at: number;
  readonly what: string;
  fire(): unknown;
}

/** Burst kinds, for --bursts=…: pause, storm, outage, drops. */
export const BURST_KINDS = ['pause', 'storm', 'outage', 'drops'] as const;

export async function driveFaults(
  faults: FaultController,
  random: () => number,
  durationMs: number,
  over: Promise<void>,
  log: (line: string) => void,
  kinds: readonly string[] = BURST_KINDS,
): Promise<void> {
  let stopped = false;
  void over.then(() => (stopped = true));
  const all: Burst[] = [
    { id: 'pause', at: 0.25, what: `DynamoDB Local paused ${PAUSE_MS} ms`, fire: () => faults.pauseDynamoDb(PAUSE_MS) },
    { id: 'storm', at: 0.4, what: 'reconnect storm', fire: () => faults.dropSockets(1) },
    { id: 'outage', at: 0.5, what: `PutEvents refused for ${OUTAGE_MS} ms`, fire: () => faults.refusePublishing(OUTAGE_MS) },
    { id: 'pause', at: 0.7, what: `DynamoDB Local paused ${PAUSE_MS} ms`, fire: () => faults.pauseDynamoDb(PAUSE_MS) },
    { id: 'outage', at: 0.85, what: `PutEvents refused for ${OUTAGE_MS} ms`, fire: () => faults.refusePublishing(OUTAGE_MS) },
  ];
  const bursts = all.filter((b) => kinds.includes(b.id));
  const startedAt = Date.now();
  const pending: unknown[] = [];
  while (!stopped) {
    await Promise.race([new Promise((r) => setTimeout(r, TICK_MS)), over]);
    if (stopped) break;
    const progress = (Date.now() - startedAt) / durationMs;
    while (bursts.length > 0 && (bursts[0] as Burst).at <= progress) {
      const burst = bursts.shift() as Burst;
      log(`  ${Math.round((Date.now() - startedAt) / 1000)} s: ${burst.what}`);
      pending.push(burst.fire());
    }
    if (kinds.includes('drops') && random() < DROP_CHANCE) faults.dropSockets(DROP_FRACTION);
  }
  await Promise.all(pending);
}
