/**
 * The event transport's one error middleware: log what failed with the event's id and type,
 * then fail the invocation, so EventBridge retries it and, after its retry policy, sends it to
 * the dead-letter queue. Swallowing would lose the state change.
 */
import type { MiddlewareObj } from '@middy/core';

export interface EventEnvelope {
  id?: string;
  'detail-type'?: string;
}

export function eventErrors(consumer: string): MiddlewareObj<EventEnvelope> {
  return {
    onError: (request) => {
      console.error(JSON.stringify({ level: 'error', consumer, eventId: request.event.id, detailType: request.event['detail-type'], error: String(request.error) }));
    },
  };
}
