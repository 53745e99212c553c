/**
 * `npm run chaos`: simulated visitors and staff chat through the local runtime while faults are
 * injected; then every chat is checked from both sides (0 lost, 0 duplicated, order by seq
 * intact, every chat in a valid state, no agent over capacity). Prints the counts, writes
 * chaos-results.json, exits non-zero when a check fails.
 *   --chats=200 --duration=120 (seconds of faults; the chats are paced over it) --seed=1 --messages=4 (per side) --no-faults
 *   To chase one kind of fault: --rates=invocationFailureRate=0.1,goneRate=0 (steady rates, see
 *   CHAOS_RATES) and --bursts=pause,storm,outage,drops (the bursts to fire; none: --bursts=).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FaultRates } from '../lib/local';
import { BURST_KINDS } from '../test/chaos/fault-driver';
import { CHAOS_RATES, passed, runChaos } from '../test/chaos/run';

const RESULTS = resolve(__dirname, '..', 'chaos-results.json');
/** Every problem found, one a line (git-ignored, like every *.log). */
const PROBLEMS = resolve(__dirname, '..', 'chaos-problems.log');
/** Bounded whatever happens: faults + settle + start and stop, with room to spare. */
const HARD_LIMIT_MS = 10 * 60_000;

function flag(name: string, fallback: number): number {
  const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  if (!arg) return fallback;
  const value = Number(arg.slice(name.length + 3));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number, got ${arg}`);
  return value;
}

function textFlag(name: string): string | undefined {
  return process.argv.slice(2).find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function rates(): Partial<FaultRates> {
  const text = textFlag('rates');
  if (!text) return {};
  const out: Record<string, number> = {};
  for (const pair of text.split(',').filter(Boolean)) {
    const [key = '', value = ''] = pair.split('=');
    if (!(key in CHAOS_RATES) || !Number.isFinite(Number(value)) || Number(value) < 0) throw new Error(`--rates: "${pair}" (known: ${Object.keys(CHAOS_RATES).join(', ')})`);
    out[key] = Number(value);
  }
  return out;
}

function bursts(): string[] {
  const text = textFlag('bursts');
  if (text === undefined) return [...BURST_KINDS];
  const kinds = text.split(',').filter(Boolean);
  const unknown = kinds.filter((k) => !(BURST_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new Error(`--bursts: unknown ${unknown.join(', ')} (known: ${BURST_KINDS.join(', ')})`);
  return kinds;
}

async function main(): Promise<boolean> {
  const options = {
    chats: flag('chats', 200),
    durationMs: flag('duration', 120) * 1000,
    seed: flag('seed', 1),
    messagesPerSide: flag('messages', 4),
    faults: !process.argv.includes('--no-faults'),
    rates: rates(),
    bursts: bursts(),
  };
  if (options.chats > 1000) throw new Error('--chats is limited to 1000 on one machine');
  if (options.durationMs > 300_000) throw new Error('--duration is limited to 300 seconds');
  // Functions log every internal error; under injected faults that is thousands of lines.
  const errors: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void errors.push(args.map(String).join(' '));
  let report;
  try {
    console.log(`chaos: ${options.chats} chats, ${options.durationMs / 1000} s, seed ${options.seed}`);
    report = await runChaos({ ...options, log: (line) => console.log(line) });
  } finally {
    console.error = original;
  }
  const { result } = report;
  writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${result.chats} chats, ${result.messages} messages in ${report.seconds.toFixed(1)} s; ${report.socketOpens} socket opens`);
  console.log(`lost ${result.lost}, duplicated ${result.duplicated}, out of order ${result.outOfOrder}, invalid states ${result.invalidStates}, over capacity ${result.overCapacity}`);
  console.log(`messages recovered by the final catch-up (missed live): ${report.recoveredByCatchUp}`);
  console.log(`faults injected: ${Object.entries(result.faultsInjected).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`error lines logged by functions and runtime: ${errors.length}`);
  for (const line of [...new Set(errors.map((e) => e.slice(0, 300)))].slice(0, 5)) console.log(`  ${line}`);
  for (const problem of report.problems.slice(0, 30)) console.log(`  problem: ${problem}`);
  if (report.problems.length > 30) console.log(`  … and ${report.problems.length - 30} more (all in ${PROBLEMS})`);
  writeFileSync(PROBLEMS, report.problems.map((p) => `${p}\n`).join(''));
  console.log(`wrote ${RESULTS}`);
  return passed(result);
}

const watchdog = setTimeout(() => {
  console.error(`chaos: over ${HARD_LIMIT_MS / 60_000} minutes, giving up`);
  process.exit(2);
}, HARD_LIMIT_MS);
watchdog.unref();

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
