/**
 * Who may do what to visitor A's chat, through the real local runtime (real sockets, the real
 * authorizer, DynamoDB Local). The policy is the data below: one row per action, one column per
 * party, so the whole matrix reads at a glance; docs/security.md shows the same table.
 *
 * Adding an action = one POLICY row + one FRAMES entry (the compiler asks for both). An action
 * that changes the resource for good (blocking its visitor) names its own resource in RESOURCE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatSummary, ClientAction, ServerFrame } from '../../functions/contracts/frames';
import type { Ticket } from '../../functions/contracts/http';
import { agentToken, type Client, connectAgent, connectVisitor, newId, onlineAgent, openSocket, resume, useRuntime, type Visitor, WAIT_MS } from './harness';

type Party = 'visitorA' | 'visitorB' | 'assignedAgent' | 'otherDeptAgent' | 'supervisor' | 'admin';
/**
 * `not_found`: let past the rules, then refused on a target that does not exist (nothing written).
 * `conflict`: allowed to this party, but not on an open chat (feedback comes after the chat ends).
 */
type Verdict = 'ack' | 'forbidden' | 'not_found' | 'conflict';
/** Anonymous callers (no token, or one that does not verify) never get a socket: see 'no token, no socket'. */

const PARTIES: readonly Party[] = ['visitorA', 'visitorB', 'assignedAgent', 'otherDeptAgent', 'supervisor', 'admin'];

/** The policy. Resource: visitor A's open chat, assigned to Alice. */
const POLICY: Record<ClientAction, Record<Party, Verdict>> = {
  //           visitor A     visitor B            Alice (assigned)          Carol (sales only)           Sam (supervisor)         Ada (admin)
  startChat: { visitorA: 'ack', visitorB: 'ack', assignedAgent: 'forbidden', otherDeptAgent: 'forbidden', supervisor: 'forbidden', admin: 'forbidden' },
  sendMessage: { visitorA: 'ack', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'forbidden', supervisor: 'forbidden', admin: 'forbidden' },
  typing: { visitorA: 'ack', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'forbidden', supervisor: 'forbidden', admin: 'forbidden' },
  addNote: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'forbidden', supervisor: 'ack', admin: 'ack' },
  resume: { visitorA: 'ack', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'forbidden', supervisor: 'ack', admin: 'ack' },
  listChats: { visitorA: 'ack', visitorB: 'ack', assignedAgent: 'ack', otherDeptAgent: 'ack', supervisor: 'ack', admin: 'ack' },
  setStatus: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'ack', supervisor: 'ack', admin: 'ack' },
  closeChat: { visitorA: 'ack', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'forbidden', supervisor: 'forbidden', admin: 'forbidden' },
  ping: { visitorA: 'ack', visitorB: 'ack', assignedAgent: 'ack', otherDeptAgent: 'ack', supervisor: 'ack', admin: 'ack' },
  listCanned: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'ack', supervisor: 'ack', admin: 'ack' },
  saveCanned: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'ack', supervisor: 'ack', admin: 'ack' },
  deleteCanned: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'ack', supervisor: 'ack', admin: 'ack' },
  fillCanned: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'forbidden', supervisor: 'forbidden', admin: 'forbidden' },
  setTags: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'forbidden', supervisor: 'ack', admin: 'ack' },
  listTags: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'ack', supervisor: 'ack', admin: 'ack' },
  transferChat: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'not_found', otherDeptAgent: 'forbidden', supervisor: 'not_found', admin: 'not_found' },
  listTransferTargets: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'ack', supervisor: 'ack', admin: 'ack' },
  getContact: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'forbidden', supervisor: 'ack', admin: 'ack' },
  readHistory: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'forbidden', supervisor: 'ack', admin: 'ack' },
  rateChat: { visitorA: 'conflict', visitorB: 'forbidden', assignedAgent: 'forbidden', otherDeptAgent: 'forbidden', supervisor: 'forbidden', admin: 'forbidden' },
  answerSurvey: { visitorA: 'conflict', visitorB: 'forbidden', assignedAgent: 'forbidden', otherDeptAgent: 'forbidden', supervisor: 'forbidden', admin: 'forbidden' },
  blockVisitor: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'forbidden', supervisor: 'ack', admin: 'ack' },
  // Offers are answered by the agent offered the chat; on a chat already assigned only its agent's repeat Accept is a no-op ack.
  acceptOffer: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'conflict', supervisor: 'conflict', admin: 'conflict' },
  declineOffer: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'conflict', otherDeptAgent: 'conflict', supervisor: 'conflict', admin: 'conflict' },
  listTickets: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'ack', supervisor: 'ack', admin: 'ack' },
  // On a ticket visitor A left for Support: staff serving Support and admins; to anyone else it does not exist.
  setTicketStatus: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'not_found', supervisor: 'ack', admin: 'ack' },
  // Any staff member tells the admins; only admins read what the team said.
  sendTeamFeedback: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'ack', supervisor: 'ack', admin: 'ack' },
  listTeamFeedback: { visitorA: 'forbidden', visitorB: 'forbidden', assignedAgent: 'forbidden', otherDeptAgent: 'forbidden', supervisor: 'forbidden', admin: 'ack' },
  // Uploads are the chat's two parties'; downloads anyone's who may read the chat (here: past the rules, no such file).
  requestUpload: { visitorA: 'ack', visitorB: 'forbidden', assignedAgent: 'ack', otherDeptAgent: 'forbidden', supervisor: 'forbidden', admin: 'forbidden' },
  getAttachment: { visitorA: 'not_found', visitorB: 'forbidden', assignedAgent: 'not_found', otherDeptAgent: 'forbidden', supervisor: 'not_found', admin: 'not_found' },
};

