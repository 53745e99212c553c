/**
 * Agents' RS256 ID tokens (Cognito, or the local IdP that issues the same shape), verified with
 * aws-jwt-verify's generic `JwtVerifier`: signature against the issuer's JWKS
 * (`<issuer>/.well-known/jwks.json`, fetched once, cached, fetched again only for an unknown
 * `kid` and then at most every 10 s), issuer, audience (the console's app client id) and expiry;
 * then the claims (`token_use: id`, groups, departments) are parsed with zod.
 *
 * The JWKS is fetched with the runtime's `fetch` (the library's own fetcher speaks only HTTPS;
 * the local IdP is on http://127.0.0.1), so the same code verifies both.
 */
import { JwtVerifier } from 'aws-jwt-verify';
import { NonRetryableFetchError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { type Jwks, SimpleJwksCache } from 'aws-jwt-verify/jwk';
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

const JWKS_TIMEOUT_MS = 3000;

/** GET the JWKS over HTTP(S) with a response timeout; anything but 200 is not retried. */
export const jwksFetcher: Fetcher = {
  async fetch(uri) {
    const response = await fetch(uri, { signal: AbortSignal.timeout(JWKS_TIMEOUT_MS) });
    if (response.status !== 200) throw new NonRetryableFetchError(uri, `Status code is ${response.status}, expected 200`);
    return response.arrayBuffer();
  },
};

export interface AgentTokenOptions {
  /** A JWKS to start with (tests; saves the first fetch). */
  jwks?: Jwks;
  /** How the JWKS is fetched (default: `jwksFetcher`). */
  fetcher?: Fetcher;
}

export class AgentTokens {
  private readonly verifier;

  constructor(settings: AgentTokenSettings, options: AgentTokenOptions = {}) {
    const issuer = settings.issuer;
    this.verifier = JwtVerifier.create(
      { issuer, audience: settings.audience, jwksUri: `${issuer.replace(/\/$/, '')}/.well-known/jwks.json` },
      { jwksCache: new SimpleJwksCache({ fetcher: options.fetcher ?? jwksFetcher }) },
    );
    if (options.jwks) this.verifier.cacheJwks(options.jwks);
  }

  async verify(token: string): Promise<AgentIdentity> {
    const payload = await this.verifier.verify(token);
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
