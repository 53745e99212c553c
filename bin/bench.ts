/**
 * `npm run bench`: measures Parley on this machine and prints one table; writes the figures to
 * bench-results.json (ids documented in docs/performance.md). Every figure comes from this run.
 * Not part of `npm test`: it takes minutes and its numbers depend on the machine.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TRANSACT_WRU_PER_ITEM } from '../test/bench/aws-meter';
import { lambdaBundles, removeSynth, synth } from '../test/bench/cdk-bundles';
import { costFigures, humanTypingCost } from '../test/bench/cost-figures';
import { bundleFigures, costFigureList, cpuFigures, latencyFigures, synthFigures, typingFigures, webFigures } from '../test/bench/figure-sets';
import { type Figure, formatTable, resultsJson } from '../test/bench/figures';
import { fuzzRun } from '../test/bench/fuzz-run';
import { handlerCpu } from '../test/bench/handler-cpu';
import { metricsBench } from '../test/bench/metrics-bench';
import { messageText } from '../test/bench/chat-load';
import { type Invocation, liveRun, MESSAGES_PER_CHAT } from '../test/bench/live-run';
import { HUMAN_MS_PER_KEY, humanTyping } from '../test/bench/typing-model';
import { WIDGET_PREVIEW_MS } from '../web/sdk/typing';
import { PRICE_TABLE } from '../test/bench/prices';
import { routingBurst, slaDetection } from '../test/bench/routing-bench';
import { percentile, round, sum } from '../test/bench/stats';
import { SUSTAINED, sustainedRun } from '../test/bench/sustained';
import { webWeight } from '../test/bench/web-weight';

const RESULTS = resolve(__dirname, '..', 'bench-results.json');
/** The whole bench must finish within 20 minutes on a 2-core machine. */
const DEADLINE_MS = 20 * 60_000;
const CPU_MESSAGES = 10_000;
/**
 * The phase the cost figures come from: busy but not saturated on a 2-core laptop. At 200 the
 * laptop saturates and retries and timeouts (wall-clock Lambda durations) would be priced.
 */
const COST_PHASE = 50;

const log = (line: string): void => console.log(line);

function invocationLines(invocations: readonly Invocation[], messages: number): string[] {
  const by = new Map<string, number[]>();
  for (const i of invocations) by.set(i.name, [...(by.get(i.name) ?? []), i.ms]);
  return [...by]
    .sort((a, b) => sum(b[1]) - sum(a[1]))
    .map(([name, ms]) => `  ${name.padEnd(24)} ${String(ms.length).padStart(6)}  ${round(ms.length / messages, 2)} per message  mean ${round(sum(ms) / ms.length, 1)} ms  p99 ${round(percentile(ms, 99), 1)} ms`);
}

