import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../../lib/local/authorizer-policy';

const arn = 'arn:aws:execute-api:us-east-1:000000000000:parleylocal/local/$connect';
const policy = (statements: object[], context: object = { userId: 'u-1' }) => ({
  principalId: 'p-1',
  policyDocument: { Version: '2012-10-17', Statement: statements },
  context,
});
const allow = (resource: string | string[]) => ({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: resource });
const deny = (resource: string) => ({ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: resource });

describe('evaluatePolicy', () => {
  it.each<[string, unknown, boolean]>([
    ['an Allow on the method', policy([allow(arn)]), true],
    ['an Allow with wildcards', policy([allow('arn:aws:execute-api:us-east-1:*:parleylocal/*')]), true],
    ['an Allow in a resource list', policy([allow(['arn:other', arn])]), true],
    ['an Allow on another method', policy([allow('arn:aws:execute-api:us-east-1:000000000000:other/*')]), false],
    ['a Deny beside an Allow', policy([allow('*'), deny(arn)]), false],
    ['no statements', policy([]), false],
    ['no policy at all', { principalId: 'p' }, false],
    ['nothing', undefined, false],
  ])('decides %s → allowed %s', (_case, result, allowed) => {
    // Act / Assert
    expect(evaluatePolicy(result, arn).allowed).toBe(allowed);
  });

  it('hands on the flat context with the principalId, dropping nested values', () => {
    // Act
    const decision = evaluatePolicy(policy([allow(arn)], { userId: 'u-1', count: 2, ok: true, nested: { x: 1 } }), arn);

    // Assert
    expect(decision).toEqual({ allowed: true, context: { userId: 'u-1', count: 2, ok: true, principalId: 'p-1' } });
  });
});
