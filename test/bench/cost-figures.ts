/**
 * Figure 3 from a live run: what the run consumed, in the units AWS bills, and its price.
 */
import { type CostReport, costOf, floorPerMillionMessages, gbSeconds, meteredMessages, type Usage } from './cost-model';
import type { LivePhase } from './live-run';
import { PRICE_TABLE } from './prices';
import { sum } from './stats';

export interface CostFigures {
  readonly usage: Usage;
  readonly report: CostReport;
  readonly awsRequestsPerMessage: number;
  /** One inbound message, one write, one outbound to the one other participant. */
  readonly floorPerMillion: number;
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
  };
}
