/**
 * One open socket as the gateway tracks it: who it is (the authorizer's context), when it was
 * last active, and the two clocks API Gateway enforces (idle timeout, 2-hour maximum).
 */
import type { WebSocket } from 'ws';
import type { AuthorizerContext, ConnectionInfo } from './socket-events';

/** API Gateway closes idle sockets with 1001 "Going away", and so do we. */
const GOING_AWAY = 1001;

export class SocketConnection {
  lastActiveAt: number;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly maxTimer: NodeJS.Timeout;

  constructor(
    readonly info: ConnectionInfo,
    readonly authorizer: AuthorizerContext,
    readonly ws: WebSocket,
    private readonly idleTimeoutMs: number,
    maxConnectionMs: number,
  ) {
    this.lastActiveAt = info.connectedAt;
    this.maxTimer = setTimeout(() => this.ws.close(GOING_AWAY, 'Connection duration exceeded'), maxConnectionMs);
    this.maxTimer.unref();
    this.touch();
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  /** Traffic in either direction keeps the socket alive. */
  touch(): void {
    this.lastActiveAt = Date.now();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.ws.close(GOING_AWAY, 'Idle timeout'), this.idleTimeoutMs);
    this.idleTimer.unref();
  }

  send(data: string): void {
    this.touch();
    this.ws.send(data);
  }

  dispose(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.maxTimer);
  }
}
