/**
 * Property: whatever frame arrives on any socket route, from whoever, the real handler answers
 * with one structured frame (an ack, or an error whose code is in the protocol and whose
 * requestId echoes the frame's) and never throws; an error leaves the store and the event log
 * exactly as they were.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Caller } from '../../../functions/contracts/auth';
import type { ClientAction } from '../../../functions/contracts/frames';
import type { Deps } from '../../../functions/use-cases/ports';
import { createHandler as closeChat } from '../../../functions/handlers/socket/close-chat';
import { handler as defaultRoute } from '../../../functions/handlers/socket/default';
import { createHandler as listChats } from '../../../functions/handlers/socket/list-chats';
import { createHandler as resume } from '../../../functions/handlers/socket/resume';
import { createHandler as sendMessage } from '../../../functions/handlers/socket/send-message';
import { createHandler as setStatus } from '../../../functions/handlers/socket/set-status';
import { createHandler as startChat } from '../../../functions/handlers/socket/start-chat';
import { createHandler as typing } from '../../../functions/handlers/socket/typing';
import { createHandler as addNote } from '../../../functions/handlers/socket/add-note';
import { createHandler as ping } from '../../../functions/handlers/socket/ping';
import { createHandler as listCanned } from '../../../functions/handlers/socket/list-canned';
import { createHandler as saveCanned } from '../../../functions/handlers/socket/save-canned';
import { createHandler as deleteCanned } from '../../../functions/handlers/socket/delete-canned';
import { createHandler as fillCanned } from '../../../functions/handlers/socket/fill-canned';
import { createHandler as setTags } from '../../../functions/handlers/socket/set-tags';
import { createHandler as listTags } from '../../../functions/handlers/socket/list-tags';
import { createHandler as transferChat } from '../../../functions/handlers/socket/transfer-chat';
import { createHandler as listTransferTargets } from '../../../functions/handlers/socket/list-transfer-targets';
import { createHandler as getContact } from '../../../functions/handlers/socket/get-contact';
import { createHandler as readHistory } from '../../../functions/handlers/socket/read-history';
import { createHandler as rateChat } from '../../../functions/handlers/socket/rate-chat';
import { createHandler as answerSurvey } from '../../../functions/handlers/socket/answer-survey';
import { createHandler as blockVisitor } from '../../../functions/handlers/socket/block-visitor';
import { createHandler as acceptOffer } from '../../../functions/handlers/socket/accept-offer';
import { createHandler as declineOffer } from '../../../functions/handlers/socket/decline-offer';
import { createHandler as listTickets } from '../../../functions/handlers/socket/list-tickets';
import { createHandler as setTicketStatus } from '../../../functions/handlers/socket/set-ticket-status';
import { createHandler as sendTeamFeedback } from '../../../functions/handlers/socket/send-team-feedback';
import { createHandler as listTeamFeedback } from '../../../functions/handlers/socket/list-team-feedback';
import { createHandler as requestUpload } from '../../../functions/handlers/socket/request-upload';
import { createHandler as getAttachment } from '../../../functions/handlers/socket/get-attachment';
import type { SocketReply } from '../../../functions/handlers/socket-errors';
import { manifest } from '../../../functions/manifest';
import { agent, onlineAgent, queuedChat, supervisor, T0, testDeps, type TestDeps, visitor } from '../functions/fakes';
import { lambdaContext } from '../functions/handlers/context';
import { anyString, anyValue, echoedRequestId, ERROR_CODES, extraEntries, FUZZ_RUNS, FUZZ_TIMEOUT_MS, objectText, prototypeIsClean, stateOf } from './fuzz-support';

type Handler = (event: { body: string; requestContext: { connectionId: string; routeKey: string; authorizer?: unknown } }, context: typeof lambdaContext) => Promise<SocketReply>;

const ROUTES: Record<ClientAction | '$default', (deps: Deps) => Handler> = {
  startChat: (deps) => startChat(() => deps),
  sendMessage: (deps) => sendMessage(() => deps),
  typing: (deps) => typing(() => deps),
  addNote: (deps) => addNote(() => deps),
  resume: (deps) => resume(() => deps),
  listChats: (deps) => listChats(() => deps),
  setStatus: (deps) => setStatus(() => deps),
  closeChat: (deps) => closeChat(() => deps),
  ping: () => ping(),
  listCanned: (deps) => listCanned(() => deps),
  saveCanned: (deps) => saveCanned(() => deps),
  deleteCanned: (deps) => deleteCanned(() => deps),
  fillCanned: (deps) => fillCanned(() => deps),
  setTags: (deps) => setTags(() => deps),
  listTags: (deps) => listTags(() => deps),
  transferChat: (deps) => transferChat(() => deps),
  listTransferTargets: (deps) => listTransferTargets(() => deps),
  getContact: (deps) => getContact(() => deps),
  readHistory: (deps) => readHistory(() => deps),
  rateChat: (deps) => rateChat(() => deps),
  answerSurvey: (deps) => answerSurvey(() => deps),
  blockVisitor: (deps) => blockVisitor(() => deps),
  acceptOffer: (deps) => acceptOffer(() => deps),
  declineOffer: (deps) => declineOffer(() => deps),
  listTickets: (deps) => listTickets(() => deps),
  setTicketStatus: (deps) => setTicketStatus(() => deps),
  sendTeamFeedback: (deps) => sendTeamFeedback(() => deps),
  listTeamFeedback: (deps) => listTeamFeedback(() => deps),
  requestUpload: (deps) => requestUpload(() => deps),
  getAttachment: (deps) => getAttachment(() => deps),
  $default: () => defaultRoute,
};

/** A valid value for each field an action reads: random values land beside them, so fuzzing also reaches past the schema into the use case. */
const VALID: Record<ClientAction, Record<string, unknown>> = {
  startChat: { text: 'hello', clientMessageId: 'm9', department: 'billing', name: 'Mia', email: 'mia@example.com', page: { url: 'https://shop.example' } },
  sendMessage: { chatId: 'c1', clientMessageId: 'm2', text: 'hello', attachments: [{ id: 'att1', name: 'photo.png', contentType: 'image/png', size: 1000 }] },
  typing: { chatId: 'c1', isTyping: true, preview: 'draft' },
  addNote: { chatId: 'c1', clientNoteId: 'n1', text: 'note' },
  resume: { chatId: 'c1', afterSeq: 0 },
  listChats: {},
  setStatus: { status: 'away' },
  closeChat: { chatId: 'c1', outcome: 'resolved', tags: ['vip'] },
  ping: {},
  listCanned: {},
  saveCanned: { scope: 'personal', shortcut: 'hello', title: 'Hello', text: 'Hi {{visitor.name}}' },
  deleteCanned: { scope: 'personal', cannedId: 'cr1' },
  fillCanned: { chatId: 'c1', shortcut: 'hello' },
  setTags: { chatId: 'c1', tags: ['vip'] },
  listTags: {},
  transferChat: { chatId: 'c1', toDepartment: 'billing', reason: 'billing question' },
  listTransferTargets: {},
  getContact: { chatId: 'c1' },
  readHistory: { chatId: 'c1', viaChatId: 'c1' },
  rateChat: { chatId: 'c3', rating: 4, comment: 'quick and kind' },
  answerSurvey: { chatId: 'c3', survey: 'nps', score: 9 },
  blockVisitor: { chatId: 'c1', reason: 'abuse' },
  acceptOffer: { chatId: 'c1' },
  declineOffer: { chatId: 'c4' },
  listTickets: { limit: 10 },
  setTicketStatus: { ticketId: 't-1', status: 'resolved' },
  sendTeamFeedback: { clientFeedbackId: 'f1', kind: 'suggestion', text: 'A shortcut to close and tag at once' },
  listTeamFeedback: { limit: 20 },
  requestUpload: { chatId: 'c1', fileName: 'photo.png', contentType: 'image/png', size: 1000 },
  getAttachment: { chatId: 'c1', seq: 1, attachmentId: 'att1' },
};

