import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
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

describe('SqsTimers.scheduleAll', () => {
  const limit = (chatId: string, dueAt: number) => ({ timer: { kind: 'queue-limit' as const, chatId }, dueAt });

  it('sends timers decided together in one batch, each with its own delay', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });

    await timers.scheduleAll([limit('c1', NOW + 1_200), { timer: { kind: 'offer-expiry', chatId: 'c1', attempt: 1 }, dueAt: NOW + 30_000 }]);

    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    expect(sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input)).toEqual([
      {
        QueueUrl: 'https://sqs.example/123/timers',
        Entries: [
          { Id: '0', MessageBody: JSON.stringify(limit('c1', NOW + 1_200)), DelaySeconds: 2 },
          { Id: '1', MessageBody: JSON.stringify({ timer: { kind: 'offer-expiry', chatId: 'c1', attempt: 1 }, dueAt: NOW + 30_000 }), DelaySeconds: 30 },
        ],
      },
    ]);
  });

  it('sends ten per request, one timer as a plain SendMessage, and nothing for none', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });

    await timers.scheduleAll(Array.from({ length: 12 }, (_, i) => limit(`c${i}`, NOW)));
    await timers.scheduleAll([limit('one', NOW)]);
    await timers.scheduleAll([]);

    expect(sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries?.length)).toEqual([10, 2]);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
  });

  it('throws when SQS failed an entry (the batch answers 200), so the caller’s retry sends it again', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'm', MD5OfMessageBody: 'x' }], Failed: [{ Id: '1', SenderFault: false, Code: 'InternalError', Message: 'try again' }] });

    await expect(timers.scheduleAll([limit('c1', NOW), limit('c2', NOW)])).rejects.toThrow('SQS refused 1 of 2 timers (first: InternalError: try again)');
  });
});
