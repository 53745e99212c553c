/**
 * The types the web clients share. Only *types* come from the contracts: `import type` is
 * erased by esbuild, so no schema library ever reaches a visitor's browser.
 */
import type { AckPayloads, ClientAction, ClientFrame } from '../../functions/contracts/frames';

export type {
  AckPayloads,
  AgentStatus,
  Attachment,
  CannedResponse,
  CannedScope,
  ChatFeedback,
  ChatMessage,
  ChatNote,
  ChatOffer,
  ChatSummary,
  ClientAction,
  ClientFrame,
  Contact,
  ErrorCode,
  LiveStats,
  Outcome,
  SenderRole,
  ServerFrame,
  TransferTarget,
} from '../../functions/contracts/frames';
export type { CreateSessionResponse, RuntimeConfig } from '../../functions/contracts/http';

/** A client frame without the `requestId`: the client assigns one per attempt. */
export type RequestOf<A extends ClientAction> = Omit<Extract<ClientFrame, { action: A }>, 'requestId'>;

/** The ack a request of action `A` resolves to. */
export type AckOf<A extends ClientAction> = { type: 'ack'; requestId: string; action: A } & AckPayloads[A];

/** The part of the browser's WebSocket the client uses, so tests can pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
}
export type SocketConstructor = new (url: string) => SocketLike;
