/**
 * A Cognito-compatible identity provider for the laptop: `InitiateAuth` (USER_PASSWORD_AUTH,
 * and REFRESH_TOKEN_AUTH so a console session outlives the 1 h ID token) answering Cognito's
 * JSON, RS256 tokens with Cognito's claims, and a JWKS. The one authorizer verifies these
 * exactly as it verifies Cognito's.
 *
 * Left out on purpose: SRP, MFA, sign-up, password change (the demo users are fixed).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';
import { subjectOf } from './demo-users';
import type { DemoUser } from './types';

export const LOCAL_CLIENT_ID = 'parley-local-console';
const TOKEN_SECONDS = 3600;

export interface AwsJsonResult {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export interface IdentityProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly jwks: JSONWebKeySet;
  initiateAuth(input: unknown): Promise<AwsJsonResult>;
}

export function awsError(status: number, type: string, message: string): AwsJsonResult {
  return { status, body: { __type: type, message } };
}

interface InitiateAuthInput {
  AuthFlow?: unknown;
  ClientId?: unknown;
  AuthParameters?: Record<string, unknown>;
}

/**
 * The RS256 key pair the tokens are signed with: new per run in memory; kept in the data folder
 * (`identity-key.json`, mode 600) when there is one, so ID tokens issued before a restart of
 * `npm start --data-dir` still verify after it.
 */
export async function loadSigningKey(dataDir?: string): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey; kid: string }> {
  const file = dataDir === undefined ? undefined : join(dataDir, 'identity-key.json');
  const stored = file ? await readFile(file, 'utf8').then((text) => JSON.parse(text) as JWK & { kid: string }, () => undefined) : undefined;
  if (stored) {
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = stored;
    return { privateKey: (await importJWK(stored, 'RS256')) as CryptoKey, publicKey: (await importJWK(pub, 'RS256')) as CryptoKey, kid: stored.kid };
  }
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  if (file && dataDir) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify({ ...(await exportJWK(privateKey)), kid }), { mode: 0o600 });
  }
  return { privateKey, publicKey, kid };
}

export async function createIdentityProvider(issuer: string, users: readonly DemoUser[], dataDir?: string): Promise<IdentityProvider> {
  const { privateKey, publicKey, kid } = await loadSigningKey(dataDir);
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const refreshTokens = new Map<string, DemoUser>();
  const byName = new Map(users.map((user) => [user.username.toLowerCase(), user]));

  const sign = (claims: Record<string, unknown>, user: DemoUser, key: CryptoKey): Promise<string> =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(issuer)
      .setSubject(subjectOf(user))
      .setIssuedAt()
      .setExpirationTime(`${TOKEN_SECONDS}s`)
      .setJti(randomUUID())
      .sign(key);

  const idToken = (user: DemoUser): Promise<string> =>
    sign(
      {
        aud: LOCAL_CLIENT_ID,
        token_use: 'id',
        auth_time: Math.floor(Date.now() / 1000),
        email: user.username,
        email_verified: true,
        name: user.name,
        'cognito:username': user.username,
        'cognito:groups': [user.role],
        'custom:departments': user.departments.join(','),
        ...(user.skills?.length ? { 'custom:skills': user.skills.join(',') } : {}),
      },
      user,
      privateKey,
    );

  const accessToken = (user: DemoUser): Promise<string> =>
    sign({ token_use: 'access', client_id: LOCAL_CLIENT_ID, scope: 'aws.cognito.signin.user.admin', username: user.username }, user, privateKey);

  async function tokens(user: DemoUser, withRefresh: boolean): Promise<AwsJsonResult> {
    const result: Record<string, unknown> = {
      IdToken: await idToken(user),
      AccessToken: await accessToken(user),
      ExpiresIn: TOKEN_SECONDS,
      TokenType: 'Bearer',
    };
    if (withRefresh) {
      const refresh = randomBytes(48).toString('base64url');
      refreshTokens.set(refresh, user);
      result.RefreshToken = refresh;
    }
    return { status: 200, body: { AuthenticationResult: result, ChallengeParameters: {} } };
  }

  function passwordUser(params: Record<string, unknown>): DemoUser | undefined {
    const user = typeof params.USERNAME === 'string' ? byName.get(params.USERNAME.toLowerCase()) : undefined;
    return user && user.password === params.PASSWORD ? user : undefined;
  }

  return {
    issuer,
    clientId: LOCAL_CLIENT_ID,
    jwks,
    async initiateAuth(raw) {
      const input = (typeof raw === 'object' && raw !== null ? raw : {}) as InitiateAuthInput;
      if (input.ClientId !== LOCAL_CLIENT_ID) {
        return awsError(400, 'ResourceNotFoundException', `User pool client ${String(input.ClientId)} does not exist.`);
      }
      const params = input.AuthParameters ?? {};
      if (input.AuthFlow === 'USER_PASSWORD_AUTH') {
        const user = passwordUser(params);
        return user ? tokens(user, true) : awsError(400, 'NotAuthorizedException', 'Incorrect username or password.');
      }
      if (input.AuthFlow === 'REFRESH_TOKEN_AUTH' || input.AuthFlow === 'REFRESH_TOKEN') {
        const user = typeof params.REFRESH_TOKEN === 'string' ? refreshTokens.get(params.REFRESH_TOKEN) : undefined;
        return user ? tokens(user, false) : awsError(400, 'NotAuthorizedException', 'Invalid Refresh Token');
      }
      return awsError(400, 'InvalidParameterException', `AuthFlow ${String(input.AuthFlow)} is not supported locally.`);
    },
  };
}
