/**
 * Identity verification: a site signs its logged-in user's id with the deployment's identity
 * key (HMAC-SHA256, hex), the widget passes it through, and POST /sessions checks it here.
 * A verified user gets one visitor id everywhere (their contact), derived with the same key so
 * the id does not reveal the site's user id. Anything that does not verify is "anonymous".
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ContactIds, SiteIdentities } from '../use-cases/ports';

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

export class HmacSiteIdentities implements SiteIdentities, ContactIds {
  constructor(private readonly secret: () => Promise<Uint8Array>) {}

  async contactOf(userId: string, signature: string): Promise<string | undefined> {
    if (!HEX_SHA256.test(signature)) return undefined;
    const key = await this.secret();
    const expected = createHmac('sha256', key).update(userId, 'utf8').digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return undefined;
    return this.visitorIdOf(userId);
  }

  async visitorIdOf(userId: string): Promise<string> {
    return `v_u${createHmac('sha256', await this.secret()).update(`contact:${userId}`, 'utf8').digest('base64url').slice(0, 32)}`;
  }
}

/** What a site's backend computes for a user (documented in docs/security.md; used by tests). */
export function signSiteUser(userId: string, key: string | Uint8Array): string {
  return createHmac('sha256', key).update(userId, 'utf8').digest('hex');
}
