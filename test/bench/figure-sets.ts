/** Each measurement turned into figures with their stable ids, targets and anchors. */
import { allActiveWindow } from './active-window';
import type { LambdaBundle } from './cdk-bundles';
import type { CostFigures, TypingCost } from './cost-figures';
import { anchorText, type Figure } from './figures';
import type { CpuResult } from './handler-cpu';
import type { LiveRun } from './live-run';
import { PRICE_TABLE } from './prices';
import { percentile, round } from './stats';
import type { WebPart } from './web-weight';

const KB = 1024;

export function synthFigures(seconds: number): Figure[] {
  return [{ id: 'synth.seconds', value: round(seconds, 1), unit: 's', better: 'lower' }];
}

export function bundleFigures(bundles: readonly LambdaBundle[]): Figure[] {
  const per = bundles.flatMap((b): Figure[] => [
    { id: `bundle.${b.name}.minified`, value: round(b.bytes / KB, 1), unit: 'KB', better: 'lower' },
    { id: `bundle.${b.name}.gzip`, value: round(b.gzipBytes / KB, 1), unit: 'KB', target: 250, better: 'lower' },
    { id: `bundle.${b.name}.init`, value: round(b.initMs, 1), unit: 'ms', target: 150, better: 'lower' },
  ]);
  const max = (pick: (b: LambdaBundle) => number): number => Math.max(...bundles.map(pick));
  return [
    { id: 'bundle.max.gzip', value: round(max((b) => b.gzipBytes) / KB, 1), unit: 'KB', target: 250, better: 'lower' },
    { id: 'bundle.max.init', value: round(max((b) => b.initMs), 1), unit: 'ms', target: 150, better: 'lower' },
    ...per,
  ];
}

const WEB_ANCHORS = [
  ['Crisp', 130],
  ['LiveHelperChat', 125],
  ['Chatwoot', 170],
] as const;

export function webFigures(weight: Record<WebPart, number>): Figure[] {
  const kb = (bytes: number): number => round(bytes / KB, 2);
  const widget = kb(weight.widget);
  return [
    { id: 'web.loader.gzip', value: kb(weight.loader), unit: 'KB', target: 3, better: 'lower' },
    { id: 'web.widget.gzip', value: widget, unit: 'KB', target: 25, better: 'lower', anchor: WEB_ANCHORS.map(([n, v]) => anchorText(n, v, widget, 'KB')).join('; ') },
    { id: 'web.console.gzip', value: kb(weight.console), unit: 'KB', better: 'lower' },
    { id: 'web.console.dashboard-chunk.gzip', value: kb(weight.dashboard), unit: 'KB', better: 'lower', anchor: 'fetched on first opening the dashboard' },
  ];
}

export function cpuFigures(cpu: CpuResult): Figure[] {
  return [
    { id: 'cpu.send-message.per-message', value: round(cpu.cpuUsPerMessage, 1), unit: 'µs', target: 200, better: 'lower', anchor: `over ${cpu.messages} messages` },
  ];
}

/**
 * Per phase: the percentiles of messages sent while all of its chats were under way (the figure
 * the target names: latency *at* N concurrent chats; active-window.ts), then the same over every
 * message of the phase, arrivals and departures included, and the messages lost.
 */
export function latencyFigures(run: LiveRun): Figure[] {
  return run.phases.flatMap(({ chats, load: result }): Figure[] => {
    const target = chats === 200;
    const window = allActiveWindow(result.messages);
    if (!window) throw new Error(`The ${chats}-chat phase never had all its chats under way at once: no latency at ${chats} chats to report`);
    const during = `${window.latenciesMs.length} messages sent in the ${round((window.to - window.from) / 1000, 1)} s all ${chats} chats were under way`;
    const percentiles = (prefix: string, values: readonly number[], anchor: string): Figure[] =>
      ([50, 95, 99] as const).map((p): Figure => ({
        id: `${prefix}.p${p}.chats${chats}`,
        value: round(percentile(values, p), 1),
        unit: 'ms',
        better: 'lower',
        ...(target && p === 99 && prefix === 'latency' ? { target: 50 } : {}),
        ...(p === 99 ? { anchor } : {}),
      }));
    return [
      ...percentiles('latency', window.latenciesMs, during),
      ...percentiles('latency.all', result.latenciesMs, `every message of the phase (${result.latenciesMs.length}), arrivals included`),
      { id: `latency.lost.chats${chats}`, value: result.lost + result.failedChats * 20, unit: 'messages', better: 'lower', ...(target ? { target: 0 } : {}) },
    ];
  });
}

export function costFigureList(cost: CostFigures): Figure[] {
  const perMillion = round(cost.report.usdPerMillionMessages, 3);
  const connect = PRICE_TABLE.connectChatPerMessage * 1e6;
  const breakdown = cost.report.lines.map((l): Figure => ({
    id: `cost.per-million.${l.item.toLowerCase().replace(/[^a-z]+/g, '-')}`,
    value: round((l.usd / cost.usage.chatMessages) * 1e6, 4),
    unit: 'USD',
    better: 'lower',
  }));
  return [
    { id: 'cost.chats', value: cost.usage.chats, unit: 'chats', better: 'higher', anchor: `${cost.usage.chatMessages} messages in the costed phase` },
    { id: 'aws.requests.per-message', value: round(cost.awsRequestsPerMessage, 2), unit: 'calls', better: 'lower' },
    { id: 'cost.per-million-messages', value: perMillion, unit: 'USD', target: 5, better: 'lower', anchor: anchorText('Amazon Connect Chat', connect, perMillion, 'USD') },
    { id: 'cost.per-thousand-chats', value: round(cost.report.usdPerThousandChats, 4), unit: 'USD', better: 'lower' },
    { id: 'cost.floor.per-million-messages', value: round(cost.floorPerMillion, 3), unit: 'USD', better: 'lower', anchor: anchorText('this run', perMillion, round(cost.floorPerMillion, 3), 'USD') },
    ...breakdown,
    ...cost.writeUnitsPerMessage.map(([kind, units]): Figure => ({
      id: `dynamodb.wru-per-message.${kind.toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '')}`,
      value: round(units, 3),
      unit: 'WRU',
      better: 'lower',
      anchor: `${kind}: ${round((units * PRICE_TABLE.dynamoPerWru) * 1e6, 3)} USD per 1M messages`,
    })),
  ];
}

/** What typing costs when people type (typing-model.ts): frames per message and the cost with them. */
export function typingFigures(t: TypingCost): Figure[] {
  return [
    { id: 'typing.frames-per-message.visitor', value: t.typing.visitorFrames, unit: 'frames', better: 'lower', anchor: 'the widget, its draft preview, a 34-character message at 40 words a minute' },
    { id: 'typing.frames-per-message.agent', value: t.typing.agentFrames, unit: 'frames', better: 'lower', anchor: 'the console, the same message' },
    {
      id: 'cost.per-million-messages.human-typing',
      value: round(t.usdPerMillionMessages, 3),
      unit: 'USD',
      target: 5,
      better: 'lower',
      anchor: `cost.per-million-messages with ${t.humanFramesPerChat} typing frames a chat instead of the run's ${t.benchFramesPerChat}, at $${round(t.usdPerFrame * 1e6, 3)} per 1M frames`,
    },
  ];
}
