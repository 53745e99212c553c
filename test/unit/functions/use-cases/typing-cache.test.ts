import { beforeEach, describe, expect, it } from 'vitest';
import { CONNECT_GRACE_MS } from '../../../../functions/use-cases/deliver';
import { sendMessage } from '../../../../functions/use-cases/send-message';
import { TYPING_CACHE_TTL_MS, TypingCache } from '../../../../functions/use-cases/typing-cache';
import { typing } from '../../../../functions/use-cases/typing';
import { agent, errorOf, onlineAgent, queuedChat, T0, testDeps, type TestDeps, visitor } from '../fakes';

let deps: TestDeps & { typingCache: TypingCache };
/** Every read typing makes, one entry per request to the store. */
let reads: string[];

function connect(userId: string, connectionId: string, connectedAt = T0) {
  deps.store.connections.set(connectionId, { connectionId, userId, role: userId.startsWith('v') ? 'visitor' : 'agent', connectedAt });
}

const typeAs = (caller = visitor(), chatId = 'c1', connectionId = 'cv1') => typing(deps, { caller, connectionId }, { action: 'typing', requestId: 'r', chatId, isTyping: true });
const pushedTo = () => deps.push.sent.map((s) => s.connectionId).sort();
const at = (ms: number) => deps.clock.set(T0 + ms);

beforeEach(() => {
  deps = { ...testDeps(), typingCache: new TypingCache() };
  reads = [];
  const store = deps.store;
  const [getChat, listConnectionsOf, getChatWithConnections] = [store.getChat.bind(store), store.listConnectionsOf.bind(store), store.getChatWithConnections.bind(store)];
  // The fake's combined read goes through its own getChat and listConnectionsOf: one request, recorded once.
  let combined = false;
  const record = (read: string) => void (combined || reads.push(read));
  store.getChat = async (chatId) => (record(`chat ${chatId}`), getChat(chatId));
  store.listConnectionsOf = async (userIds) => (record(`sockets ${userIds.join(',')}`), listConnectionsOf(userIds));
  store.getChatWithConnections = async (chatId, userIds) => {
    record(`chat ${chatId} + sockets ${userIds.join(',')}`);
    combined = true;
    try {
      return await getChatWithConnections(chatId, userIds);
    } finally {
      combined = false;
    }
  };
  store.chats.set('c1', queuedChat({ status: 'assigned', agentId: 'a1', agentName: 'Alice', assignedAt: T0 }));
  store.chats.set('c2', queuedChat({ chatId: 'c2', visitorId: 'v2', status: 'assigned', agentId: 'a1', agentName: 'Alice', assignedAt: T0 }));
  store.agents.set('a1', onlineAgent({ activeChats: 2 }));
  connect('v1', 'cv1');
  connect('v2', 'cv2');
  connect('a1', 'ca1');
});

