/**
 * The local secrets, answered for GetSecretValue: the HMAC key that signs visitor tokens, and
 * the key a site signs its logged-in users' ids with (identity verification). Random per run
 * in memory; kept in the data folder when there is one, so sessions survive a restart.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const VISITOR_SECRET_ID = 'parley/visitor-secret';
export const IDENTITY_SECRET_ID = 'parley/identity-secret';

export function loadVisitorSecret(dataDir?: string): Promise<string> {
  return loadSecret('visitor-secret.txt', dataDir);
}

export function loadIdentitySecret(dataDir?: string): Promise<string> {
  return loadSecret('identity-secret.txt', dataDir);
}

async function loadSecret(fileName: string, dataDir?: string): Promise<string> {
  const fresh = randomBytes(32).toString('base64url');
  if (!dataDir) return fresh;
  const file = join(dataDir, fileName);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, fresh, { mode: 0o600 });
    return fresh;
  }
}
