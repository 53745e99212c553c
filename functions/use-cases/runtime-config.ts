/** GET /config: what the console and widget need to find the platform. */
import type { DeploymentConfig } from '../contracts/config';
import type { Env } from '../contracts/env';
import type { RuntimeConfig } from '../contracts/http';

/** The widget's part of the runtime config: the same in GET /config and every config.json. */
export function widgetSettings(config: Pick<DeploymentConfig, 'widget' | 'surveys' | 'attachments'>): RuntimeConfig['widget'] {
  const attachments = { maxBytes: config.attachments.maxBytes, allowedTypes: [...config.attachments.allowedTypes] };
  return { preChat: config.widget.preChat, rating: config.widget.rating, surveys: config.surveys, attachments };
}

export function runtimeConfig(env: Pick<Env, 'PUBLIC_WEBSOCKET_URL' | 'PUBLIC_HTTP_URL' | 'IDENTITY_ENDPOINT' | 'AGENT_JWT_AUDIENCE' | 'PARLEY_CONFIG'>): RuntimeConfig {
  const config = env.PARLEY_CONFIG;
  return {
    websocketUrl: env.PUBLIC_WEBSOCKET_URL,
    httpUrl: env.PUBLIC_HTTP_URL,
    identity: { endpoint: env.IDENTITY_ENDPOINT, clientId: env.AGENT_JWT_AUDIENCE },
    branding: config.branding,
    departments: config.departments.map(({ id, name }) => ({ id, name })),
    firstResponseTargetSeconds: config.sla.firstResponseSeconds,
    widget: widgetSettings(config),
  };
}
