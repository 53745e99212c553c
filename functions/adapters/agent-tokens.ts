/**
 * Agents' RS256 ID tokens (Cognito, or the local IdP that issues the same shape), verified
 * against the issuer's JWKS (fetched once and cached by jose), issuer and audience.
 */
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { agentClaimsSchema, type Caller } from '../contracts/auth';
import { UnauthorizedError } from '../domain/errors';
import { roleFromGroups } from '../domain/roles';

export interface AgentTokenSettings {
  issuer: string;
  audience: string;
}

/** The caller an agent token proves, plus the capacity claim the profile starts with. */
export interface AgentIdentity {
  caller: Caller;
  maxChats?: number;
  skills?: string[];
}

export class AgentTokens {
  private readonly keys: JWTVerifyGetKey;

  constructor(
    private readonly settings: AgentTokenSettings,
    keys?: JWTVerifyGetKey,
  ) {
    this.keys = keys ?? createRemoteJWKSet(new URL(`${settings.issuer.replace(/\/$/, '')}/.well-known/jwks.json`));
  }

  async verify(token: string): Promise<AgentIdentity> {
    const { payload } = await jwtVerify(token, this.keys, { issuer: this.settings.issuer, audience: this.settings.audience, algorithms: ['RS256'] });
    const claims = agentClaimsSchema.safeParse(payload);
    if (!claims.success) throw new UnauthorizedError('Token claims are not an agent ID token', { cause: claims.error });
    const c = claims.data;
    const maxChats = Number.parseInt(c['custom:maxChats'] ?? '', 10);
    return {
      caller: {
        principalId: c.sub,
        userId: c.sub,
        role: roleFromGroups(c['cognito:groups']),
        name: c.name ?? c.email ?? c.sub,
        departments: c['custom:departments'] ?? '',
      },
      ...(Number.isInteger(maxChats) && maxChats > 0 ? { maxChats } : {}),
      ...(c['custom:skills'] ? { skills: splitList(c['custom:skills']) } : {}),
    };
  }
}

/** `fi, sv` → ['fi', 'sv'] */
export function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}
