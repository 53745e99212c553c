/**
 * The event catalog as JSON Schema (draft 2020-12), for developers outside TypeScript and for
 * an EventBridge schema registry. Generated from the same zod definitions the code uses, so the
 * published schema cannot drift from what is published on the bus.
 */
import { toJSONSchema } from 'zod';
import { EVENT_SOURCE, EVENT_TYPES, eventDetails, type EventType } from './events';

/** JSON Schema of one event's `detail`, titled and identified by its detail-type. */
export function eventDetailJsonSchema(type: EventType): Record<string, unknown> {
  return {
    ...toJSONSchema(eventDetails[type], { io: 'input' }),
    $id: `https://parley.dev/schemas/events/${type}.json`,
    title: `${EVENT_SOURCE} ${type}`,
  };
}

/** Every event's schema, keyed by detail-type. */
export function eventCatalogJsonSchemas(): Record<EventType, Record<string, unknown>> {
  return Object.fromEntries(EVENT_TYPES.map((t) => [t, eventDetailJsonSchema(t)])) as Record<
    EventType,
    Record<string, unknown>
  >;
}
