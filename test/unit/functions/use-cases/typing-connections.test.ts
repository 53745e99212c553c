import { beforeEach, describe, expect, it } from 'vitest';
import { CONNECT_GRACE_MS } from '../../../../functions/use-cases/deliver';
import { TYPING_CONNECTIONS_TTL_MS, TypingConnections } from '../../../../functions/use-cases/typing-connections';
import { sendMessage } from '../../../../functions/use-cases/send-message';
import { typing } from '../../../../functions/use-cases/typing';
import { agent, onlineAgent, queuedChat, T0, testDeps, type TestDeps, visitor } from '../fakes';

let deps: TestDeps & { typingConnections: TypingConnections };
let reads: (readonly string[])[];

function connect(userId: string, connectionId: string, connectedAt = T0) {
  deps.store.connections.set(connectionId, { connectionId, userId, role: userId.startsWith('v') ? 'visitor' : 'agent', connectedAt });
}

const typeAs = (caller = visitor(), chatId = 'c1', connectionId = 'cv1') => typing(deps, { caller, connectionId }, { action: 'typing', requestId: 'r', chatId, isTyping: true });
const pushedTo = () => deps.push.sent.map((s) => s.connectionId).sort();

beforeEach(() => {
  deps = { ...testDeps(), typingConnections: new TypingConnections() };
  reads = [];
  const listConnectionsOf = deps.store.listConnectionsOf.bind(deps.store);
  deps.store.listConnectionsOf = async (userIds) => {
    reads.push(userIds);
    return listConnectionsOf(userIds);
  };
  deps.store.chats.set('c1', queuedChat({ status: 'assigned', agentId: 'a1', agentName: 'Alice', assignedAt: T0 }));
  deps.store.chats.set('c2', queuedChat({ chatId: 'c2', visitorId: 'v2', status: 'assigned', agentId: 'a1', agentName: 'Alice', assignedAt: T0 }));
  deps.store.agents.set('a1', onlineAgent({ activeChats: 2 }));
  connect('v1', 'cv1');
  connect('v2', 'cv2');
  connect('a1', 'ca1');
});

describe('typing indicators’ recipients, kept for a few seconds in the instance', () => {
  it('reads an agent’s sockets once for the typing of all their chats’ visitors within the TTL', async () => {
    // Act
    await typeAs(visitor('v1'), 'c1', 'cv1');
    deps.clock.set(T0 + TYPING_CONNECTIONS_TTL_MS - 1);
    await typeAs(visitor('v2'), 'c2', 'cv2');

    // Assert
    expect(reads).toEqual([['a1']]);
    expect(deps.push.sent.map((s) => s.connectionId)).toEqual(['ca1', 'ca1']);
  });

  it('reads again once the entry is older than the TTL, and then reaches a socket opened since', async () => {
    // Arrange
    await typeAs();
    connect('a1', 'ca2', T0 + 1);

    // Act
    const within = (await typeAs(), pushedTo());
    deps.push.sent.length = 0;
    deps.clock.set(T0 + TYPING_CONNECTIONS_TTL_MS);
    await typeAs();

    // Assert
    expect(within).toEqual(['ca1', 'ca1']);
    expect(pushedTo()).toEqual(['ca1', 'ca2']);
    expect(reads).toEqual([['a1'], ['a1']]);
  });

  it('reads the chat every time: a transferred chat’s visitor types to the new agent at once, never the old one', async () => {
    // Arrange
    connect('a2', 'ca2');
    await typeAs();
    deps.push.sent.length = 0;
    deps.store.chats.get('c1')!.agentId = 'a2';

    // Act
    await typeAs();

    // Assert
    expect(pushedTo()).toEqual(['ca2']);
  });

  it('forgets a socket found gone, and the store deletes it', async () => {
    // Arrange
    connect('a1', 'ca-old');
    deps.clock.set(T0 + CONNECT_GRACE_MS + 1);
    deps.push.gone.add('ca-old');
    await typeAs();
    deps.push.sent.length = 0;

    // Act
    await typeAs();

    // Assert
    expect(deps.store.connections.has('ca-old')).toBe(false);
    expect(pushedTo()).toEqual(['ca1']);
    expect(reads).toHaveLength(1);
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
