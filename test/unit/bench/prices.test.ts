import { describe, expect, it } from 'vitest';
import { PRICE_TABLE } from '../../bench/prices';

describe('price table', () => {
  it('says when and where its numbers come from', () => {
    expect(PRICE_TABLE.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICE_TABLE.region).toBe('us-east-1');
    expect(PRICE_TABLE.sources.every((s) => s.startsWith('https://aws.amazon.com/'))).toBe(true);
  });

  it.each([
    ['API Gateway WebSocket message', PRICE_TABLE.apiGatewayPerMessage * 1e6, 1.0],
    ['API Gateway connection-minute', PRICE_TABLE.apiGatewayPerConnectionMinute * 1e6, 0.25],
    ['Lambda request', PRICE_TABLE.lambdaPerRequest * 1e6, 0.2],
    ['DynamoDB write unit', PRICE_TABLE.dynamoPerWru * 1e6, 0.625],
    ['DynamoDB read unit', PRICE_TABLE.dynamoPerRru * 1e6, 0.125],
    ['EventBridge event', PRICE_TABLE.eventBridgePerEvent * 1e6, 1.0],
    ['Amazon Connect Chat message', PRICE_TABLE.connectChatPerMessage * 1e6, 10_000],
  ])('prices one million of %s at $%f', (_name, perMillion, expected) => {
    expect(perMillion).toBeCloseTo(expected, 9);
  });

  it('prices arm64 Lambda compute per GB-second', () => {
    expect(PRICE_TABLE.lambdaPerGbSecond).toBe(0.0000133334);
  });
});