/** listChats is everyone's, but scoped: whose list shows visitor A's chat. */
const LISTS_CHAT: Record<Party, boolean> = { visitorA: true, visitorB: false, assignedAgent: true, otherDeptAgent: false, supervisor: false, admin: false };

/** Marker in every message A's chat gets, to prove it never reaches anyone outside the chat. */
const SECRET = 'private-to-chat-A';
const isStaffParty = (party: Party): boolean => party !== 'visitorA' && party !== 'visitorB';

/** The frame each action sends, for a party, against chat `chatId`. */
const FRAMES: Record<ClientAction, (chatId: string, party: Party) => Record<string, unknown>> = {
  startChat: (_chatId, party) => ({ action: 'startChat', text: party === 'visitorA' ? `${SECRET} hello` : 'hello', clientMessageId: newId('m') }),
  sendMessage: (chatId) => ({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: `${SECRET} message` }),
  typing: (chatId) => ({ action: 'typing', chatId, isTyping: true }),
  addNote: (chatId) => ({ action: 'addNote', chatId, clientNoteId: newId('n'), text: `${SECRET} note` }),
  resume: (chatId) => ({ action: 'resume', chatId, afterSeq: 0 }),
  listChats: () => ({ action: 'listChats' }),
  // Only Alice goes online: anyone else online in support could take A's next chat from her.
  setStatus: (_chatId, party) => ({ action: 'setStatus', status: party === 'assignedAgent' ? 'online' : 'away' }),
  closeChat: (chatId, party) => ({ action: 'closeChat', chatId, ...(isStaffParty(party) ? { outcome: 'resolved' } : {}) }),
  ping: () => ({ action: 'ping' }),
  listCanned: () => ({ action: 'listCanned' }),
  saveCanned: () => ({ action: 'saveCanned', scope: 'personal', shortcut: newId('m').slice(0, 30).toLowerCase(), title: 'Greeting', text: 'Hi {{visitor.name}}' }),
  deleteCanned: () => ({ action: 'deleteCanned', scope: 'personal', cannedId: newId('cr') }),
  // Alice's own #matrix (saved in beforeAll): only the chat's agent fills a reply in it.
  fillCanned: (chatId) => ({ action: 'fillCanned', chatId, shortcut: 'matrix' }),
  setTags: (chatId) => ({ action: 'setTags', chatId, tags: ['matrix'] }),
  listTags: () => ({ action: 'listTags' }),
  // Nobody to transfer to: the allowed parties get past the rules and are refused on the target.
  transferChat: (chatId) => ({ action: 'transferChat', chatId, toAgentId: 'u-nobody', reason: 'matrix' }),
  listTransferTargets: () => ({ action: 'listTransferTargets' }),
  getContact: (chatId) => ({ action: 'getContact', chatId }),
  readHistory: (chatId) => ({ action: 'readHistory', chatId, viaChatId: chatId }),
  rateChat: (chatId) => ({ action: 'rateChat', chatId, rating: 5 }),
  answerSurvey: (chatId) => ({ action: 'answerSurvey', chatId, survey: 'csat', score: 5 }),
  // Not the address: every test visitor shares 127.0.0.1.
  blockVisitor: (chatId) => ({ action: 'blockVisitor', chatId, reason: 'matrix', address: false }),
  acceptOffer: (chatId) => ({ action: 'acceptOffer', chatId }),
  declineOffer: (chatId) => ({ action: 'declineOffer', chatId }),
  listTickets: () => ({ action: 'listTickets', limit: 5 }),
  setTicketStatus: (ticketId) => ({ action: 'setTicketStatus', ticketId, status: 'resolved' }),
  sendTeamFeedback: () => ({ action: 'sendTeamFeedback', clientFeedbackId: newId('f'), kind: 'suggestion', text: 'matrix suggestion' }),
  listTeamFeedback: () => ({ action: 'listTeamFeedback', limit: 5 }),
  requestUpload: (chatId) => ({ action: 'requestUpload', chatId, fileName: `${SECRET}.png`, contentType: 'image/png', size: 2048 }),
  getAttachment: (chatId) => ({ action: 'getAttachment', chatId, seq: 1, attachmentId: 'att-none' }),
};

