/**
 * The HMAC secret that signs visitor tokens, answered locally for GetSecretValue. Random per
 * run in memory; kept in the data folder when there is one, so visitor sessions survive a
 * restart along with their chats.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const VISITOR_SECRET_ID = 'parley/visitor-secret';

export async function loadVisitorSecret(dataDir?: string): Promise<string> {
  const fresh = randomBytes(32).toString('base64url');
  if (!dataDir) return fresh;
  const file = join(dataDir, 'visitor-secret.txt');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, fresh, { mode: 0o600 });
    return fresh;
  }
}
