/**
 * Writes the event catalog's JSON Schemas to docs/schemas/events/<detail-type>.json.
 * `npm run schemas`; a unit test fails when the committed files are stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventCatalogJsonSchemas } from '../functions/contracts/json-schema';

export const SCHEMA_DIR = join(__dirname, '..', 'docs', 'schemas', 'events');

export function schemaFileText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (require.main === module) {
  mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const [type, schema] of Object.entries(eventCatalogJsonSchemas())) {
    writeFileSync(join(SCHEMA_DIR, `${type}.json`), schemaFileText(schema));
    console.log(`wrote docs/schemas/events/${type}.json`);
  }
}
