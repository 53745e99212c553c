import { afterAll, describe, expect, it } from 'vitest';
import { allFunctions, type Access } from '../../functions/manifest';
import { buildStack } from './support/build-stack';
import { referencedIds, resourcesOf } from './support/template-queries';

const built = buildStack();
afterAll(() => built.cleanup());
const { template, stack } = built;

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/** Every Allow statement in the policies attached to a function's role. */
function statementsOf(name: string): Statement[] {
  const fn = stack.platform.functions.get(name);
  if (!fn?.fn.role) throw new Error(`no role for ${name}`);
  const roleId = built.logicalId(fn.fn.role);
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((p) => referencedIds(p.Properties?.Roles).includes(roleId))
    .flatMap((p) => (p.Properties?.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((s) => s.Effect === 'Allow');
}

const actionsOf = (statements: Statement[]) => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

/** The actions that reveal each access: present with it, absent without it. */
const telltales: Record<Exclude<Access, SecretAccess>, string[]> = {
  'table:read': ['dynamodb:GetItem', 'dynamodb:Query'],
  'table:write': ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
  'bus:publish': ['events:PutEvents'],
  'connections:manage': ['execute-api:ManageConnections'],
  'timers:schedule': ['sqs:SendMessage'],
  'attachments:upload': ['s3:PutObject'],
  'attachments:read': ['s3:GetObject'],
  'attachments:delete': ['s3:DeleteObject'],
};

/** Secret reads share one action, so each is told apart by the secret its statement names. */
type SecretAccess = 'visitor-secret:read' | 'identity-secret:read';
const secrets: Record<SecretAccess, () => string> = {
  'visitor-secret:read': () => built.logicalId(stack.platform.visitorSecret),
  'identity-secret:read': () => built.logicalId(stack.platform.identitySecret),
};

const cases = allFunctions().flatMap((spec) =>
  (Object.keys(telltales) as Exclude<Access, SecretAccess>[]).map((access) => [spec.name, access, spec.access.includes(access)] as const),
);
const secretCases = allFunctions().flatMap((spec) =>
  (Object.keys(secrets) as SecretAccess[]).map((access) => [spec.name, access, spec.access.includes(access)] as const),
);

describe('IAM, derived from the manifest access lists', () => {
  it.each(cases)('%s / %s: granted = %s', (name, access, granted) => {
    const actions = actionsOf(statementsOf(name));

    for (const action of telltales[access]) expect(actions.includes(action)).toBe(granted);
  });

  it.each(secretCases)('%s / %s: granted = %s', (name, access, granted) => {
    const reads = statementsOf(name).filter((s) => actionsOf([s]).includes('secretsmanager:GetSecretValue'));

    expect(reads.some((s) => referencedIds(s.Resource).includes(secrets[access]()))).toBe(granted);
  });

  it.each(allFunctions().map((f) => [f.name, f.access.includes('attachments:read') || f.access.includes('attachments:delete')] as const))(
    '%s may list the attachments bucket: %s (reading tells a missing file from a forbidden one; erasure lists a chat’s files)',
    (name, listed) => {
      expect(actionsOf(statementsOf(name)).includes('s3:ListBucket')).toBe(listed);
    },
  );

  it('lets erasure list only the files’ prefix of the bucket', () => {
    const statement = statementsOf('http-erase-contact').find((s) => actionsOf([s]).includes('s3:ListBucket')) as Statement & { Condition?: unknown };

    expect(statement.Condition).toEqual({ StringLike: { 's3:prefix': ['chats/*'] } });
  });

  it.each(allFunctions().filter((f) => f.access.includes('connections:manage')).map((f) => f.name))(
    'limits %s to the @connections of this API and its live stage',
    (name) => {
      const statement = statementsOf(name).find((s) => actionsOf([s]).includes('execute-api:ManageConnections'));
      const resource = JSON.stringify(statement?.Resource);

      expect(referencedIds(statement?.Resource)).toContain(built.logicalId(stack.platform.socketApi.api));
      expect(resource).toContain('/live/*/@connections/*');
    },
  );

  it.each(allFunctions().map((f) => f.name))('gives %s no managed policy and no wildcard action', (name) => {
    const fn = stack.platform.functions.get(name);
    const role = fn?.fn.role && resourcesOf(template, 'AWS::IAM::Role')[built.logicalId(fn.fn.role)];

    expect(role?.Properties?.ManagedPolicyArns).toBeUndefined();
    expect(actionsOf(statementsOf(name)).filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
  });
});
