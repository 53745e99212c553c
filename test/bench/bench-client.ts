/**
 * A lean socket client for load: replies are matched by requestId in a map (the integration
 * harness's inbox scan is fine for a test, quadratic under 200 chats), pushed frames go to a
 * listener, and every wait is bounded. The harness imports vitest, so it cannot run here.
 */
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import type { ServerFrame } from '../../functions/contracts/frames';
import type { CreateSessionResponse } from '../../functions/contracts/http';
import type { LocalRuntime } from '../../lib/local';

export const WAIT_MS = 15_000;

type Reply = Extract<ServerFrame, { type: 'ack' | 'error' }>;
type Pending = { resolve: (frame: Reply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

export class BenchClient {
  private readonly pending = new Map<string, Pending>();
  /** Called with every pushed (non-reply) frame and the time it arrived. */
  onPush: (frame: ServerFrame, at: number) => void = () => undefined;
  readonly openedAt = performance.now();
  /** Byte size of every frame sent (API Gateway meters inbound messages by size). */
  readonly sentBytes: number[] = [];
  /** Byte size of every frame received: route replies (acks) and pushes are both billed messages. */
  readonly receivedBytes: number[] = [];
  closedAt: number | undefined;

  constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.receive(String(data)));
    ws.once('close', () => (this.closedAt = performance.now()));
  }

  /** Sends a frame and resolves with its ack; rejects on an error reply or after WAIT_MS. */
  request<T = Record<string, unknown>>(frame: Record<string, unknown>): Promise<T> {
    const requestId = `r-${randomUUID()}`;
    const text = JSON.stringify({ ...frame, requestId });
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error(`No reply to ${String(frame.action)} in ${WAIT_MS} ms`));
      }, WAIT_MS);
      this.pending.set(requestId, {
        timer,
        reject,
        resolve: (reply) => (reply.type === 'ack' ? resolve(reply as unknown as T) : reject(new Error(`${String(frame.action)}: ${JSON.stringify(reply)}`))),
      });
      this.send(text);
    });
  }

  /** Sends a frame without waiting for its reply (typing indicators). */
  fire(frame: Record<string, unknown>): void {
    this.send(JSON.stringify({ ...frame, requestId: `r-${randomUUID()}` }));
  }

  private send(text: string): void {
    this.sentBytes.push(Buffer.byteLength(text));
    this.ws.send(text);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }

  private receive(text: string): void {
    const at = performance.now();
    this.receivedBytes.push(Buffer.byteLength(text));
    const frame = JSON.parse(text) as ServerFrame;
    if ((frame.type === 'ack' || frame.type === 'error') && frame.requestId) {
      const waiter = this.pending.get(frame.requestId);
      if (waiter) {
        this.pending.delete(frame.requestId);
        clearTimeout(waiter.timer);
        waiter.resolve(frame);
      }
      return;
    }
    this.onPush(frame, at);
  }
}

export function openClient(runtime: LocalRuntime, token: string): Promise<BenchClient> {
  const ws = new WebSocket(`${runtime.urls.websocket}?token=${encodeURIComponent(token)}`);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('Timed out opening a socket'));
    }, WAIT_MS);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve(new BenchClient(ws));
    });
    ws.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`Socket refused: HTTP ${res.statusCode ?? 0}`));
    });
    ws.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export async function visitorToken(runtime: LocalRuntime): Promise<string> {
  const res = await fetch(`${runtime.urls.http}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
    signal: AbortSignal.timeout(WAIT_MS),
  });
  if (res.status !== 200) throw new Error(`POST /sessions answered ${res.status}`);
  return ((await res.json()) as CreateSessionResponse).token;
}

/** Signs a demo user in through InitiateAuth, as the console does; returns the ID token. */
export async function agentIdToken(runtime: LocalRuntime, username: string, password: string): Promise<string> {
  const res = await fetch(runtime.urls.aws, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'parley-local-console', AuthParameters: { USERNAME: username, PASSWORD: password } }),
    signal: AbortSignal.timeout(WAIT_MS),
  });
  const token = ((await res.json()) as { AuthenticationResult?: { IdToken?: string } }).AuthenticationResult?.IdToken;
  if (!token) throw new Error(`Sign-in failed for ${username}`);
  return token;
}
