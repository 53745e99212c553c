/**
 * Turns what a run consumed into dollars: one line per billed dimension, so the breakdown shows
 * where each cent goes, plus the floor no design on these services can go under.
 */
import type { PriceTable } from './prices';

export interface Usage {
  /** Chat messages the participants sent (the unit prices are quoted per). */
  readonly chatMessages: number;
  readonly chats: number;
  /** API Gateway WebSocket messages, in and out, already counted in 32 KB increments. */
  readonly apiGatewayMessages: number;
  readonly connectionMinutes: number;
  readonly lambdaInvocations: number;
  readonly lambdaGbSeconds: number;
  readonly dynamoWru: number;
  readonly dynamoRru: number;
  readonly events: number;
}

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly usd: number;
}

export interface CostReport {
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
  readonly usdPerMillionMessages: number;
  readonly usdPerThousandChats: number;
}

/** How many metered messages a payload of `bytes` is (at least one, per started chunk). */
export function meteredMessages(bytes: number, chunkBytes: number): number {
  return Math.max(1, Math.ceil(bytes / chunkBytes));
}

/** Billed GB-seconds of one invocation: duration rounded up to the millisecond, times memory. */
export function gbSeconds(durationMs: number, memoryMb: number): number {
  return (Math.ceil(durationMs) / 1000) * (memoryMb / 1024);
}

export function costOf(usage: Usage, prices: PriceTable): CostReport {
  const lines: CostLine[] = [
    { item: 'API Gateway messages', quantity: usage.apiGatewayMessages, usd: usage.apiGatewayMessages * prices.apiGatewayPerMessage },
    { item: 'API Gateway connection-minutes', quantity: usage.connectionMinutes, usd: usage.connectionMinutes * prices.apiGatewayPerConnectionMinute },
    { item: 'Lambda requests', quantity: usage.lambdaInvocations, usd: usage.lambdaInvocations * prices.lambdaPerRequest },
    { item: 'Lambda GB-seconds', quantity: usage.lambdaGbSeconds, usd: usage.lambdaGbSeconds * prices.lambdaPerGbSecond },
    { item: 'DynamoDB write units', quantity: usage.dynamoWru, usd: usage.dynamoWru * prices.dynamoPerWru },
    { item: 'DynamoDB read units', quantity: usage.dynamoRru, usd: usage.dynamoRru * prices.dynamoPerRru },
    { item: 'EventBridge events', quantity: usage.events, usd: usage.events * prices.eventBridgePerEvent },
  ];
  const totalUsd = lines.reduce((a, l) => a + l.usd, 0);
  const per = (n: number, scale: number): number => (n === 0 ? Number.NaN : (totalUsd / n) * scale);
  return { lines, totalUsd, usdPerMillionMessages: per(usage.chatMessages, 1e6), usdPerThousandChats: per(usage.chats, 1e3) };
}

/**
 * The least one chat message can cost on this architecture: it arrives once, is written once
 * (one write unit) and leaves once per recipient.
 */
export function floorPerMillionMessages(prices: PriceTable, recipients: number): number {
  const perMessage = prices.apiGatewayPerMessage * (1 + recipients) + prices.dynamoPerWru;
  return perMessage * 1e6;
}