/** Values that are sometimes right, so fuzzing also reaches past the schema into the use case. */
const plausible = fc.constantFrom<unknown>('c1', 'c2', 'c3', 'c4', 'm1', 'online', 'away', 'resolved', 'support', 'sales', 'personal', 'shared', 'hello', true, false, 0, 1, 2, ['vip'], { url: 'https://x' }, 'hi', 'a@b.co', 'att1', 'image/png', 'application/pdf', 1000);

/** Callers, weighted towards the chat's own visitor and agent so frames also get past the rules. */
const callers = fc.oneof(
  fc.constantFrom<unknown>(visitor('v1'), agent('a1')),
  fc.constantFrom<unknown>(
    visitor('v1'),
    visitor('v2'),
    agent('a1'),
    agent('a2', 'Carol', 'sales'),
    supervisor(),
    { ...supervisor('ad1'), role: 'admin' },
    undefined,
    { userId: 'x', role: 'root' },
    { principalId: '__proto__', userId: '__proto__', role: 'visitor' },
  ),
);

/** A chat v1 has with a1 (one message, with a photo uploaded), an ended one of v1's, a closed chat of v2, a chat of v4 offered to a1, a1 online with one chat, that offer, a personal #hello and an open Support ticket. */
function seededDeps(): TestDeps {
  const deps = testDeps();
  deps.store.chats.set('c1', queuedChat({ status: 'assigned', agentId: 'a1', agentName: 'Alice', assignedAt: T0, lastSeq: 1 }));
  const photo = { id: 'att1', name: 'photo.png', contentType: 'image/png', size: 1000 };
  deps.store.messages.set('c1', [{ chatId: 'c1', seq: 1, clientMessageId: 'm1', senderRole: 'visitor', senderId: 'v1', text: 'hi', createdAt: T0, attachments: [photo] }]);
  deps.objects.upload('chats/c1/att1', { size: photo.size, contentType: photo.contentType });
  deps.store.chats.set('c2', queuedChat({ chatId: 'c2', visitorId: 'v2', status: 'closed', closedAt: T0 }));
  deps.store.messages.set('c2', []);
  // v1's earlier chat, ended: the one a rating or survey answer can reach.
  deps.store.chats.set('c3', queuedChat({ chatId: 'c3', status: 'closed', agentId: 'a1', createdAt: T0 - 600_000, closedAt: T0 - 300_000 }));
  deps.store.messages.set('c3', []);
  deps.store.agents.set('a1', onlineAgent({ activeChats: 2 }));
  deps.store.chats.set('c4', queuedChat({ chatId: 'c4', visitorId: 'v4', offeredTo: 'a1', offerAttempt: 1, offerExpiresAt: T0 + 3_600_000 }));
  deps.store.messages.set('c4', []);
  deps.store.agentChats.set('a1', new Set(['c1']));
  deps.store.canned.set('a1', new Map([['hello', { cannedId: 'cr1', scope: 'personal', ownerId: 'a1', shortcut: 'hello', title: 'Hello', text: 'Hi {{visitor.name}}', updatedAt: T0 }]]));
  deps.store.tickets.set('t-1', { ticketId: 't-1', visitorId: 'v3', email: 'v3@example.com', message: 'call me', department: 'support', createdAt: T0 });
  for (const userId of ['v1', 'a1']) deps.store.connections.set(`conn-${userId}`, { connectionId: `conn-${userId}`, userId, role: userId.startsWith('v') ? 'visitor' : 'agent', connectedAt: T0 });
  return deps;
}