/** Actions whose resource is not A's chat: blocking would shut A out of the rest of the matrix. */
const RESOURCE: Partial<Record<ClientAction, () => Promise<string>>> = {
  blockVisitor: () => chatOfVictim(),
  setTicketStatus: () => ticketOfA(),
};

/** What an allowed reader sees of a resource that is not a chat: any write would change it. */
const SNAPSHOT: Partial<Record<ClientAction, (id: string) => Promise<unknown>>> = {
  setTicketStatus: async (ticketId) => (await clients.admin.ack<{ tickets: Ticket[] }>({ action: 'listTickets' })).tickets.find((t) => t.ticketId === ticketId),
};

const ACTIONS = Object.keys(POLICY) as ClientAction[];
const CASES = ACTIONS.flatMap((action) => PARTIES.map((party) => [action, party, POLICY[action][party]] as const));

const local = useRuntime();
const clients = {} as Record<Party, Client>;
let visitorA: Visitor;
let visitorB: Visitor;
let bsChat: string;
const aChats = new Set<string>();
const framesToB: string[] = [];

/** Visitor A's open chat assigned to Alice; a new one after a test closed the last. */
async function chatOfA(): Promise<string> {
  const { chats } = await visitorA.client.ack<{ chats: ChatSummary[] }>({ action: 'listChats' });
  const open = chats.find((c) => c.status === 'assigned' && c.agentId === 'u-alice');
  if (open) return open.chatId;
  const { chat } = await visitorA.client.ack<{ chat: ChatSummary }>(FRAMES.startChat('', 'visitorA'));
  aChats.add(chat.chatId);
  await clients.assignedAgent.waitFor('chat', (f) => f.chat.chatId === chat.chatId && f.chat.status === 'assigned');
  return chat.chatId;
}

/** An open chat of a throwaway visitor assigned to Alice; a new visitor once the last was blocked. */
let victim: { client: Client; chatId: string } | undefined;
async function chatOfVictim(): Promise<string> {
  if (victim) {
    const { chat } = await resume(clients.supervisor, victim.chatId);
    if (chat.status === 'assigned') return victim.chatId;
  }
  const { client } = await connectVisitor(local.runtime);
  local.keep(client);
  const { chat } = await client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'I am the victim', clientMessageId: newId('m') });
  await clients.assignedAgent.waitFor('chat', (f) => f.chat.chatId === chat.chatId && f.chat.status === 'assigned');
  victim = { client, chatId: chat.chatId };
  return chat.chatId;
}

