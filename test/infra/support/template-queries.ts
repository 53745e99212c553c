/**
 * Small readers over a synthesized template, so tests can follow references (route →
 * integration → function) instead of hard-coding logical ids.
 */
import type { Template } from 'aws-cdk-lib/assertions';

export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
}

/** Every resource of a type, keyed by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, CfnResourceJson> {
  return template.findResources(type) as Record<string, CfnResourceJson>;
}

/** The logical ids a value refers to (Ref and Fn::GetAtt), anywhere inside it. */
export function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const own: string[] = [];
  if (typeof record.Ref === 'string') own.push(record.Ref);
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') own.push(getAtt[0]);
  return [...own, ...Object.values(record).flatMap(referencedIds)];
}

/** The one resource of a type whose properties satisfy a predicate. */
export function findOne(
  template: Template,
  type: string,
  predicate: (props: Record<string, unknown>) => boolean,
): [string, CfnResourceJson] {
  const matches = Object.entries(resourcesOf(template, type)).filter(([, r]) => predicate(r.Properties ?? {}));
  if (matches.length !== 1) throw new Error(`expected one ${type}, found ${matches.length}`);
  return matches[0] as [string, CfnResourceJson];
}