describe('typing indicators’ chats and sockets, kept for a few seconds in the instance', () => {
  it('reads an agent’s sockets once for the first typing of all their chats’ visitors within the TTL', async () => {
    // Act
    await typeAs(visitor('v1'), 'c1', 'cv1');
    at(TYPING_CACHE_TTL_MS - 1);
    await typeAs(visitor('v2'), 'c2', 'cv2');

    // Assert
    expect(reads).toEqual(['chat c1 + sockets v1', 'sockets a1', 'chat c2 + sockets v2']);
    expect(deps.push.sent.map((s) => s.connectionId)).toEqual(['ca1', 'ca1']);
  });

  it('reads a known chat with both participants’ sockets in one request, and then lets the agent’s frames go without a read', async () => {
    // Arrange: the chat and both lists known, then stale.
    await typeAs();
    await typeAs(agent(), 'c1', 'ca1');
    at(TYPING_CACHE_TTL_MS);
    reads.length = 0;
    deps.push.sent.length = 0;

    // Act
    await typeAs();
    at(TYPING_CACHE_TTL_MS * 2 - 1);
    await typeAs(agent(), 'c1', 'ca1');

    // Assert
    expect(reads).toEqual(['chat c1 + sockets v1,a1']);
    expect(deps.push.sent.map((s) => s.connectionId)).toEqual(['ca1', 'cv1']);
  });

  it('reaches a socket opened since once the entries are older than the TTL', async () => {
    // Arrange
    await typeAs();
    connect('v1', 'cv1-tab2', T0 + 1);
    deps.push.sent.length = 0;

    // Act
    const within = (await typeAs(agent(), 'c1', 'ca1'), pushedTo());
    deps.push.sent.length = 0;
    at(TYPING_CACHE_TTL_MS);
    await typeAs(agent(), 'c1', 'ca1');

    // Assert
    expect(within).toEqual(['cv1']);
    expect(pushedTo()).toEqual(['cv1', 'cv1-tab2']);
  });

  it('reads the chat for every visitor frame: a transferred chat’s visitor (and draft) reaches the new agent at once, never the old one', async () => {
    // Arrange
    connect('a2', 'ca2');
    await typeAs();
    deps.push.sent.length = 0;
    deps.store.chats.get('c1')!.agentId = 'a2';

    // Act
    await typing(deps, { caller: visitor(), connectionId: 'cv1' }, { action: 'typing', requestId: 'r', chatId: 'c1', isTyping: true, preview: 'my card is' });

    // Assert
    expect(deps.push.sent).toEqual([{ connectionId: 'ca2', frame: expect.objectContaining({ preview: 'my card is' }) }]);
  });

  it('refuses a visitor’s frame on a chat closed a moment ago', async () => {
    // Arrange
    await typeAs();
    deps.store.chats.get('c1')!.status = 'closed';
    deps.push.sent.length = 0;

    // Act
    const error = await errorOf(typeAs());

    // Assert
    expect(error).toBe('conflict:chatId');
    expect(deps.push.sent).toEqual([]);
  });

  it('lets an agent’s draft-less frame reach the visitor for at most the TTL after a close it has not read, then refuses it', async () => {
    // Arrange
    await typeAs(agent(), 'c1', 'ca1');
    deps.store.chats.get('c1')!.status = 'closed';
    deps.push.sent.length = 0;

    // Act
    at(TYPING_CACHE_TTL_MS - 1);
    await typeAs(agent(), 'c1', 'ca1');
    at(TYPING_CACHE_TTL_MS);
    const error = await errorOf(typeAs(agent(), 'c1', 'ca1'));

    // Assert
    expect(deps.push.sent).toEqual([{ connectionId: 'cv1', frame: { type: 'typing', chatId: 'c1', role: 'agent', isTyping: true } }]);
    expect(error).toBe('conflict:chatId');
  });

  it('reads the chat for an agent the cached chat does not name: a chat transferred to them works at once', async () => {
    // Arrange
    connect('a2', 'ca2');
    await typeAs(agent(), 'c1', 'ca1');
    deps.store.chats.get('c1')!.agentId = 'a2';
    deps.push.sent.length = 0;

    // Act
    await typeAs(agent('a2'), 'c1', 'ca2');

    // Assert
    expect(pushedTo()).toEqual(['cv1']);
    expect(reads.at(-1)).toBe('chat c1 + sockets a2,v1,a1');
  });

  it('refuses a caller who is not on the chat, cached or not', async () => {
    // Arrange
    await typeAs(agent(), 'c1', 'ca1');

    // Act
    const errors = [await errorOf(typeAs(agent('a9'), 'c1', 'ca9')), await errorOf(typeAs(visitor('v2'), 'c1', 'cv2'))];

    // Assert
    expect(errors).toEqual(['forbidden:chatId', 'forbidden:chatId']);
  });

  it('forgets a socket found gone, and the store deletes it', async () => {
    // Arrange
    connect('v1', 'cv-old');
    at(CONNECT_GRACE_MS + 1);
    deps.push.gone.add('cv-old');
    await typeAs(agent(), 'c1', 'ca1');
    deps.push.sent.length = 0;

    // Act
    await typeAs(agent(), 'c1', 'ca1');

    // Assert
    expect(deps.store.connections.has('cv-old')).toBe(false);
    expect(pushedTo()).toEqual(['cv1']);
    expect(reads).toEqual(['chat c1 + sockets a1', 'sockets v1']);
  });

  it('is never used by messages: a sendMessage right after reaches a socket opened since the typing', async () => {
    // Arrange
    await typeAs();
    connect('a1', 'ca2', T0 + 1);
    deps.push.sent.length = 0;

    // Act
    await sendMessage(deps, { caller: visitor(), connectionId: 'cv1' }, { action: 'sendMessage', requestId: 'r1', chatId: 'c1', clientMessageId: 'm1', text: 'hello' });

    // Assert
    expect(pushedTo()).toEqual(['ca1', 'ca2']);
  });
});
