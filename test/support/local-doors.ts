/**
 * The local runtime's front doors as a client sees them: POST /sessions for a visitor token,
 * InitiateAuth for an agent's ID token, and a WebSocket upgrade. Free of vitest, so the
 * integration harness and the bench share it. Every wait is bounded.
 */
import { WebSocket } from 'ws';
import type { CreateSessionResponse } from '../../functions/contracts/http';
import type { LocalRuntime } from '../../lib/local';

export const WAIT_MS = 15_000;

/** Opens a socket; resolves with it, or rejects with `HTTP <status>` when the upgrade is refused. */
export function openSocket(runtime: LocalRuntime, token?: string): Promise<WebSocket> {
  const url = token === undefined ? runtime.urls.websocket : `${runtime.urls.websocket}?token=${encodeURIComponent(token)}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('Timed out opening the socket'));
    }, WAIT_MS);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve(ws);
    });
    ws.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`HTTP ${res.statusCode ?? 0}`));
    });
    ws.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** A visitor session from POST /sessions, as the widget gets one. */
export async function visitorSession(runtime: LocalRuntime, body: Record<string, unknown> = {}): Promise<CreateSessionResponse> {
  const res = await fetch(`${runtime.urls.http}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(WAIT_MS),
  });
  if (res.status !== 200) throw new Error(`POST /sessions answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as CreateSessionResponse;
}

/** Signs a demo user in through InitiateAuth, as the console does; returns the ID token. */
export async function agentToken(runtime: LocalRuntime, username: string): Promise<string> {
  const user = runtime.demoUsers.find((u) => u.username === username);
  if (!user) throw new Error(`No demo user ${username}`);
  const res = await fetch(runtime.urls.aws, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: 'parley-local-console',
      AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
    }),
    signal: AbortSignal.timeout(WAIT_MS),
  });
  const body = (await res.json()) as { AuthenticationResult?: { IdToken?: string } };
  const token = body.AuthenticationResult?.IdToken;
  if (!token) throw new Error(`Sign-in failed for ${username}: ${JSON.stringify(body)}`);
  return token;
}
