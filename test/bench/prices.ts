/**
 * The AWS list prices the cost model multiplies by, us-east-1, on-demand, no free tier.
 * Kept in code (not fetched) so a run is reproducible offline; update `asOf` with the numbers.
 */
export const PRICE_TABLE = {
  asOf: '2026-11-21',
  region: 'us-east-1',
  sources: [
    'https://aws.amazon.com/api-gateway/pricing/',
    'https://aws.amazon.com/lambda/pricing/',
    'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    'https://aws.amazon.com/eventbridge/pricing/',
    'https://aws.amazon.com/connect/pricing/',
  ],
  /** WebSocket API: per message, metered in 32 KB increments, both directions. */
  apiGatewayPerMessage: 1.0 / 1e6,
  apiGatewayMessageChunkBytes: 32 * 1024,
  apiGatewayPerConnectionMinute: 0.25 / 1e6,
  lambdaPerRequest: 0.2 / 1e6,
  /** arm64 */
  lambdaPerGbSecond: 0.0000133334,
  dynamoPerWru: 0.625 / 1e6,
  dynamoPerRru: 0.125 / 1e6,
  /** Custom events, metered in 64 KB chunks. */
  eventBridgePerEvent: 1.0 / 1e6,
  /** The anchor: Amazon Connect Chat, per message. */
  connectChatPerMessage: 0.01,
} as const;

export type PriceTable = typeof PRICE_TABLE;
