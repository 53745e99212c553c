/**
 * cdk-nag names a wildcard finding after the resolved resource, e.g.
 * `AwsSolutions-IAM5[Resource::<DataTable.Arn>/index/*]`. These helpers build the same names
 * from the real tokens, so an acknowledgement names exactly one wildcard, in any region or
 * account, and survives renames of logical ids.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

type Resolved = string | { readonly [key: string]: unknown } | readonly unknown[];

/** The flat form cdk-nag gives a resolved CloudFormation value (Join, GetAtt, Ref, Sub). */
function flatten(node: unknown): string {
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (node === null || typeof node !== 'object') return JSON.stringify(node);
  const record = node as Record<string, unknown>;
  const join = record['Fn::Join'];
  if (Array.isArray(join)) {
    const [delimiter, items] = join as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  if (record['Fn::Sub'] !== undefined) return flatten(record['Fn::Sub']);
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `<${flatten(getAtt[0])}.${flatten(getAtt[1])}>`;
  if (record.Ref !== undefined) return `<${flatten(record.Ref)}>`;
  return JSON.stringify(node);
}

/** The finding id of a wildcard in a resource ARN (a string that may hold tokens). */
export function wildcardResourceFinding(scope: IConstruct, arn: string): string {
  const resolved: Resolved = Stack.of(scope).resolve(arn) as Resolved;
  return `AwsSolutions-IAM5[Resource::${flatten(resolved)}]`;
}

/** Acknowledges one wildcard resource on a scope (and everything under it). */
export function acknowledgeWildcardResource(scope: IConstruct, arn: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: wildcardResourceFinding(scope, arn), reason });
}

interface PolicyStatementJson {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: unknown;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** Every wildcard finding a policy has right now (for CDK-owned policies we do not write). */
export function wildcardFindingsOf(policy: CfnPolicy): string[] {
  const document = Stack.of(policy).resolve(policy.policyDocument) as { Statement?: PolicyStatementJson[] };
  const findings = new Set<string>();
  for (const statement of document.Statement ?? []) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of asArray(statement.Action)) {
      if (typeof action === 'string' && action.includes('*')) findings.add(`AwsSolutions-IAM5[Action::${action}]`);
    }
    for (const resource of asArray(statement.Resource).map(flatten)) {
      if (resource.includes('*')) findings.add(`AwsSolutions-IAM5[Resource::${resource}]`);
    }
  }
  return [...findings];
}
