/**
 * The CDK app: reads and validates parley.config.json, makes sure the web files are built,
 * builds the one stack, and runs the cdk-nag AwsSolutions checks on every synth.
 *
 * `cdk deploy -c alertEmail=ops@example.com` sends alarms by e-mail;
 * `-c stackName=…` deploys a second copy side by side.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseDeploymentConfig } from '../functions/contracts/config';
import { ParleyStack } from '../lib/parley-stack';

const root = path.resolve(__dirname, '..');
const webAssetPath = path.join(root, 'dist', 'web');

/** `cdk synth` on a fresh clone works without a separate build step. */
function ensureWebBuilt(): void {
  if (existsSync(webAssetPath)) return;
  const build = spawnSync('npx', ['tsx', 'bin/build-web.ts'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`building the web files failed (exit ${String(build.status)})`);
}

function optionalContext(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

const config = parseDeploymentConfig(readFileSync(path.join(root, 'parley.config.json'), 'utf8'));
ensureWebBuilt();

const app = new App();
new ParleyStack(app, optionalContext(app, 'stackName') ?? 'Parley', {
  description: 'Parley: live-chat customer support (WebSocket API, Lambda, DynamoDB, EventBridge, CloudFront)',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  platform: { config, webAssetPath, alertEmail: optionalContext(app, 'alertEmail') },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
