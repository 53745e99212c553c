/**
 * Figure 1's load: `chats` 1:1 conversations at once, each a visitor (POST /sessions, socket,
 * startChat) and whichever agent routing assigns. Participants take turns: think, typing
 * indicator, sendMessage; the other side answers once it has received the message. Latency
 * is sender's send → recipient's receipt, both clocks this process's. The agent closes.
 */
import { randomUUID } from 'node:crypto';
import type { ChatSummary, ServerFrame } from '../../functions/contracts/frames';
import type { LocalRuntime } from '../../lib/local';
import { visitorSession } from '../support/local-doors';
import type { TimedMessage } from './active-window';
import { type BenchClient, openClient } from './bench-client';

export interface LoadOptions {
  readonly chats: number;
  /** Messages after the opening question. */
  readonly messagesPerChat: number;
  readonly thinkMs: readonly [min: number, max: number];
  /** A message not received this long after it was sent counts as lost. */
  readonly lostAfterMs: number;
  /** Chats start spread evenly over this long, as visitors arrive, not in one instant. */
  readonly rampMs: number;
}

export interface LoadResult {
  /** Every message after the opening question, received or lost, with when it was sent. */
  readonly messages: TimedMessage[];
  readonly latenciesMs: number[];
  readonly sent: number;
  readonly lost: number;
  readonly failedChats: number;
  /** Chat messages sent, opening questions included. */
  readonly chatMessages: number;
  readonly visitors: BenchClient[];
}

type Waiter = (at: number) => void;

/** Routes frames pushed to any agent socket to the conversation they belong to. */
export class AgentDesk {
  private readonly assigned = new Map<string, (agent: BenchClient) => void>();
  /** Assignments pushed before their chat's startChat ack arrived. */
  private readonly early = new Map<string, BenchClient>();
  private readonly inbox = new Map<string, Waiter>();

  constructor(readonly agents: readonly BenchClient[]) {
    for (const agent of agents) agent.onPush = (frame, at) => this.push(agent, frame, at);
  }

  waitAssigned(chatId: string, timeoutMs: number): Promise<BenchClient> {
    const agent = this.early.get(chatId);
    this.early.delete(chatId);
    if (agent) return Promise.resolve(agent);
    return bounded(timeoutMs, `assignment of ${chatId}`, (resolve) => this.assigned.set(chatId, resolve));
  }

  expect(clientMessageId: string, waiter: Waiter): void {
    this.inbox.set(clientMessageId, waiter);
  }

  private push(agent: BenchClient, frame: ServerFrame, at: number): void {
    if (frame.type === 'chat' && frame.chat.status === 'assigned' && frame.chat.agentId !== undefined) {
      const waiter = this.assigned.get(frame.chat.chatId);
      this.assigned.delete(frame.chat.chatId);
      if (waiter) waiter(agent);
      else this.early.set(frame.chat.chatId, agent);
    }
    if (frame.type === 'message' && frame.message.senderRole === 'visitor') take(this.inbox, frame.message.clientMessageId, at);
  }
}

function take(inbox: Map<string, Waiter>, id: string, at: number): void {
  const waiter = inbox.get(id);
  inbox.delete(id);
  waiter?.(at);
}

function bounded<T>(ms: number, what: string, start: (resolve: (value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
    start((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const think = ([min, max]: readonly [number, number]): Promise<void> => sleep(min + Math.random() * (max - min));

interface Turn {
  readonly sender: BenchClient;
  readonly expect: (id: string, waiter: Waiter) => void;
}

/** What the load's participants write (34 characters). */
export const messageText = (clientMessageId: string): string => `Message ${clientMessageId.slice(2, 10)} about order #1234`;

/** One message: typing, send, wait for the other side. Resolves with when it was sent and its latency (undefined when lost). */
async function exchange(chatId: string, turn: Turn, options: LoadOptions): Promise<{ sentAt: number; latencyMs: number | undefined }> {
  await think(options.thinkMs);
  turn.sender.fire({ action: 'typing', chatId, isTyping: true });
  const clientMessageId = `m-${randomUUID()}`;
  const sentAt = performance.now();
  const received = new Promise<number | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), options.lostAfterMs);
    turn.expect(clientMessageId, (at) => {
      clearTimeout(timer);
      resolve(at - sentAt);
    });
  });
  const acked = turn.sender.request({ action: 'sendMessage', chatId, clientMessageId, text: messageText(clientMessageId) });
  const [latencyMs] = await Promise.all([received, acked.catch(() => undefined)]);
  return { sentAt, latencyMs };
}

interface Tally {
  readonly messages: TimedMessage[];
  readonly latencies: number[];
  lost: number;
  readonly visitors: BenchClient[];
}

async function conversation(runtime: LocalRuntime, desk: AgentDesk, options: LoadOptions, out: Tally, chat: number): Promise<void> {
  const visitor = await openClient(runtime, (await visitorSession(runtime)).token);
  out.visitors.push(visitor);
  const visitorInbox = new Map<string, Waiter>();
  visitor.onPush = (frame, at) => {
    if (frame.type === 'message' && frame.message.senderRole === 'agent') take(visitorInbox, frame.message.clientMessageId, at);
  };
  const start = await visitor.request<{ chat: ChatSummary }>({ action: 'startChat', text: 'Hello, where is my order?', clientMessageId: `m-${randomUUID()}` });
  const chatId = start.chat.chatId;
  const agent = await desk.waitAssigned(chatId, options.lostAfterMs * 2);
  const turns: Turn[] = [
    { sender: agent, expect: (id, w) => void visitorInbox.set(id, w) },
    { sender: visitor, expect: (id, w) => desk.expect(id, w) },
  ];
  for (let i = 0; i < options.messagesPerChat; i++) {
    const { sentAt, latencyMs } = await exchange(chatId, turns[i % 2] as Turn, options);
    out.messages.push({ chat, sentAt, ...(latencyMs === undefined ? {} : { latencyMs }) });
    if (latencyMs === undefined) out.lost += 1;
    else out.latencies.push(latencyMs);
  }
  await agent.request({ action: 'closeChat', chatId, outcome: 'resolved' });
  await visitor.close();
}

export async function runChats(runtime: LocalRuntime, desk: AgentDesk, options: LoadOptions): Promise<LoadResult> {
  const out: Tally = { messages: [], latencies: [], lost: 0, visitors: [] };
  const gap = options.rampMs / options.chats;
  const results = await Promise.allSettled(Array.from({ length: options.chats }, (_, i) => sleep(i * gap).then(() => conversation(runtime, desk, options, out, i))));
  const failed = results.filter((r) => r.status === 'rejected');
  for (const f of failed.slice(0, 3)) console.error(`  a chat failed: ${String((f as PromiseRejectedResult).reason)}`);
  return {
    messages: out.messages,
    latenciesMs: out.latencies,
    sent: options.chats * options.messagesPerChat,
    lost: out.lost,
    failedChats: failed.length,
    chatMessages: (options.chats - failed.length) * (options.messagesPerChat + 1),
    visitors: out.visitors,
  };
}
