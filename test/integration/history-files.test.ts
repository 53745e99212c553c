/**
 * Files of a customer's earlier conversation, read through the chat in front of the agent:
 * through the real local runtime (sockets, DynamoDB Local, the local S3-compatible store). A
 * visitor sends a file to Alice anonymously, logs in (the anonymous id is linked to the verified
 * contact) and comes back to Bob. Bob may read that earlier chat only with `readHistory` through
 * his own chat, and download its file only the same way (`getAttachment` with `viaChatId`);
 * without it, or through a chat with someone else, he is refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { signSiteUser } from '../../functions/adapters/site-identities';
import type { AckPayloads, ChatSummary } from '../../functions/contracts/frames';
import { type Client, connectVisitor, newId, onlineAgent, useRuntime, visitorSession, type Visitor, WAIT_MS } from './harness';

const local = useRuntime();
const PDF = Buffer.from('%PDF-1.4\nearlier-invoice\n%%EOF\n');

let alice: Client;
let bob: Client;
let earlierChat: string;
let todaysChat: string;
let strangersChat: string;
let seq: number;
let attachmentId: string;

async function assignedTo(agent: Client, visitor: Visitor, text: string): Promise<string> {
  const { chat } = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text, clientMessageId: newId('m') });
  await agent.waitFor('chat', (f) => f.chat.chatId === chat.chatId && f.chat.status === 'assigned');
  return chat.chatId;
}

beforeAll(async () => {
  alice = await onlineAgent(local.runtime, 'alice@demo.parley');
  local.keep(alice);
  // Anonymous: a question and an invoice to Alice, then the chat ends.
  const anonymousSession = await visitorSession(local.runtime);
  const anonymous = await connectVisitor(local.runtime, anonymousSession);
  local.keep(anonymous.client);
  earlierChat = await assignedTo(alice, anonymous, 'Is this invoice right?');
  const { attachment, upload } = await anonymous.client.ack<AckPayloads['requestUpload']>({ action: 'requestUpload', chatId: earlierChat, fileName: 'invoice.pdf', contentType: 'application/pdf', size: PDF.length });
  const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: new Uint8Array(PDF), signal: AbortSignal.timeout(WAIT_MS) });
  expect(put.status).toBe(200);
  const sent = await anonymous.client.ack<AckPayloads['sendMessage']>({ action: 'sendMessage', chatId: earlierChat, clientMessageId: newId('m'), text: '', attachments: [attachment] });
  seq = sent.message.seq;
  attachmentId = attachment.id;
  await alice.ack({ action: 'closeChat', chatId: earlierChat, outcome: 'resolved' });
  // Alice steps away; Bob takes today's chats: the customer, now logged in, and a stranger.
  await alice.ack({ action: 'setStatus', status: 'away' });
  bob = await onlineAgent(local.runtime, 'bob@demo.parley');
  local.keep(bob);
  const userId = `cust-${newId('u')}`;
  const identity = { userId, name: 'Kaisa', signature: signSiteUser(userId, local.runtime.identitySecret) };
  const customer = await connectVisitor(local.runtime, await visitorSession(local.runtime, { visitorId: anonymousSession.visitorId, previousToken: anonymousSession.token, identity }));
  const stranger = await connectVisitor(local.runtime);
  local.keep(customer.client, stranger.client);
  todaysChat = await assignedTo(bob, customer, 'About that invoice again');
  strangersChat = await assignedTo(bob, stranger, 'Something else');
});

describe('files of an earlier conversation of the same customer', () => {
  it('are downloadable by the agent in front of the customer through their chat, and the bytes are the file', async () => {
    // Act
    const history = await bob.ack<AckPayloads['readHistory']>({ action: 'readHistory', chatId: earlierChat, viaChatId: todaysChat });
    const link = await bob.ack<AckPayloads['getAttachment']>({ action: 'getAttachment', chatId: earlierChat, seq, attachmentId, viaChatId: todaysChat });
    const file = await fetch(link.url, { signal: AbortSignal.timeout(WAIT_MS) });

    // Assert
    expect(history.messages.find((m) => m.seq === seq)?.attachments).toEqual([expect.objectContaining({ id: attachmentId, name: 'invoice.pdf' })]);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PDF);
  });

  it('are refused to him without the chat in front of him, and through a chat with someone else', async () => {
    // Act
    const direct = await bob.request({ action: 'getAttachment', chatId: earlierChat, seq, attachmentId });
    const sideways = await bob.request({ action: 'getAttachment', chatId: earlierChat, seq, attachmentId, viaChatId: strangersChat });

    // Assert
    expect(direct).toMatchObject({ type: 'error', code: 'forbidden', field: 'chatId' });
    expect(sideways).toMatchObject({ type: 'error', code: 'forbidden', field: 'chatId', message: 'That conversation is not with this contact' });
  });
});
