/**
 * The reconnect grace through the whole local runtime on DynamoDB Local: an agent's only console
 * socket drops (no closing handshake, like a phone losing signal); a chat started within the
 * grace queues for them instead of going to the offline form, and their new socket gets it
 * offered (the server itself tells routing they are back: the console does nothing special). Once
 * the grace has lapsed by the timer queue, the agent is away and a new chat takes the offline path.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { ChatSummary } from '../../functions/contracts/frames';
import { LOCAL_CREDENTIALS } from '../../lib/local/dynamodb';
import { agentToken, Client, connectVisitor, newId, onlineAgent, openSocket, useRuntime } from './harness';

const GRACE_SECONDS = 8;
const events: { type: string; detail: Record<string, unknown> }[] = [];
const local = useRuntime({
  config: { routing: { reconnectGraceSeconds: GRACE_SECONDS, offerTimeoutSeconds: 60, queueLimitSeconds: 120 } },
  onEvent: (e) => void events.push({ type: e['detail-type'], detail: e.detail }),
});

/** Carol is Sales' only agent. */
const CAROL = 'carol@demo.parley';
const CAROL_ID = 'u-carol';

async function profile(): Promise<Record<string, unknown> | undefined> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: local.runtime.urls.dynamodb, region: 'us-east-1', credentials: LOCAL_CREDENTIALS }));
  const { Item } = await client.send(new GetCommand({ TableName: local.runtime.tableName, Key: { pk: `AGENT#${CAROL_ID}`, sk: 'PROFILE' }, ConsistentRead: true }));
  return Item;
}

/** Polls Carol's profile until `check` holds (bounded). */
async function untilProfile(check: (item: Record<string, unknown> | undefined) => boolean, what: string): Promise<Record<string, unknown> | undefined> {
  for (let i = 0; i < 300; i++) {
    const item = await profile();
    if (check(item)) return item;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Carol's profile never showed ${what}: ${JSON.stringify(await profile())}`);
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!check()) throw new Error(`never saw ${what}`);
}

const eventsOf = (chatId: string) => events.filter((e) => e.detail.chatId === chatId).map((e) => e.type);

describe('reconnect grace', () => {
  it('queues a chat started while the only agent reconnects (no offline, no ticket), and offers it to their new socket', async () => {
    // Arrange: Carol online; her only socket drops.
    const carol = await onlineAgent(local.runtime, CAROL);
    carol.autoAccept = false;
    const token = await agentToken(local.runtime, CAROL);
    const visitor = await connectVisitor(local.runtime);
    local.keep(visitor.client);
    await carol.kill();
    await untilProfile((p) => p?.status === 'online' && typeof p.disconnectedAt === 'number', 'a socket-less online agent');

    // Act: a visitor starts a chat in Sales within the grace; then Carol's console reconnects.
    const { chat } = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', department: 'sales', text: 'Is anyone there?', email: 'v@example.com', clientMessageId: newId('m') });
    const back = new Client(await openSocket(local.runtime, token));
    back.autoAccept = false;
    local.keep(back);
    const offer = await back.waitFor('offer', (f) => f.offer.chat.chatId === chat.chatId);
    const accepted = await back.ack<{ chat: ChatSummary }>({ action: 'acceptOffer', chatId: chat.chatId });

    // Assert
    expect(chat.status).toBe('queued');
    expect(offer.offer.attempt).toBe(1);
    expect(accepted.chat).toMatchObject({ status: 'assigned', agentId: CAROL_ID });
    await visitor.client.waitFor('chat', (f) => f.chat.chatId === chat.chatId && f.chat.status === 'assigned');
    expect(eventsOf(chat.chatId)).not.toContain('chat.missed');
    expect(eventsOf(chat.chatId)).not.toContain('ticket.created');
    expect((await profile())?.disconnectedAt).toBeUndefined();
    expect(events.filter((e) => e.type === 'agent.status.changed' && e.detail.agentId === CAROL_ID).map((e) => [e.detail.previous, e.detail.status, e.detail.automatic])).toEqual([
      ['offline', 'online', false],
      ['online', 'online', true],
    ]);
    await back.ack({ action: 'closeChat', chatId: chat.chatId, outcome: 'resolved' });
    await back.kill();
  });

  it('sets the agent away when the grace lapses with no socket back; a chat started then is offline (no-agents) at once', async () => {
    // Arrange: Carol online (again), her only socket drops, and stays gone past the grace.
    const carol = await onlineAgent(local.runtime, CAROL);
    const visitor = await connectVisitor(local.runtime);
    local.keep(visitor.client);
    await carol.kill();
    const lapsed = await untilProfile((p) => p?.status === 'away', 'away after the grace');

    // Act
    const { chat } = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', department: 'sales', text: 'Hello?', email: 'v2@example.com', clientMessageId: newId('m') });

    await until(() => eventsOf(chat.chatId).includes('ticket.created'), 'ticket.created');

    // Assert
    expect(lapsed).toMatchObject({ status: 'away', autoAway: true });
    expect(lapsed?.disconnectedAt).toBeUndefined();
    expect(chat).toMatchObject({ status: 'offline', offlineReason: 'no-agents', ticketId: `t_${chat.chatId}` });
    expect(eventsOf(chat.chatId)).toEqual(['chat.requested', 'message.created', 'chat.missed', 'ticket.created']);
    expect(events.filter((e) => e.type === 'agent.status.changed' && e.detail.agentId === CAROL_ID).at(-1)?.detail).toMatchObject({ status: 'away', previous: 'online', automatic: true });
  });
});
