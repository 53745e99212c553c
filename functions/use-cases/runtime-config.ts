/** GET /config: what the console and widget need to find the platform. */
import type { Env } from '../contracts/env';
import type { RuntimeConfig } from '../contracts/http';

export function runtimeConfig(env: Pick<Env, 'PUBLIC_WEBSOCKET_URL' | 'PUBLIC_HTTP_URL' | 'IDENTITY_ENDPOINT' | 'AGENT_JWT_AUDIENCE' | 'PARLEY_CONFIG'>): RuntimeConfig {
  const config = env.PARLEY_CONFIG;
  return {
    websocketUrl: env.PUBLIC_WEBSOCKET_URL,
    httpUrl: env.PUBLIC_HTTP_URL,
    identity: { endpoint: env.IDENTITY_ENDPOINT, clientId: env.AGENT_JWT_AUDIENCE },
    branding: config.branding,
    departments: config.departments.map(({ id, name }) => ({ id, name })),
    firstResponseTargetSeconds: config.sla.firstResponseSeconds,
  };
}
