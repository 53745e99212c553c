/**
 * One simulated person in the chaos run: the web clients' own SocketClient (outbox, retries
 * with the same clientMessageId, reconnect with backoff, resume by seq) over a real `ws`
 * socket, every frame folded into the web clients' own chat reducer. What the harness checks
 * at the end is what this person's screen would show.
 */
import { WebSocket } from 'ws';
import { chatReducer, type ChatState, type ChatThread, hasGap, initialChatState, resumeFrom, type Side } from '../../web/sdk/chat-state';
import { SocketClient } from '../../web/sdk/socket-client';
import type { ServerFrame, SocketConstructor } from '../../web/sdk/types';

export interface ParticipantOptions {
  readonly url: string;
  readonly side: Side;
  readonly token: () => string | Promise<string>;
  readonly random: () => number;
  /** How long a request waits for its reply before it is resent (the sdk's default is 10 s). */
  readonly requestTimeoutMs: number;
  /**
   * Resume any chat whose history is behind its lastSeq or has a gap, on every frame, as the
   * console does (web/console/use-workspace.ts); the widget waits for a reconnect or resync.
   */
  readonly healGaps: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class Participant {
  state: ChatState;
  readonly client: SocketClient;
  private readonly waiters = new Set<() => void>();
  /** Socket opens, the first included. */
  opens = 0;
  private readonly resuming = new Set<string>();

  constructor(private readonly options: ParticipantOptions) {
    this.state = initialChatState(options.side);
    this.client = new SocketClient({
      url: options.url,
      token: options.token,
      // ws speaks the browser's onopen/onmessage/onclose interface; only its event types differ.
      WebSocket: WebSocket as unknown as SocketConstructor,
      sleep,
      now: Date.now,
      random: options.random,
      requestTimeoutMs: options.requestTimeoutMs,
      backoff: { baseMs: 200, maxMs: 3000 },
      resumePoints: () => Object.values(this.state.threads).filter(isOpen).map((t) => ({ chatId: t.chatId, afterSeq: resumeFrom(t) })),
    });
    this.client.onFrame((frame) => this.apply(frame));
    this.client.onState((s) => {
      if (s === 'open') this.opens += 1;
    });
  }

  start(): void {
    void this.client.connect();
  }

  thread(chatId: string): ChatThread | undefined {
    return this.state.threads[chatId];
  }

  /**
   * Waits until `ready()` holds, nudging the client with `resync()` (what the browser's
   * `online`/`visibilitychange` do) every `nudgeMs`; rejects after `timeoutMs`.
   */
  async until(ready: () => boolean, what: string, timeoutMs: number, nudgeMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let nudgeAt = Date.now() + nudgeMs;
    while (!ready()) {
      const now = Date.now();
      if (now >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      if (now >= nudgeAt) {
        nudgeAt = now + nudgeMs;
        void this.client.resync();
      }
      await new Promise<void>((wake) => {
        const done = (): void => {
          clearTimeout(timer);
          this.waiters.delete(done);
          wake();
        };
        const timer = setTimeout(done, Math.min(500, deadline - now));
        this.waiters.add(done);
      });
    }
  }

  /** Reads a chat's whole transcript from `resumeFrom` on, as a reopened chat does; bounded retries. */
  async catchUp(chatId: string, attempts = 5): Promise<void> {
    for (let i = 0; i < attempts; i++) {
      try {
        for (;;) {
          const thread = this.thread(chatId);
          const ack = await this.client.request({ action: 'resume', chatId, afterSeq: thread ? resumeFrom(thread) : 0 });
          if (!ack.hasMore) return;
        }
      } catch (error) {
        if (i === attempts - 1) throw error;
        await sleep(500);
      }
    }
  }

  close(): void {
    this.client.close();
  }

  private heal(thread: ChatThread): void {
    if (!isBehind(thread) || this.resuming.has(thread.chatId)) return;
    this.resuming.add(thread.chatId);
    void this.client
      .request({ action: 'resume', chatId: thread.chatId, afterSeq: resumeFrom(thread) })
      .catch(() => undefined)
      .finally(() => this.resuming.delete(thread.chatId));
  }

  private apply(frame: ServerFrame): void {
    this.state = chatReducer(this.state, frame);
    if (this.options.healGaps) for (const thread of Object.values(this.state.threads)) this.heal(thread);
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }
}

function isBehind(thread: ChatThread): boolean {
  return resumeFrom(thread) < (thread.chat?.lastSeq ?? 0) || hasGap(thread);
}

function isOpen(thread: ChatThread): boolean {
  return thread.chat?.status !== 'closed' && thread.chat?.status !== 'missed';
}
