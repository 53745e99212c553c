/**
 * Helpers for tests that drive a whole local runtime through its real doors: POST /sessions
 * and InitiateAuth for credentials, real WebSockets for everything else. Every wait is bounded
 * so a broken runtime fails a test instead of hanging it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { WebSocket } from 'ws';
import type { ChatMessage, ServerFrame } from '../../functions/contracts/frames';
import type { CreateSessionResponse } from '../../functions/contracts/http';
import { startLocal, type LocalRuntime, type LocalRuntimeOptions } from '../../lib/local';
import { agentToken, openSocket, visitorSession, WAIT_MS } from '../support/local-doors';

export { agentToken, openSocket, visitorSession, WAIT_MS };

type Frame = ServerFrame | { message: string; connectionId?: string; requestId?: string };
type FrameOfType<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;

/** A connected socket that keeps every frame it receives until a test takes it. */
export class Client {
  private readonly inbox: Frame[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly autoAccepts = new Set<string>();
  /**
   * Accept every offered chat at once, as an agent at the desk does (the default, so tests about
   * something else see chats assigned as before); routing tests turn it off to answer offers themselves.
   */
  autoAccept = true;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      if (this.acceptedHere(frame)) return;
      this.inbox.push(frame);
      for (const wake of this.waiters) wake();
    });
  }

  /** Sends acceptOffer for an offer (when autoAccept), and swallows the replies to those. */
  private acceptedHere(frame: Frame): boolean {
    if ('type' in frame && (frame.type === 'ack' || frame.type === 'error') && frame.requestId && this.autoAccepts.delete(frame.requestId)) return true;
    if (!this.autoAccept || !('type' in frame) || frame.type !== 'offer') return false;
    const requestId = `auto-${randomUUID()}`;
    this.autoAccepts.add(requestId);
    this.ws.send(JSON.stringify({ action: 'acceptOffer', requestId, chatId: frame.offer.chat.chatId }));
    return false;
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends a frame (a requestId is added when missing) and resolves with the reply carrying it. */
  async request(frame: Record<string, unknown>, timeoutMs = WAIT_MS): Promise<ServerFrame & { type: 'ack' | 'error' }> {
    const requestId = typeof frame.requestId === 'string' ? frame.requestId : `r-${randomUUID()}`;
    this.ws.send(JSON.stringify({ ...frame, requestId }));
    return this.take((f) => 'type' in f && (f.type === 'ack' || f.type === 'error') && f.requestId === requestId, `reply to ${requestId}`, timeoutMs) as Promise<
      ServerFrame & { type: 'ack' | 'error' }
    >;
  }

  /**
   * Like request, but fails the test unless the reply is an ack. A `rate_limited` answer is waited
   * out and the frame sent again, as the web clients do (a test file's connection may send faster
   * than a person's limit allows).
   */
  async ack<T = Record<string, unknown>>(frame: Record<string, unknown>, timeoutMs = WAIT_MS): Promise<T> {
    let reply = await this.request(frame, timeoutMs);
    for (let attempt = 1; attempt <= 5 && reply.type === 'error' && reply.code === 'rate_limited'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, (reply as { retryAfterMs?: number }).retryAfterMs ?? 200));
      reply = await this.request(frame, timeoutMs);
    }
    if (reply.type !== 'ack') throw new Error(`${String(frame.action)} failed: ${JSON.stringify(reply)}`);
    return reply as unknown as T;
  }

  /** Sends a fire-and-forget frame (a one-way route: typing) and returns its requestId; no reply is awaited. */
  signal(frame: Record<string, unknown>): string {
    const requestId = `r-${randomUUID()}`;
    this.ws.send(JSON.stringify({ ...frame, requestId }));
    return requestId;
  }

  /** Frames received so far, and not yet taken, that carry `requestId` (replies, or errors pushed back). */
  repliesTo(requestId: string): Frame[] {
    return this.inbox.filter((f) => 'requestId' in f && f.requestId === requestId);
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  /** Resolves with (and removes) the first frame of `type` matching `predicate`, waiting if needed. */
  waitFor<T extends ServerFrame['type']>(type: T, predicate: (frame: FrameOfType<T>) => boolean = () => true, timeoutMs = WAIT_MS): Promise<FrameOfType<T>> {
    return this.take((f) => 'type' in f && f.type === type && predicate(f as FrameOfType<T>), `a "${type}" frame`, timeoutMs) as Promise<FrameOfType<T>>;
  }

  /** Resolves with (and removes) the next frame of any kind. */
  next(timeoutMs = WAIT_MS): Promise<Frame> {
    return this.take(() => true, 'any frame', timeoutMs);
  }

  /** Frames of `type` received so far and not yet taken (for asserting that nothing else came). */
  pending<T extends ServerFrame['type']>(type: T): FrameOfType<T>[] {
    return this.inbox.filter((f) => 'type' in f && f.type === type) as FrameOfType<T>[];
  }

  private take(match: (frame: Frame) => boolean, what: string, timeoutMs = WAIT_MS): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const index = this.inbox.findIndex(match);
        if (index < 0) return false;
        const [frame] = this.inbox.splice(index, 1);
        cleanup();
        resolve(frame as Frame);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; inbox: ${JSON.stringify(this.inbox).slice(0, 2000)}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      const wake = (): void => void check();
      if (!check()) this.waiters.add(wake);
    });
  }

  /** Closes the socket and waits until it is closed. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }

  /** Drops the TCP connection without a closing handshake, like a phone losing signal. */
  kill(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.terminate();
    });
  }
}

export interface Visitor {
  readonly session: CreateSessionResponse;
  readonly client: Client;
}

/** A new visitor session with its socket open (or a new socket for an existing session). */
export async function connectVisitor(runtime: LocalRuntime, session?: CreateSessionResponse): Promise<Visitor> {
  const own = session ?? (await visitorSession(runtime));
  return { session: own, client: new Client(await openSocket(runtime, own.token)) };
}

export async function connectAgent(runtime: LocalRuntime, username: string): Promise<Client> {
  return new Client(await openSocket(runtime, await agentToken(runtime, username)));
}

/** Signs in and goes online: the agent is then eligible for routing. */
export async function onlineAgent(runtime: LocalRuntime, username: string, timeoutMs = WAIT_MS): Promise<Client> {
  const agent = await connectAgent(runtime, username);
  await agent.ack({ action: 'setStatus', status: 'online' }, timeoutMs);
  return agent;
}

export interface Resumed {
  chat: { chatId: string; status: string; agentId?: string; lastSeq: number };
  messages: ChatMessage[];
  hasMore: boolean;
}

export function resume(client: Client, chatId: string, afterSeq = 0): Promise<Resumed> {
  return client.ack<Resumed>({ action: 'resume', chatId, afterSeq });
}

export const newId = (prefix: string): string => `${prefix}-${randomUUID()}`;

export interface TestRuntime {
  /** The file's runtime (started in beforeAll). */
  readonly runtime: LocalRuntime;
  /** Sockets to drop before the runtime stops. */
  keep(...clients: Client[]): void;
}

/** One runtime per test file: started before the first test, stopped after the last. */
export function useRuntime(options: Omit<LocalRuntimeOptions, 'basePort'> = {}): TestRuntime {
  const sockets: Client[] = [];
  let current: LocalRuntime | undefined;
  beforeAll(async () => {
    current = await startLocal({ ...options, basePort: 0 });
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.kill()));
    await current?.stop();
  });
  return {
    get runtime() {
      if (!current) throw new Error('The runtime has not started (use it inside a test or hook)');
      return current;
    },
    keep: (...clients) => void sockets.push(...clients),
  };
}
