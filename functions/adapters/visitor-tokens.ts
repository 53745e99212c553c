/**
 * Visitor tokens: HS256 JWTs, `typ: visitor`, signed with the visitor secret. A token that
 * does not verify is simply not proof (undefined), never an exception.
 */
import { jwtVerify, SignJWT } from 'jose';
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
      if (error instanceof Error && error.name.startsWith('JW')) return undefined;
      throw error;
    }
  }
}
