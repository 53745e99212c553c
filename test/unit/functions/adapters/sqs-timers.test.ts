import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SqsTimers } from '../../../../functions/adapters/sqs-timers';

const client = new SQSClient({ region: 'us-east-1' });
const sqs = mockClient(client);
const NOW = 1_000_000;
const timers = new SqsTimers(client, 'https://sqs.example/123/timers', { now: () => NOW });

afterEach(() => sqs.reset());

describe('SqsTimers.schedule', () => {
  it.each([
    ['rounds a delay up to whole seconds, never early', NOW + 1_200, 2],
    ['sends a due timer at once', NOW - 5, 0],
    ['caps at SQS’s 15 minutes (the timers function sends it again for the rest)', NOW + 3_600_000, 900],
  ])('%s', async (_name, dueAt, delay) => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });

    await timers.schedule({ kind: 'queue-limit', chatId: 'c1' }, dueAt);

    expect(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input).toEqual({
      QueueUrl: 'https://sqs.example/123/timers',
      MessageBody: JSON.stringify({ timer: { kind: 'queue-limit', chatId: 'c1' }, dueAt }),
      DelaySeconds: delay,
    });
  });
});
