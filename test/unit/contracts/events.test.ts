import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_DIR, schemaFileText } from '../../../bin/export-schemas';
import { EVENT_TYPES, parseEvent } from '../../../functions/contracts/events';
import { eventDetailJsonSchema } from '../../../functions/contracts/json-schema';

const envelope = (detailType: string, detail: unknown) => ({
  version: '0',
  id: 'e-1',
  source: 'parley',
  'detail-type': detailType,
  time: '2026-11-21T10:00:00Z',
  detail,
});
const base = { eventId: 'c1:closed', version: 1, occurredAt: '2026-11-21T10:00:00.000Z' };

describe('event contracts', () => {
  it.each(EVENT_TYPES)('publishes an up-to-date JSON Schema for %s (run `npm run schemas` when this fails)', (type) => {
    const committed = readFileSync(join(SCHEMA_DIR, `${type}.json`), 'utf8');

    expect(committed).toBe(schemaFileText(eventDetailJsonSchema(type)));
  });

  it('parses a delivered chat.closed into a typed event with defaults filled', () => {
    const event = parseEvent(
      envelope('chat.closed', { ...base, chatId: 'c1', visitorId: 'v1', closedBy: 'visitor', durationMs: 5 }),
    );

    expect(event).toEqual({
      detailType: 'chat.closed',
      detail: { ...base, chatId: 'c1', visitorId: 'v1', closedBy: 'visitor', durationMs: 5, tags: [] },
    });
  });

  it.each([
    ['an unknown detail-type', envelope('chat.exploded', { ...base, chatId: 'c1' }), 'detail-type'],
    ['another source', { ...envelope('chat.requested', {}), source: 'acme' }, 'source'],
    ['a detail missing its chatId', envelope('chat.requested', { ...base, visitorId: 'v1' }), 'chatId'],
    ['a wrong version', envelope('chat.requested', { ...base, version: 2, chatId: 'c', visitorId: 'v' }), 'version'],
  ])('rejects %s, naming the field', (_case, raw, field) => {
    expect(() => parseEvent(raw)).toThrow(field);
  });
});
