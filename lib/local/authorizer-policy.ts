/**
 * Reads a Lambda authorizer's answer the way API Gateway does: an explicit Deny on the
 * method wins, then an Allow whose Resource covers the method ARN (`*` and `?` wildcards);
 * anything else (no policy, wrong shape) is a Deny. The policy's context, plus principalId,
 * becomes `requestContext.authorizer` for every later route.
 */
import type { AuthorizerContext } from './socket-events';

export type PolicyDecision = { readonly allowed: true; readonly context: AuthorizerContext } | { readonly allowed: false };

interface Statement {
  Effect?: unknown;
  Action?: unknown;
  Resource?: unknown;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function globMatches(glob: string, value: string): boolean {
  const regex = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(value);
}

function covers(statement: Statement, arn: string): boolean {
  const actions = asList(statement.Action).filter((a): a is string => typeof a === 'string');
  const resources = asList(statement.Resource).filter((r): r is string => typeof r === 'string');
  return actions.some((a) => globMatches(a, 'execute-api:Invoke')) && resources.some((r) => globMatches(r, arn));
}

/** API Gateway flattens context to strings, numbers and booleans; nested values are dropped. */
function flatContext(raw: unknown): AuthorizerContext {
  if (typeof raw !== 'object' || raw === null) return {};
  const entries = Object.entries(raw).filter(
    (entry): entry is [string, string | number | boolean] => ['string', 'number', 'boolean'].includes(typeof entry[1]),
  );
  return Object.fromEntries(entries);
}

export function evaluatePolicy(result: unknown, arn: string): PolicyDecision {
  if (typeof result !== 'object' || result === null) return { allowed: false };
  const { principalId, policyDocument, context } = result as { principalId?: unknown; policyDocument?: { Statement?: unknown }; context?: unknown };
  const statements = asList(policyDocument?.Statement).filter((s): s is Statement => typeof s === 'object' && s !== null);
  const applicable = statements.filter((s) => covers(s, arn));
  if (applicable.some((s) => s.Effect === 'Deny') || !applicable.some((s) => s.Effect === 'Allow')) return { allowed: false };
  return { allowed: true, context: { ...flatContext(context), principalId: typeof principalId === 'string' ? principalId : '' } };
}
