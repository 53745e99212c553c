/**
 * Figures 4 and 6: `cdk synth` wall time (offline settings from TOOLCHAIN.md, into its own
 * output folder so the project's cdk.out is left alone), then every Parley Lambda bundle in
 * that cloud assembly: minified and gzipped size, module init time in a fresh `node`, and the
 * memory size the CDK construct gave it (read from the template, not repeated here).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { median } from './stats';

const ROOT = resolve(__dirname, '../..');
const STACK = 'Parley';
const INIT_RUNS = 5;
const SYNTH_TIMEOUT_MS = 240_000;

export interface LambdaBundle {
  /** The manifest function name. */
  readonly name: string;
  readonly memoryMb: number;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly initMs: number;
}

export interface Synth {
  readonly seconds: number;
  readonly outDir: string;
}

const offlineEnv = (): NodeJS.ProcessEnv => ({ ...process.env, CDK_DISABLE_VERSION_CHECK: '1', AWS_EC2_METADATA_DISABLED: 'true' });

export function synth(): Synth {
  const outDir = mkdtempSync(join(tmpdir(), 'parley-bench-cdk-'));
  const started = performance.now();
  execFileSync(join(ROOT, 'node_modules/.bin/cdk'), ['synth', '--quiet', '--output', outDir], { cwd: ROOT, env: offlineEnv(), stdio: ['ignore', 'ignore', 'pipe'], timeout: SYNTH_TIMEOUT_MS });
  return { seconds: (performance.now() - started) / 1000, outDir };
}

export const removeSynth = (s: Synth): void => rmSync(s.outDir, { recursive: true, force: true });

interface TemplateFunction {
  Type: string;
  Properties: { Description?: string; MemorySize?: number; Code?: { S3Key?: string } };
}

/** The Parley functions in the template: name (from the construct's description), memory, asset folder. */
export function parleyFunctions(template: { Resources: Record<string, TemplateFunction> }): { name: string; memoryMb: number; asset: string }[] {
  const found: { name: string; memoryMb: number; asset: string }[] = [];
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const match = /^Parley (\S+) \(/.exec(resource.Properties.Description ?? '');
    const key = resource.Properties.Code?.S3Key;
    if (!match?.[1] || !key || resource.Properties.MemorySize === undefined) continue;
    found.push({ name: match[1], memoryMb: resource.Properties.MemorySize, asset: `asset.${key.replace(/\.zip$/, '')}` });
  }
  return found;
}

/** Wall time of requiring the bundle in a fresh node, measured inside that process. */
function initMs(file: string): number {
  const script = `const t=performance.now();require(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t))`;
  const env = { ...offlineEnv(), AWS_REGION: 'us-east-1', NODE_OPTIONS: '' };
  const runs = Array.from({ length: INIT_RUNS }, () => {
    const out = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8', timeout: 30_000 });
    if (out.status !== 0) throw new Error(`Loading ${file} failed: ${out.stderr}`);
    return Number(out.stdout);
  });
  return median(runs);
}

export function lambdaBundles(s: Synth): LambdaBundle[] {
  const template = JSON.parse(readFileSync(join(s.outDir, `${STACK}.template.json`), 'utf8')) as { Resources: Record<string, TemplateFunction> };
  return parleyFunctions(template).map(({ name, memoryMb, asset }) => {
    const file = join(s.outDir, asset, 'index.js');
    if (!existsSync(file)) throw new Error(`No bundle for ${name} at ${file}`);
    const code = readFileSync(file);
    return { name, memoryMb, bytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength, initMs: initMs(file) };
  });
}