/** A new open ticket visitor A leaves for Support through the offline form. */
async function ticketOfA(): Promise<string> {
  const response = await fetch(`${local.runtime.urls.http}/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${visitorA.session.token}` },
    body: JSON.stringify({ email: 'a@example.com', message: 'matrix ticket', department: 'support' }),
    signal: AbortSignal.timeout(WAIT_MS),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { ticketId: string }).ticketId;
}

/** What an allowed reader sees of the chat: any write would change it. */
async function snapshot(chatId: string): Promise<unknown> {
  const { chat, messages } = await resume(clients.supervisor, chatId);
  return { chat, seqs: messages.map((m) => m.seq) };
}

beforeAll(async () => {
  const { runtime } = local;
  clients.assignedAgent = await onlineAgent(runtime, 'alice@demo.parley');
  [visitorA, visitorB] = await Promise.all([connectVisitor(runtime), connectVisitor(runtime)]);
  clients.visitorA = visitorA.client;
  clients.visitorB = visitorB.client;
  visitorB.client.ws.on('message', (data) => void framesToB.push(String(data)));
  [clients.otherDeptAgent, clients.supervisor, clients.admin] = await Promise.all([
    connectAgent(runtime, 'carol@demo.parley'),
    connectAgent(runtime, 'sam@demo.parley'),
    connectAgent(runtime, 'ada@demo.parley'),
  ]);
  local.keep(...Object.values(clients));
  await clients.assignedAgent.ack({ action: 'saveCanned', scope: 'personal', shortcut: 'matrix', title: 'Matrix', text: 'Hi {{visitor.name}}' });
  const { chat } = await visitorB.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'B asks', clientMessageId: newId('m') });
  bsChat = chat.chatId;
  await chatOfA();
  await runtime.idle();
});

afterAll(async () => {
  await local.runtime.idle();
});

describe('authorization matrix: every socket action × every party on visitor A’s chat', () => {
  it.each(CASES)('%s by %s → %s', async (action, party, verdict) => {
    // Arrange
    const chatId = await (RESOURCE[action] ?? chatOfA)();
    const look = SNAPSHOT[action] ?? snapshot;
    const before = await look(chatId);

    // Act
    if (action === 'typing' && verdict === 'ack') {
      // One-way: an allowed typing frame gets no reply; the other side gets the indicator.
      const requestId = clients[party].signal(FRAMES.typing(chatId, party));
      const other = party === 'visitorA' ? clients.assignedAgent : clients.visitorA;
      const pushed = await other.waitFor('typing', (f) => f.chatId === chatId);
      await local.runtime.idle();
      expect(pushed.role).toBe(party === 'visitorA' ? 'visitor' : 'agent');
      expect(clients[party].repliesTo(requestId)).toEqual([]);
      return;
    }
    const reply = await clients[party].request(FRAMES[action](chatId, party));
    await local.runtime.idle();

    // Assert
    if (verdict !== 'ack') {
      expect(reply).toMatchObject({ type: 'error', code: verdict });
      expect(await look(chatId)).toEqual(before);
      return;
    }
    expect(reply).toMatchObject({ type: 'ack', action });
    if (action === 'listChats') {
      const listed = (reply as unknown as { chats: ChatSummary[] }).chats.map((c) => c.chatId);
      expect(listed.includes(chatId)).toBe(LISTS_CHAT[party]);
    }
    if (action === 'startChat') expect((reply as unknown as { chat: ChatSummary }).chat.chatId).toBe(party === 'visitorA' ? chatId : bsChat);
    if (action === 'setTicketStatus') expect(await look(chatId)).toMatchObject({ status: 'resolved', statusChangedBy: expect.any(String) });
  });
});

describe('no token, no socket', () => {
  it.each<[string, () => Promise<string | undefined>]>([
    ['no token', async () => undefined],
    ['a token that is not a JWT', async () => 'not-a-token'],
    ['a visitor token with its signature changed', async () => `${visitorA.session.token.slice(0, -4)}AAAA`],
    ['an agent token with its signature changed', async () => `${(await agentToken(local.runtime, 'alice@demo.parley')).slice(0, -4)}AAAA`],
  ])('refuses %s with HTTP 401 before the socket opens', async (_case, token) => {
    // Arrange
    const credential = await token();

    // Act
    const opening = openSocket(local.runtime, credential);

    // Assert
    await expect(opening).rejects.toThrow('HTTP 401');
  });
});

