/**
 * Which of a phase's messages were sent "at N concurrent active chats": the figure the latency
 * targets name. Chats arrive over a ramp and end one by one, so every chat of the phase is under
 * way only from the moment the last one sent its first message to the moment the first one sent
 * its last. Messages sent during the arrivals (when fewer chats were open and the routing burst
 * of new chats shares the machine) or the departures are outside it.
 */

export interface TimedMessage {
  /** Which conversation of the phase sent it. */
  readonly chat: number;
  /** Sender's clock, ms. */
  readonly sentAt: number;
  /** Send → the other side's receipt; undefined when it was lost. */
  readonly latencyMs?: number;
}

export interface ActiveWindow {
  /** Sender's clock, ms: the last chat's first send, and the first chat's last send. */
  readonly from: number;
  readonly to: number;
  /** Latencies of the messages received that were sent inside [from, to]. */
  readonly latenciesMs: number[];
}

/** The window in which every chat that sent a message was under way; undefined when there was no such moment. */
export function allActiveWindow(messages: readonly TimedMessage[]): ActiveWindow | undefined {
  const spans = new Map<number, { first: number; last: number }>();
  for (const m of messages) {
    const span = spans.get(m.chat);
    if (!span) spans.set(m.chat, { first: m.sentAt, last: m.sentAt });
    else {
      span.first = Math.min(span.first, m.sentAt);
      span.last = Math.max(span.last, m.sentAt);
    }
  }
  if (spans.size === 0) return undefined;
  const from = Math.max(...[...spans.values()].map((s) => s.first));
  const to = Math.min(...[...spans.values()].map((s) => s.last));
  if (from > to) return undefined;
  const latenciesMs = messages.filter((m) => m.sentAt >= from && m.sentAt <= to && m.latencyMs !== undefined).map((m) => m.latencyMs as number);
  return { from, to, latenciesMs };
}
