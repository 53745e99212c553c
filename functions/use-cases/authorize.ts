/**
 * The $connect authorizer's decision: a visitor token (HS256) or an agent ID token (RS256),
 * told apart by the token's header. Anything that does not verify is Unauthorized.
 */
import { decodeProtectedHeader } from 'jose';
import type { Caller } from '../contracts/auth';
import { UnauthorizedError } from '../domain/errors';
import type { VisitorTokens } from './ports';

export interface AgentVerifier {
  verify(token: string): Promise<{ caller: Caller; maxChats?: number; skills?: string[] }>;
}

export interface AuthorizeDeps {
  visitorTokens: VisitorTokens;
  agentTokens: AgentVerifier;
}

export interface Authorized {
  caller: Caller;
  maxChats?: number;
  skills?: string[];
}

function algorithm(token: string): unknown {
  try {
    return decodeProtectedHeader(token).alg;
  } catch (error) {
    throw new UnauthorizedError('Token is not a JWT', { cause: error });
  }
}

export async function authorize(deps: AuthorizeDeps, token: string | undefined): Promise<Authorized> {
  if (!token) throw new UnauthorizedError('No token');
  if (algorithm(token) === 'HS256') {
    const visitorId = await deps.visitorTokens.verify(token);
    if (!visitorId) throw new UnauthorizedError('Invalid visitor token');
    return { caller: { principalId: visitorId, userId: visitorId, role: 'visitor', name: '', departments: '' } };
  }
  try {
    return await deps.agentTokens.verify(token);
  } catch (error) {
    throw new UnauthorizedError('Invalid agent token', { cause: error });
  }
}
