/**
 * The event catalog as JSON Schema, for developers outside TypeScript (draft 2020-12, in
 * docs/schemas) and for the deployment's EventBridge schema registry (draft 4, the newest the
 * registry takes, describing the whole event as EventBridge delivers it). Generated from the same
 * zod definitions the code uses, so a published schema cannot drift from what goes on the bus.
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

/** The schema type EventBridge's schema registry takes for JSON Schema. */
export const REGISTRY_SCHEMA_TYPE = 'JSONSchemaDraft4';

/** An event's name in the registry: `parley@chat.requested` (EventBridge's own `source@type` form). */
export const registrySchemaName = (type: EventType): string => `${EVENT_SOURCE}@${type}`;

/**
 * One event as EventBridge delivers it (the envelope, `detail` being the event's own), in JSON
 * Schema draft 4: what the registry shows and generates code bindings from.
 */
export function eventRegistrySchema(type: EventType): Record<string, unknown> {
  const { $schema: _draft, ...detail } = toJSONSchema(eventDetails[type], { io: 'input', target: 'draft-04' });
  return {
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: registrySchemaName(type),
    type: 'object',
    properties: {
      version: { type: 'string' },
      id: { type: 'string' },
      'detail-type': { type: 'string', enum: [type] },
      source: { type: 'string', enum: [EVENT_SOURCE] },
      account: { type: 'string' },
      time: { type: 'string', format: 'date-time' },
      region: { type: 'string' },
      resources: { type: 'array', items: { type: 'string' } },
      detail,
    },
    required: ['detail-type', 'source', 'detail'],
  };
}
