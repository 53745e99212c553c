/**
 * Visitor tokens: HS256 JWTs, `typ: visitor`, signed with the visitor secret. A token that
 * does not verify is simply not proof (undefined), never an exception.
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import { visitorClaimsSchema } from '../contracts/auth';
import type { VisitorTokens } from '../use-cases/ports';

export class HmacVisitorTokens implements VisitorTokens {
  constructor(private readonly secret: () => Promise<Uint8Array>) {}

  async sign(visitorId: string, expiresAt: number): Promise<string> {
    return new SignJWT({ typ: 'visitor' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(visitorId)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt / 1000))
      .sign(await this.secret());
  }

  async verify(token: string): Promise<string | undefined> {
    try {
      const { payload } = await jwtVerify(token, await this.secret(), { algorithms: ['HS256'] });
      const claims = visitorClaimsSchema.safeParse(payload);
      return claims.success ? claims.data.sub : undefined;
    } catch (error) {
      // Every token fault jose reports (JWS*, JWT*, and JOSEAlgNotAllowed for an agent's RS256
      // ID token) is "not proof"; only a failure to read the secret should surface.
      if (error instanceof errors.JOSEError) return undefined;
      throw error;
    }
  }
}