describe('HTTP routes by party', () => {
  type Claim = 'none' | 'visitorA' | 'visitorB' | 'agent' | 'garbage';
  const previousToken = async (claim: Claim): Promise<string | undefined> => {
    if (claim === 'visitorA') return visitorA.session.token;
    if (claim === 'visitorB') return visitorB.session.token;
    if (claim === 'agent') return agentToken(local.runtime, 'ada@demo.parley');
    return claim === 'garbage' ? 'garbage' : undefined;
  };

  it.each<[string, Claim, boolean]>([
    ['anonymous, without proof', 'none', false],
    ['anonymous, with a garbage token', 'garbage', false],
    ['visitor B, with B’s own token', 'visitorB', false],
    ['an admin, with an agent ID token', 'agent', false],
    ['visitor A, with A’s own token', 'visitorA', true],
  ])('POST /sessions claiming visitor A’s id as %s → keeps A’s id: %s', async (_who, claim, keepsId) => {
    // Arrange
    const token = await previousToken(claim);
    const body = { visitorId: visitorA.session.visitorId, ...(token ? { previousToken: token } : {}) };

    // Act
    const res = await fetch(`${local.runtime.urls.http}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(WAIT_MS),
    });

    // Assert
    expect(res.status).toBe(200);
    const session = (await res.json()) as { visitorId: string; token: string };
    expect(session.visitorId === visitorA.session.visitorId).toBe(keepsId);
    expect(session.token).not.toBe(visitorA.session.token);
  });

  it.each<[string, Claim]>([
    ['anonymous', 'none'],
    ['a visitor', 'visitorA'],
    ['an admin', 'agent'],
  ])('GET /config as %s → 200 with the same public document and no secret', async (_who, claim) => {
    // Arrange
    const token = await previousToken(claim);

    // Act
    const res = await fetch(`${local.runtime.urls.http}/config`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(WAIT_MS) });

    // Assert
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(['branding', 'departments', 'firstResponseTargetSeconds', 'httpUrl', 'identity', 'websocketUrl', 'widget']);
    expect(text).not.toMatch(/secret|password/i);
  });
});

describe('staff HTTP routes by party', () => {
  type Who = 'anonymous' | 'visitorA' | 'otherDeptAgent' | 'supervisor' | 'admin';
  const bearer = async (who: Who): Promise<string | undefined> => {
    if (who === 'anonymous') return undefined;
    if (who === 'visitorA') return visitorA.session.token;
    return agentToken(local.runtime, { otherDeptAgent: 'carol@demo.parley', supervisor: 'sam@demo.parley', admin: 'ada@demo.parley' }[who]);
  };

  // One row per route × party; an agent sees their own numbers (the metrics test checks whose).
  it.each<[string, Who, number]>([
    ['GET /reports?report=summary', 'anonymous', 401],
    ['GET /reports?report=summary', 'visitorA', 403],
    ['GET /reports?report=summary', 'otherDeptAgent', 200],
    ['GET /reports?report=summary', 'supervisor', 200],
    ['GET /reports?report=summary', 'admin', 200],
  ])('%s as %s → %i', async (route, who, status) => {
    // Arrange
    const [method, path] = route.split(' ') as [string, string];
    const day = new Date().toISOString().slice(0, 10);
    const token = await bearer(who);

    // Act
    const res = await fetch(`${local.runtime.urls.http}${path}&from=${day}&to=${day}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(WAIT_MS) });

    // Assert
    expect(res.status).toBe(status);
  });
});