async function step<T>(name: string, work: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  log(`${name}…`);
  const result = await work();
  log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** What a bench section can share: the synthesized assembly and its bundles, made once on demand. */
interface BenchContext {
  bundles(): Promise<Awaited<ReturnType<typeof lambdaBundles>>>;
}

/** One named part of the bench; `npm run bench -- --only=live,web` runs just those. */
interface Section {
  id: string;
  run(ctx: BenchContext): Promise<Figure[]>;
}

/** Cases per fuzz property in the bench (npm test runs 200): ≥ 10,000 cases in all. */
const FUZZ_RUNS_PER_PROPERTY = 500;

const SECTIONS: Section[] = [
  {
    id: 'metrics',
    run: async () => {
      const m = await step('metrics: reports over 30 days of rollups for 100,000 chats', metricsBench);
      log(`  ${m.items} rollup items`);
      return [
        { id: 'metrics.reportSummary.p50', value: m.summaryP50Ms, unit: 'ms', better: 'lower' },
        { id: 'metrics.reportSummary.p99', value: m.summaryP99Ms, unit: 'ms', target: 300, better: 'lower' },
        { id: 'metrics.reportAgents.p50', value: m.agentsP50Ms, unit: 'ms', better: 'lower' },
        { id: 'metrics.reportAgents.p99', value: m.agentsP99Ms, unit: 'ms', target: 300, better: 'lower' },
        { id: 'metrics.reportTags.p50', value: m.tagsP50Ms, unit: 'ms', better: 'lower' },
        { id: 'metrics.reportTags.p99', value: m.tagsP99Ms, unit: 'ms', target: 300, better: 'lower' },
        { id: 'metrics.reportAgentSummary.p99', value: m.agentSummaryP99Ms, unit: 'ms', target: 300, better: 'lower' },
        { id: 'metrics.reportHourlySeries.p99', value: m.seriesP99Ms, unit: 'ms', target: 300, better: 'lower' },
        { id: 'metrics.rollupWritesPerEvent', value: m.rollupWritesPerEvent, unit: 'items', better: 'lower' },
      ];
    },
  },
  {
    id: 'cloud',
    run: async (ctx) => bundleFigures(await ctx.bundles()),
  },
  { id: 'web', run: async () => webFigures(await step('web build', webWeight)) },
  {
    id: 'cpu',
    run: async () => cpuFigures(await step(`handler CPU over ${CPU_MESSAGES} messages`, () => handlerCpu(CPU_MESSAGES))),
  },
  {
    id: 'live',
    run: async (ctx) => {
      const bundles = await ctx.bundles();
      const run = await step('live run: 1, 50, 200 concurrent chats', () => liveRun(log, { sizeTransactionsIn: COST_PHASE }));
      const figures = latencyFigures(run);
      const costed = run.phases.find((p) => p.chats === COST_PHASE);
      if (!costed) throw new Error(`No ${COST_PHASE}-chat phase to cost`);
      const memory = new Map(bundles.map((b) => [b.name, b.memoryMb]));
      const cost = costFigures(costed, memory);
      const typing = humanTypingCost(costed, memory, cost, humanTyping(messageText('m-00000000')), MESSAGES_PER_CHAT);
      figures.push(...costFigureList(cost), ...typingFigures(typing));
      log(`\nAWS SDK calls in the ${COST_PHASE}-chat phase (${cost.usage.chatMessages} chat messages, ${cost.usage.chats} chats):`);
      for (const [name, c] of [...costed.meter.calls].sort((a, b) => b[1].count - a[1].count)) log(`  ${name.padEnd(40)} ${String(c.count).padStart(7)}  ${round(c.count / cost.usage.chatMessages, 2)} per message`);
      const m = costed.meter;
      const flatWru = m.writeUnits - m.transactionWriteUnits + TRANSACT_WRU_PER_ITEM * m.transactionItems;
      const perMillion = (wru: number): number => round(((wru * PRICE_TABLE.dynamoPerWru) / cost.usage.chatMessages) * 1e6, 4);
      const unsized = m.unsizedItems > 0 ? `; ${m.unsizedItems} could not be read back, billed as under 1 KB` : '';
      const largest = m.largestTransactionItem ? `; largest ${m.largestTransactionItem.bytes} B, ${m.largestTransactionItem.key}` : '';
      log(`  ${m.transactionItems} transaction items billed by size: ${m.transactionWriteUnits} WRU (${TRANSACT_WRU_PER_ITEM * m.transactionItems} if each were under 1 KB${unsized}${largest})`);
      log(`  write units ${m.writeUnits}: $${perMillion(m.writeUnits)} per 1M messages ($${perMillion(flatWru)} with every transaction item under 1 KB)`);
      log(`\nFunction invocations in the ${COST_PHASE}-chat phase (wall time on this machine):`);
      for (const line of invocationLines(costed.invocations, cost.usage.chatMessages)) log(line);
      log(`\nCost breakdown (prices ${PRICE_TABLE.region}, as of ${PRICE_TABLE.asOf}):`);
      for (const l of cost.report.lines) log(`  ${l.item.padEnd(32)} ${String(round(l.quantity, 3)).padStart(12)}  $${round((l.usd / cost.usage.chatMessages) * 1e6, 4)} per 1M messages`);
      log(`\nTyping as people do it (${HUMAN_MS_PER_KEY} ms a key): ${typing.typing.visitorFrames} frames a visitor message (the draft word by word, at most every ${WIDGET_PREVIEW_MS} ms), ${typing.typing.agentFrames} an agent message; ${typing.humanFramesPerChat} a chat where the run sent ${typing.benchFramesPerChat}, at $${round(typing.usdPerFrame * 1e6, 3)} per 1M frames: $${round(typing.usdPerMillionMessages, 3)} per 1M messages`);
      return figures;
    },
  },
  {
    id: 'sustained',
    run: async () => {
      const r = await step(`sustained: ${SUSTAINED.chats} concurrent chats for ${SUSTAINED.windowMs / 1000} s`, () => sustainedRun(log));
      log(`  ${r.sent} sent, ${r.delivered} delivered, ${r.errors} errors, ${r.lost} lost, ${r.failedChats} chats failed to open`);
      return [
        { id: 'sustained.chats', value: r.chats - r.failedChats, unit: 'chats', target: SUSTAINED.chats, better: 'higher' },
        { id: 'sustained.delivered-per-second', value: r.deliveredPerSecond, unit: 'msg/s', better: 'higher' },
        { id: 'sustained.latency.p50', value: r.p50Ms, unit: 'ms', better: 'lower' },
        { id: 'sustained.latency.p99', value: r.p99Ms, unit: 'ms', better: 'lower' },
        { id: 'sustained.errors', value: r.errors, unit: 'requests', target: 0, better: 'lower' },
        { id: 'sustained.lost', value: r.lost, unit: 'messages', target: 0, better: 'lower' },
      ];
    },
  },
  {
    id: 'routing',
    run: async () => {
      const r = await step('routing: 50 chats at once, 5 agents × 3 seats, duplicate deliveries', () => routingBurst(log));
      return [
        { id: 'routing.assignmentsPerSecond', value: round(r.assignmentsPerSecond, 2), unit: 'assignments/s', better: 'higher' },
        { id: 'routing.burstSeconds', value: round(r.seconds, 2), unit: 's', better: 'lower' },
        { id: 'routing.assigned', value: r.assigned, unit: 'chats', target: 15, better: 'higher' },
      ];
    },
  },
  {
    id: 'sla',
    run: async () => {
      const r = await step('sla: breach detection delay over ≥ 100 breaches', () => slaDetection(log));
      return [
        { id: 'sla.detectionDelay.p50', value: round(r.p50Seconds, 3), unit: 's', better: 'lower', anchor: 'Chatwoot polls every 300 s, Papercups every 30 s' },
        { id: 'sla.detectionDelay.p99', value: round(r.p99Seconds, 3), unit: 's', target: 2, better: 'lower' },
        { id: 'sla.breaches', value: r.breaches, unit: 'breaches', target: 100, better: 'higher' },
      ];
    },
  },
  {
    id: 'fuzz',
    run: async () => {
      const r = await step(`fuzz: every route, ${FUZZ_RUNS_PER_PROPERTY} cases per property`, () => fuzzRun(FUZZ_RUNS_PER_PROPERTY));
      log(`  ${r.properties} properties, ${r.cases} cases, ${r.failed} failed in ${round(r.seconds, 1)} s`);
      for (const failure of r.failures) log(`  FAILED ${failure}`);
      return [
        { id: 'fuzz.cases', value: r.cases, unit: 'cases', target: 10_000, better: 'higher' },
        { id: 'fuzz.crashes-or-partial-writes', value: r.failed, unit: 'properties', target: 0, better: 'lower' },
      ];
    },
  },
];

function selectedSections(argv: readonly string[]): Section[] {
  const only = argv.find((a) => a.startsWith('--only='));
  if (!only) return SECTIONS;
  const ids = only.slice('--only='.length).split(',').filter(Boolean);
  const unknown = ids.filter((id) => !SECTIONS.some((s) => s.id === id));
  if (unknown.length > 0) throw new Error(`unknown bench section(s): ${unknown.join(', ')} (known: ${SECTIONS.map((s) => s.id).join(', ')})`);
  return SECTIONS.filter((s) => ids.includes(s.id));
}

async function main(): Promise<void> {
  const sections = selectedSections(process.argv.slice(2));
  const figures: Figure[] = [];
  let assembly: Awaited<ReturnType<typeof synth>> | undefined;
  let bundles: Awaited<ReturnType<typeof lambdaBundles>> | undefined;
  const ctx: BenchContext = {
    async bundles() {
      if (!assembly) {
        assembly = await step('cdk synth', synth);
        figures.push(...synthFigures(assembly.seconds));
      }
      const made = assembly;
      bundles ??= await step('Lambda bundles: size and init time', () => lambdaBundles(made));
      return bundles;
    },
  };
  try {
    for (const section of sections) figures.push(...(await section.run(ctx)));
  } finally {
    if (assembly) removeSynth(assembly);
  }
  log(`\n${formatTable(figures)}`);
  writeFileSync(RESULTS, resultsJson(figures));
  log(`\nwrote ${RESULTS}`);
}

const watchdog = setTimeout(() => {
  console.error(`bench: over ${DEADLINE_MS / 60_000} minutes, giving up`);
  process.exit(1);
}, DEADLINE_MS);
watchdog.unref();

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
