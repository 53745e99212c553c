import { describe, expect, it } from 'vitest';
import type { ChatSummary } from '../../functions/contracts/frames';
import { type Client, connectVisitor, newId, onlineAgent, resume, useRuntime, type Visitor } from './harness';

const local = useRuntime();

async function openChats(agent: Client): Promise<ChatSummary[]> {
  const { chats } = await agent.ack<{ chats: ChatSummary[] }>({ action: 'listChats' });
  return chats.filter((c) => c.status === 'assigned');
}

async function statusOf(visitor: Visitor, chatId: string): Promise<string> {
  return (await resume(visitor.client, chatId)).chat.status;
}

describe('routing under load: two agents with three seats each, ten visitors at once', () => {
  let alice: Client;
  let bob: Client;
  let visitors: Visitor[];
  let chatIds: string[];

  it('assigns six chats exactly once each, nobody over capacity, four still queued', async () => {
    // Arrange
    [alice, bob] = await Promise.all([onlineAgent(local.runtime, 'alice@demo.parley'), onlineAgent(local.runtime, 'bob@demo.parley')]);
    visitors = await Promise.all(Array.from({ length: 10 }, () => connectVisitor(local.runtime)));
    local.keep(alice, bob, ...visitors.map((v) => v.client));

    // Act
    const started = await Promise.all(
      visitors.map((v, i) => v.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: `Question ${i}`, clientMessageId: newId('m') })),
    );
    chatIds = started.map((s) => s.chat.chatId);
    await local.runtime.idle();
    const [aliceChats, bobChats] = await Promise.all([openChats(alice), openChats(bob)]);
    const statuses = await Promise.all(visitors.map((v, i) => statusOf(v, chatIds[i] as string)));

    // Assert
    const assigned = [...aliceChats, ...bobChats].map((c) => c.chatId);
    expect(new Set(chatIds).size).toBe(10);
    expect(aliceChats).toHaveLength(3);
    expect(bobChats).toHaveLength(3);
    expect(new Set(assigned).size).toBe(6);
    expect(statuses.filter((s) => s === 'assigned')).toHaveLength(6);
    expect(statuses.filter((s) => s === 'queued')).toHaveLength(4);
    const assignedFramesPerVisitor = visitors.map((v) => v.client.pending('chat').filter((f) => f.chat.status === 'assigned').length);
    expect(assignedFramesPerVisitor.filter((n) => n === 1)).toHaveLength(6);
    expect(assignedFramesPerVisitor.filter((n) => n > 1)).toEqual([]);
  });

  it('assigns the next queued chat when an agent closes one', async () => {
    // Arrange
    const [closing] = await openChats(alice);

    // Act
    await alice.ack({ action: 'closeChat', chatId: closing?.chatId, outcome: 'resolved' });
    await local.runtime.idle();
    const aliceChats = await openChats(alice);
    const statuses = await Promise.all(visitors.map((v, i) => statusOf(v, chatIds[i] as string)));

    // Assert
    expect(aliceChats).toHaveLength(3);
    expect(aliceChats.map((c) => c.chatId)).not.toContain(closing?.chatId);
    expect(statuses.filter((s) => s === 'queued')).toHaveLength(3);
    expect(statuses.filter((s) => s === 'closed')).toHaveLength(1);
  });
});