describe('admin privacy routes (GDPR) by party', () => {
  type Who = 'anonymous' | 'visitorA' | 'assignedAgent' | 'supervisor' | 'admin';
  const bearer = async (who: Who): Promise<string | undefined> => {
    if (who === 'anonymous') return undefined;
    if (who === 'visitorA') return visitorA.session.token;
    return agentToken(local.runtime, { assignedAgent: 'alice@demo.parley', supervisor: 'sam@demo.parley', admin: 'ada@demo.parley' }[who]);
  };
  // Only an admin gets past the rules; the admin's export and erasure name a contact that does not exist (visitor A's data must stay).
  const ROUTES = {
    lookup: (visitorId: string) => ({ path: `/contacts?visitorId=${visitorId}`, init: {} }),
    export: (visitorId: string) => ({ path: `/contacts/export?visitorId=${visitorId}`, init: {} }),
    erase: (visitorId: string) => ({ path: '/contacts/erase', init: { method: 'POST', body: JSON.stringify({ visitorId }) } }),
  };

  it.each<[keyof typeof ROUTES, Who, number]>([
    ...(['lookup', 'export', 'erase'] as const).flatMap((route): [keyof typeof ROUTES, Who, number][] => [
      [route, 'anonymous', 401],
      [route, 'visitorA', 403],
      [route, 'assignedAgent', 403],
      [route, 'supervisor', 403],
    ]),
    ['lookup', 'admin', 200],
    ['export', 'admin', 404],
    ['erase', 'admin', 404],
  ])('%s as %s → %i, and visitor A’s chat is untouched', async (route, who, status) => {
    // Arrange
    const token = await bearer(who);
    const target = who === 'admin' ? 'v_nobody' : visitorA.session.visitorId;
    const { path, init } = ROUTES[route](target);
    const chatId = await chatOfA();
    const before = await snapshot(chatId);

    // Act
    const res = await fetch(`${local.runtime.urls.http}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      signal: AbortSignal.timeout(WAIT_MS),
    });

    // Assert
    expect(res.status).toBe(status);
    if (status === 403) expect(await res.json()).toMatchObject({ error: { code: 'forbidden', message: 'Contact export and erasure are for admins only' } });
    expect(await snapshot(chatId)).toEqual(before);
  });
});

describe('offline form routes by party (visitor token as Bearer)', () => {
  type Claim = 'none' | 'garbage' | 'agent' | 'visitorA';
  const bearer = async (claim: Claim): Promise<string | undefined> => {
    if (claim === 'visitorA') return visitorA.session.token;
    if (claim === 'agent') return agentToken(local.runtime, 'ada@demo.parley');
    return claim === 'garbage' ? 'garbage' : undefined;
  };

  it.each<[string, Claim, number, number]>([
    ['anonymous', 'none', 401, 401],
    ['a garbage token', 'garbage', 401, 401],
    ['an agent ID token (not a visitor)', 'agent', 401, 401],
    ['visitor A', 'visitorA', 200, 201],
  ])('GET /availability and POST /tickets as %s → %s / %s', async (_who, claim, availability, ticket) => {
    // Arrange
    const token = await bearer(claim);
    const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };

    // Act
    const open = await fetch(`${local.runtime.urls.http}/availability`, { headers, signal: AbortSignal.timeout(WAIT_MS) });
    const left = await fetch(`${local.runtime.urls.http}/tickets`, { method: 'POST', headers, body: JSON.stringify({ email: 'a@example.com', message: 'matrix' }), signal: AbortSignal.timeout(WAIT_MS) });

    // Assert
    expect([open.status, left.status]).toEqual([availability, ticket]);
  });
});

describe('isolation of visitor B', () => {
  it('got nothing from visitor A’s chats during the whole matrix: no message, typing, chat or content', async () => {
    // Arrange
    await local.runtime.idle();
    const frames = framesToB.map((raw) => JSON.parse(raw) as ServerFrame);

    // Act
    const foreign = frames.filter((f) => [...aChats].some((id) => JSON.stringify(f).includes(id)) || JSON.stringify(f).includes(SECRET));
    const pushes = frames.filter((f) => f.type !== 'ack' && f.type !== 'error');

    // Assert
    expect(aChats.size).toBeGreaterThan(1);
    expect(foreign).toEqual([]);
    expect(pushes.filter((f) => f.type === 'typing')).toEqual([]);
    expect(pushes.every((f) => ('chatId' in f ? f.chatId : 'chat' in f ? f.chat.chatId : bsChat) === bsChat)).toBe(true);
  });
});
