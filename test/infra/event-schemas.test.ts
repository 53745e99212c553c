/**
 * The event catalog in the deployment's EventBridge schema registry: one JSON Schema draft 4
 * (the registry's JSON type) per detail-type, describing the whole event as EventBridge delivers
 * it, generated from the same zod definitions the publishers use.
 */
import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { EVENT_SOURCE, EVENT_TYPES, eventDetails } from '../../functions/contracts/events';
import { buildStack } from './support/build-stack';
import { resourcesOf } from './support/template-queries';

const built = buildStack();
afterAll(() => built.cleanup());
const registry = built.stack.platform.bus.schemaRegistry;
// A nested stack of its own, so the schemas do not count against the parent's 500 resources.
const registryStack = Stack.of(registry);
const template = Template.fromStack(registryStack);

/** Keywords JSON Schema added after draft 4: a draft-4 consumer would ignore or reject them. */
const NEWER_KEYWORDS = new Set(['const', '$defs', 'examples', 'contains', 'propertyNames', 'if', 'then', 'else', 'dependentRequired', 'dependentSchemas', 'prefixItems', 'unevaluatedProperties', '$id']);

/** Every keyword anywhere in a schema that draft 4 does not have (or has with another type). */
function newerThanDraft4(node: unknown, path = '#'): string[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => newerThanDraft4(v, `${path}/${i}`));
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => {
    const here = `${path}/${key}`;
    const inside = key === 'properties' && typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([name, v]) => newerThanDraft4(v, `${here}/${name}`)) : newerThanDraft4(value, here);
    const bad = NEWER_KEYWORDS.has(key) || ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && typeof value !== 'boolean');
    return bad ? [here, ...inside] : inside;
  });
}

const schemas = Object.values(resourcesOf(template, 'AWS::EventSchemas::Schema')).map((r) => r.Properties as Record<string, unknown>);
const contentOf = (type: string): Record<string, unknown> => {
  const found = schemas.find((p) => p.SchemaName === `parley@${type}`);
  if (!found) throw new Error(`no schema parley@${type}`);
  return JSON.parse(String(found.Content)) as Record<string, unknown>;
};

describe('the event schema registry', () => {
  it('is one registry named after the bus, in a nested stack, holding exactly one schema per event of the catalog', () => {
    const registries = Object.entries(resourcesOf(template, 'AWS::EventSchemas::Registry'));
    const registryId = registryStack.resolve((registry as CfnElement).logicalId) as string;

    expect(registryStack.nested).toBe(true);
    expect(Object.keys(resourcesOf(built.template, 'AWS::EventSchemas::Schema'))).toEqual([]);
    expect(registries.map(([, r]) => r.Properties?.RegistryName)).toEqual(['parley-parleytest-events']);
    expect(schemas.map((p) => p.SchemaName).sort()).toEqual(EVENT_TYPES.map((t) => `parley@${t}`).sort());
    for (const p of schemas) {
      expect(p.Type).toBe('JSONSchemaDraft4');
      expect(p.RegistryName).toEqual({ 'Fn::GetAtt': [registryId, 'RegistryName'] });
    }
  });

  it.each(EVENT_TYPES)('describes %s as EventBridge delivers it, in draft 4 only', (type) => {
    const schema = contentOf(type);
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    const detail = properties.detail as { properties: Record<string, unknown>; required?: string[] };
    const zodShape = eventDetails[type].shape as Record<string, { safeParse: (v: unknown) => { success: boolean } }>;
    const requiredByZod = Object.entries(zodShape).filter(([, field]) => !field.safeParse(undefined).success).map(([name]) => name);

    expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(properties['detail-type']?.enum).toEqual([type]);
    expect(properties.source?.enum).toEqual([EVENT_SOURCE]);
    expect(schema.required).toEqual(['detail-type', 'source', 'detail']);
    expect(Object.keys(detail.properties).sort()).toEqual(Object.keys(zodShape).sort());
    expect([...(detail.required ?? [])].sort()).toEqual(requiredByZod.sort());
    expect(newerThanDraft4(schema)).toEqual([]);
  });
});
