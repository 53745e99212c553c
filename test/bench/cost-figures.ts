/**
 * Figure 3 from a live run: what the run consumed, in the units AWS bills, and its price.
 */
import { type CostReport, costOf, floorPerMillionMessages, gbSeconds, meteredMessages, type Usage } from './cost-model';
import type { LivePhase } from './live-run';
import { PRICE_TABLE } from './prices';
import { sum } from './stats';
import type { HumanTyping } from './typing-model';

export interface CostFigures {
  readonly usage: Usage;
  readonly report: CostReport;
  readonly awsRequestsPerMessage: number;
  /** One inbound message, one write, one outbound to the one other participant. */
  readonly floorPerMillion: number;
  /** DynamoDB write units per chat message, by the kind of item written (aws-meter.ts itemKind), most first. */
  readonly writeUnitsPerMessage: ReadonlyArray<readonly [kind: string, units: number]>;
}

export function usageOf(run: LivePhase, memoryMb: ReadonlyMap<string, number>): Usage {
  const chunk = PRICE_TABLE.apiGatewayMessageChunkBytes;
  const gb = run.invocations.map((i) => {
    const mb = memoryMb.get(i.name);
    if (mb === undefined) throw new Error(`No memory size for ${i.name} in the template`);
    return gbSeconds(i.ms, mb);
  });
  return {
    chatMessages: run.load.chatMessages,
    chats: run.load.visitors.length,
    apiGatewayMessages: sum([...run.inboundBytes, ...run.outboundBytes].map((b) => meteredMessages(b, chunk))),
    connectionMinutes: run.connectionMs / 60_000,
    lambdaInvocations: run.invocations.length,
    lambdaGbSeconds: sum(gb),
    dynamoWru: run.meter.writeUnits,
    dynamoRru: run.meter.readUnits,
    events: run.meter.eventEntries,
  };
}

export function costFigures(run: LivePhase, memoryMb: ReadonlyMap<string, number>): CostFigures {
  const usage = usageOf(run, memoryMb);
  const awsRequests = sum([...run.meter.calls.values()].map((c) => c.count));
  return {
    usage,
    report: costOf(usage, PRICE_TABLE),
    awsRequestsPerMessage: awsRequests / usage.chatMessages,
    floorPerMillion: floorPerMillionMessages(PRICE_TABLE, 1),
    writeUnitsPerMessage: [...run.meter.writeUnitsByKind].map(([kind, units]) => [kind, units / usage.chatMessages] as const).sort((a, b) => b[1] - a[1]),
  };
}

/** Reads a visitor's typing frame makes: one consistent BatchGetItem of the chat and two socket items, each under 4 KB. */
const READ_UNITS_PER_TYPING_FRAME = 3;

export interface TypingCost {
  readonly typing: HumanTyping;
  /** Typing frames the run sent per chat (one before each message after the opening question). */
  readonly benchFramesPerChat: number;
  /** What the widget and the console would send for the same chat typed at a human speed. */
  readonly humanFramesPerChat: number;
  /** One frame: in and out through API Gateway, one typing invocation as measured, its read. */
  readonly usdPerFrame: number;
  /** The run's cost with the frames people's typing adds. */
  readonly usdPerMillionMessages: number;
}

/**
 * The costed phase's price with typing as people produce it: the run's own cost plus the frames
 * it did not send, each priced from the phase's own typing invocations (mean duration × memory).
 */
export function humanTypingCost(run: LivePhase, memoryMb: ReadonlyMap<string, number>, cost: CostFigures, typing: HumanTyping, messagesPerChat: number): TypingCost {
  const name = 'socket-typing';
  const mb = memoryMb.get(name);
  const calls = run.invocations.filter((i) => i.name === name);
  if (mb === undefined || calls.length === 0) throw new Error(`No ${name} invocations (or memory size) in the costed phase to price a typing frame`);
  const meanGbs = sum(calls.map((i) => gbSeconds(i.ms, mb))) / calls.length;
  const p = PRICE_TABLE;
  const usdPerFrame = 2 * p.apiGatewayPerMessage + p.lambdaPerRequest + meanGbs * p.lambdaPerGbSecond + READ_UNITS_PER_TYPING_FRAME * p.dynamoPerRru;
  const visitorMessages = messagesPerChat / 2 + 1; // their turns, and the opening question
  const humanFramesPerChat = visitorMessages * typing.visitorFrames + (messagesPerChat / 2) * typing.agentFrames;
  const extraUsd = (humanFramesPerChat - messagesPerChat) * cost.usage.chats * usdPerFrame;
  return {
    typing,
    benchFramesPerChat: messagesPerChat,
    humanFramesPerChat,
    usdPerFrame,
    usdPerMillionMessages: cost.report.usdPerMillionMessages + (extraUsd / cost.usage.chatMessages) * 1e6,
  };
}
