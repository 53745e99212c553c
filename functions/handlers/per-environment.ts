/**
 * Values built from the environment on first use and shared while it stays the same: once per
 * Lambda instance in the cloud, whose environment never changes; again in a process that hosts
 * one local runtime after another (the bench, a test), each with its own endpoints and table.
 * Kept apart from app-deps.ts so a function that needs no clients (GET /config) bundles none.
 */
import { type Env, envSchema, readEnv } from '../contracts/env';

/** A lazily built value: the first call builds it, later calls share it. */
export type Lazy<T> = () => T;

/**
 * What the values are built from: the functions' variables (contracts/env.ts) and the ones the
 * SDK clients read at construction (region, per-service endpoints).
 */
const BUILT_FROM: readonly string[] = [
  ...Object.keys(envSchema.shape),
  'AWS_REGION',
  'AWS_ENDPOINT_URL',
  ...['DYNAMODB', 'EVENTBRIDGE', 'SECRETS_MANAGER', 'SQS', 'S3'].map((service) => `AWS_ENDPOINT_URL_${service}`),
];

/**
 * `build()`'s value, built on first use and again only when one of the variables it comes from
 * has changed since. Checking reads each variable once per call and allocates nothing.
 */
export function perEnvironment<T>(build: () => T): Lazy<T> {
  let value: T | undefined;
  let builtFrom: readonly (string | undefined)[] = [];
  const changed = (): boolean => BUILT_FROM.some((name, i) => process.env[name] !== builtFrom[i]);
  return () => {
    if (value === undefined || changed()) {
      const from = BUILT_FROM.map((name) => process.env[name]);
      value = build();
      builtFrom = from;
    }
    return value;
  };
}

/** The parsed environment alone, for functions that need no clients (GET /config). */
export const appEnv: Lazy<Env> = perEnvironment(() => readEnv());
