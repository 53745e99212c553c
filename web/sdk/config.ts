import type { RuntimeConfig } from './types';

/** Loads the runtime config served beside the apps; a clear error names what is missing. */
export async function loadRuntimeConfig(url: string, fetchFn: typeof fetch = fetch): Promise<RuntimeConfig> {
  const response = await fetchFn(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  const config = (await response.json()) as Partial<RuntimeConfig>;
  for (const key of ['websocketUrl', 'httpUrl', 'identity', 'branding'] as const) {
    if (config[key] === undefined) throw new Error(`${url} has no "${key}"`);
  }
  return config as RuntimeConfig;
}

/** Browser defaults for the client's injected effects. */
export const browserEffects = {
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
  random: () => Math.random(),
};
