/**
 * SLA timers end to end on the local runtime: real sockets, DynamoDB Local, the local SQS delay
 * queue and event bus. Targets are 1–2 seconds in support and sales (the test config), so a
 * breach takes that long; billing gives 6 s for the chats that must meet theirs on a busy machine.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import type { ChatSummary, ServerFrame } from '../../functions/contracts/frames';
import { type Client, connectAgent, connectVisitor, newId, onlineAgent, useRuntime, type Visitor } from './harness';

type Breach = Extract<ServerFrame, { type: 'slaBreach' }>;
const events: { type: string; detail: Record<string, unknown> }[] = [];
const projectConfig = JSON.parse(readFileSync(resolve(__dirname, '../../parley.config.json'), 'utf8')) as Record<string, unknown>;
const local = useRuntime({
  config: { ...projectConfig, sla: {
      firstResponseSeconds: 2,
      agentReplySeconds: 1,
      departments: { billing: { firstResponseSeconds: 6, queueSeconds: 6 }, sales: { queueSeconds: 1 } },
      escalation: [{ raisePriorityTo: 5 }],
    },
  },
  onEvent: (e) => void events.push({ type: e['detail-type'], detail: e.detail }),
});

const breachesOf = (chatId: string) => events.filter((e) => e.type === 'sla.breached' && e.detail.chatId === chatId);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startChat(visitor: Visitor, department = 'support'): Promise<ChatSummary> {
  const { chat } = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'Anyone there?', clientMessageId: newId('m'), department });
  return chat;
}

describe('SLA breaches through the local runtime', () => {
  let sam: Client;
  let alice: Client;
  let unanswered: string;

  it('detects a missed first response after its deadline: sla.breached on the bus, the live alert to the supervisor, the red badge to the agent', async () => {
    // Arrange
    sam = await connectAgent(local.runtime, 'sam@demo.parley');
    alice = await onlineAgent(local.runtime, 'alice@demo.parley');
    const visitor = await connectVisitor(local.runtime);
    local.keep(sam, alice, visitor.client);

    // Act
    unanswered = (await startChat(visitor)).chatId;
    const alert = await sam.waitFor('slaBreach', (f) => f.breach.chatId === unanswered && f.breach.target === 'firstResponse');
    const badge = await alice.waitFor('chat', (f) => f.chat.chatId === unanswered && f.chat.slaBreach !== undefined);
    await local.runtime.idle();

    // Assert
    expect(alert.breach.detectedAt).toBeGreaterThanOrEqual(alert.breach.deadline);
    expect(alert.breach.deadline - alert.breach.startedAt).toBe(2000);
    expect(alert.chat).toMatchObject({ chatId: unanswered, status: 'assigned', priority: 5 });
    expect(badge.chat.slaBreach?.target).toBe('firstResponse');
    expect(breachesOf(unanswered).map((e) => e.detail)).toEqual([
      expect.objectContaining({ target: 'firstResponse', targetSeconds: 2, deadline: new Date(alert.breach.deadline).toISOString(), actual: new Date(alert.breach.detectedAt).toISOString() }),
    ]);
    expect(visitor.client.pending('slaBreach')).toEqual([]);
  });

  it('emits nothing for targets met in time (assigned at once, answered within the first-response target, the deadlines passed)', async () => {
    // Arrange
    const visitor = await connectVisitor(local.runtime);
    local.keep(visitor.client);

    // Act
    const { chatId, createdAt } = await startChat(visitor, 'billing');
    await alice.waitFor('chat', (f) => f.chat.chatId === chatId && f.chat.status === 'assigned');
    await alice.ack({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: 'Hello, how can I help?' });
    await sleep(createdAt + 6_700 - Date.now());
    await local.runtime.idle();

    // Assert
    expect(breachesOf(chatId)).toEqual([]);
    expect(sam.pending('slaBreach').filter((f) => f.breach.chatId === chatId)).toEqual([]);
  });

  it('reports a late agent reply once, and nothing more when the agent finally answers', async () => {
    // Arrange: an answered chat, then the visitor writes twice and nobody answers.
    const visitor = await connectVisitor(local.runtime);
    local.keep(visitor.client);
    const { chatId } = await startChat(visitor, 'billing');
    await alice.waitFor('chat', (f) => f.chat.chatId === chatId && f.chat.status === 'assigned');
    await alice.ack({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: 'Hi!' });

    // Act
    await visitor.client.ack({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: 'My order is late' });
    await visitor.client.ack({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: 'Hello?' });
    const alert = await sam.waitFor('slaBreach', (f: Breach) => f.breach.chatId === chatId);
    await alice.ack({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: 'Sorry for the wait' });
    await sleep(1500);
    await local.runtime.idle();

    // Assert
    expect(alert.breach.target).toBe('agentReply');
    expect(breachesOf(chatId).map((e) => e.detail.target)).toEqual(['agentReply']);
  });

  it('reports a breach once however often its timer is delivered', async () => {
    // Arrange: the first chat's timer, delivered twice more through the real SQS API.
    const sqs = new SQSClient({});
    const [original] = breachesOf(unanswered);
    const deadline = Date.parse(String(original?.detail.deadline));
    const timer = { kind: 'sla', chatId: unanswered, department: 'support', target: 'firstResponse', targetSeconds: 2, startedAt: deadline - 2000 };

    // Act
    await Promise.all([1, 2].map(() => sqs.send(new SendMessageCommand({ QueueUrl: process.env.TIMER_QUEUE_URL, MessageBody: JSON.stringify({ timer, dueAt: deadline }) }))));
    await sleep(500);
    await local.runtime.idle();

    // Assert
    expect(breachesOf(unanswered)).toHaveLength(1);
    expect(sam.pending('slaBreach').filter((f) => f.breach.chatId === unanswered)).toEqual([]);
  });

  it('alerts on a chat still queued past the time-in-queue target (offered, not yet accepted)', async () => {
    // Arrange: Carol, the only sales agent, is online but does not answer the offer (with nobody
    // online the chat would be offline at once, never queued).
    const carol = await onlineAgent(local.runtime, 'carol@demo.parley');
    carol.autoAccept = false;
    const visitor = await connectVisitor(local.runtime);
    local.keep(carol, visitor.client);

    // Act
    const chat = await startChat(visitor, 'sales');
    const alert = await sam.waitFor('slaBreach', (f: Breach) => f.breach.chatId === chat.chatId && f.breach.target === 'queueTime');

    // Assert
    expect(alert.chat.status).toBe('queued');
    expect(alert.breach.department).toBe('sales');
  });
});
