/**
 * The environment every function reads, parsed once at cold start. Missing or malformed
 * variables fail fast and are named. AWS endpoints are NOT here: the SDK reads
 * AWS_ENDPOINT_URL_<SERVICE> itself, which is how the local runtime points the real clients
 * at its local services without the functions knowing.
 */
import * as z from 'zod';
import { deploymentConfigSchema } from './config';

export const envSchema = z.object({
  TABLE_NAME: z.string().min(1),
  EVENT_BUS_NAME: z.string().min(1),
  /** @connections endpoint: https://{api}.execute-api.{region}.amazonaws.com/{stage} */
  WS_CALLBACK_URL: z.url(),
  /** Issuer of agents' JWTs (Cognito user pool URL, or the local IdP); JWKS at {issuer}/.well-known/jwks.json */
  AGENT_JWT_ISSUER: z.url(),
  /** App client id the agent tokens are issued for (the JWT `aud`). */
  AGENT_JWT_AUDIENCE: z.string().min(1),
  /** Secrets Manager id of the HMAC secret that signs visitor tokens. */
  VISITOR_SECRET_ID: z.string().min(1),
  /** Secrets Manager id of the key a site signs its logged-in users' ids with (identity verification). */
  IDENTITY_SECRET_ID: z.string().min(1),
  /** The deployment config (parley.config.json), as JSON. */
  PARLEY_CONFIG: z.string().transform((s, ctx) => {
    try {
      return deploymentConfigSchema.parse(JSON.parse(s));
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `PARLEY_CONFIG is not a valid config: ${String(e)}` });
      return z.NEVER;
    }
  }),
  /** Public URLs handed to the console/widget by GET /config. */
  PUBLIC_WEBSOCKET_URL: z.string().min(1),
  PUBLIC_HTTP_URL: z.string().min(1),
  IDENTITY_ENDPOINT: z.url(),
  /** The SQS queue timers travel through (offer expiry, queue limit); see contracts/timers.ts. */
  TIMER_QUEUE_URL: z.url(),
  /** The S3 bucket attachments' files are uploaded to (presigned) and served from. */
  ATTACHMENTS_BUCKET: z.string().min(3).max(63),
});
export type Env = z.infer<typeof envSchema>;

/** Reads and validates the environment; throws an Error naming each missing or bad variable. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Parley function environment is invalid:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}
