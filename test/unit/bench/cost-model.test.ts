import { describe, expect, it } from 'vitest';
import { costOf, floorPerMillionMessages, gbSeconds, meteredMessages, type Usage } from '../../bench/cost-model';
import { PRICE_TABLE } from '../../bench/prices';

const none: Usage = {
  chatMessages: 1_000_000,
  chats: 50_000,
  apiGatewayMessages: 0,
  connectionMinutes: 0,
  lambdaInvocations: 0,
  lambdaGbSeconds: 0,
  dynamoWru: 0,
  dynamoRru: 0,
  events: 0,
};

describe('metering units', () => {
  it.each([
    [0, 1],
    [1, 1],
    [32 * 1024, 1],
    [32 * 1024 + 1, 2],
    [100 * 1024, 4],
  ])('bills a %i-byte WebSocket message as %i messages', (bytes, expected) => {
    expect(meteredMessages(bytes, PRICE_TABLE.apiGatewayMessageChunkBytes)).toBe(expected);
  });

  it.each([
    [1, 1024, 0.001],
    [0.2, 1024, 0.001],
    [10.5, 512, 0.0055],
    [100, 256, 0.025],
  ])('bills %f ms at %i MB as %f GB-s (duration rounded up to the ms)', (ms, mb, expected) => {
    expect(gbSeconds(ms, mb)).toBeCloseTo(expected, 10);
  });
});

describe('costOf', () => {
  it.each([
    ['API Gateway messages', { apiGatewayMessages: 1_000_000 }, 1.0],
    ['API Gateway connection-minutes', { connectionMinutes: 1_000_000 }, 0.25],
    ['Lambda requests', { lambdaInvocations: 1_000_000 }, 0.2],
    ['Lambda GB-seconds', { lambdaGbSeconds: 1_000 }, 0.0133334],
    ['DynamoDB write units', { dynamoWru: 1_000_000 }, 0.625],
    ['DynamoDB read units', { dynamoRru: 1_000_000 }, 0.125],
    ['EventBridge events', { events: 1_000_000 }, 1.0],
  ])('prices %s at the table price', (item, usage, usd) => {
    const report = costOf({ ...none, ...usage }, PRICE_TABLE);

    expect(report.lines.find((l) => l.item === item)?.usd).toBeCloseTo(usd, 9);
    expect(report.totalUsd).toBeCloseTo(usd, 9);
  });

  it('scales the total to one million messages and to one thousand chats', () => {
    const usage = { ...none, chatMessages: 2_000, chats: 100, apiGatewayMessages: 4_000, dynamoWru: 2_000 };

    const report = costOf(usage, PRICE_TABLE);

    // 4000 × $1/M + 2000 × $0.625/M = $0.00525 for 2000 messages and 100 chats
    expect(report.totalUsd).toBeCloseTo(0.00525, 12);
    expect(report.usdPerMillionMessages).toBeCloseTo(2.625, 9);
    expect(report.usdPerThousandChats).toBeCloseTo(0.0525, 9);
  });

  it('reports no per-message price when no message was sent', () => {
    expect(costOf({ ...none, chatMessages: 0, chats: 0 }, PRICE_TABLE).usdPerMillionMessages).toBeNaN();
  });
});

describe('floorPerMillionMessages', () => {
  it.each([
    [1, 2.625],
    [2, 3.625],
  ])('is one message in, one write and one message out per recipient: %i recipient(s) → $%f', (recipients, usd) => {
    expect(floorPerMillionMessages(PRICE_TABLE, recipients)).toBeCloseTo(usd, 9);
  });
});