const validFields = (action: ClientAction | '$default'): Record<string, unknown> => (action === '$default' ? { action: 'listChats' } : { requestId: 'r1', ...VALID[action] });

/** The whole valid frame, tried first by every caller (so each route's acks never hang on chance). */
const validExamples = (action: ClientAction | '$default'): [string, unknown][] => {
  const body = objectText([['action', action], ...Object.entries(validFields(action))]);
  return [visitor('v1'), agent('a1'), supervisor(), { ...supervisor('ad1'), role: 'admin' }].map((caller) => [body, caller]);
};

/** Bodies for `action`: any JSON, the right action with random/missing/wrong-typed fields, or raw text. */
function bodies(action: ClientAction | '$default'): fc.Arbitrary<string> {
  const valid = validFields(action);
  const value = (name: string) => fc.oneof({ arbitrary: fc.constant(valid[name]), weight: 4 }, plausible, anyValue);
  const field = (name: string) => fc.option(fc.tuple(fc.constant(name), value(name)), { nil: undefined, freq: 8 });
  const frame = fc
    .tuple(fc.tuple(...Object.keys(valid).map(field)), extraEntries, fc.oneof({ arbitrary: fc.constant(action), weight: 4 }, anyString))
    .map(([own, extra, act]) => objectText([['action', act], ...own.filter((e) => e !== undefined), ...extra]));
  return fc.oneof(frame, frame, frame, anyValue.map((v) => JSON.stringify(v) ?? 'null'), fc.string({ unit: 'binary' }));
}

const log = vi.spyOn(console, 'error');
beforeAll(() => void log.mockImplementation(() => undefined));
afterAll(() => log.mockRestore());

describe('fuzzing every socket route handler', () => {
  it('covers every action route the manifest declares', () => {
    // Arrange
    const declared = manifest.socket.routes.map((r) => r.route).filter((r) => r !== '$connect' && r !== '$disconnect');

    // Act
    const fuzzed = Object.keys(ROUTES);

    // Assert
    expect(fuzzed.sort()).toEqual([...declared].sort());
  });

  it.each(Object.keys(ROUTES) as (ClientAction | '$default')[])(
    '%s always answers one structured frame, and an error writes nothing',
    async (route) => {
      let acks = 0;
      await fc.assert(
        fc.asyncProperty(bodies(route), callers, async (body, caller) => {
          // Arrange
          const deps = seededDeps();
          const handler = ROUTES[route](deps);
          const before = stateOf(deps);
          const event = { body, requestContext: { connectionId: 'conn-x', routeKey: route, ...(caller === undefined ? {} : { authorizer: caller as Caller }) } };

          // Act
          const reply = await handler(event, lambdaContext);

          // Assert
          expect(reply.statusCode).toBe(200);
          const frame = JSON.parse(reply.body) as { type: string; requestId: unknown; code?: string; action?: string };
          expect(['ack', 'error']).toContain(frame.type);
          expect(frame.requestId).toBe(echoedRequestId(body));
          if (frame.type === 'ack') {
            acks += 1;
            expect(frame.action).toBe(route);
          } else {
            expect(ERROR_CODES).toContain(frame.code);
            expect(frame.code).not.toBe('internal');
            expect(stateOf(deps)).toEqual(before);
          }
          expect(prototypeIsClean()).toBe(true);
        }),
        { numRuns: FUZZ_RUNS, examples: validExamples(route) },
      );
      // Not vacuous: some frames got past the schema and the rules (only $default never acks).
      if (route !== '$default') expect(acks).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT_MS,
  );
});
