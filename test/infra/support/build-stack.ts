/**
 * Builds the real stack once per test file, the way bin/app.ts does, but without esbuild
 * (`aws:cdk:bundling-stacks: []`) and into a temp outdir the caller removes. The web files
 * may not be built yet when a single infra file runs on its own: then an empty folder stands in.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { parseDeploymentConfig } from '../../../functions/contracts/config';
import type { ParleyPlatformProps } from '../../../lib/parley-platform';
import { ParleyStack } from '../../../lib/parley-stack';

const root = path.resolve(__dirname, '../../..');

export interface BuiltStack {
  readonly app: App;
  readonly stack: ParleyStack;
  readonly template: Template;
  /** The logical id CloudFormation knows a construct's resource by. */
  logicalId(construct: IConstruct): string;
  cleanup(): void;
}

function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(root, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

/** The project's config file, parsed as bin/app.ts parses it. */
export const projectConfig = () => parseDeploymentConfig(readFileSync(path.join(root, 'parley.config.json'), 'utf8'));

/** A fresh App with the project's cdk.json context, bundling skipped, and a temp outdir. */
export function testApp(): { app: App; cleanup: () => void } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'parley-infra-'));
  // Staging would copy every asset (the 21 MB AWS CLI layer too) into outdir on each synth.
  const context = { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-asset-staging': true };
  const app = new App({ outdir, context });
  return { app, cleanup: () => rmSync(outdir, { recursive: true, force: true }) };
}

/** An existing web folder: dist/web when built, else an empty temp folder. */
export function webAssetFolder(): { webAssetPath: string; cleanup: () => void } {
  const built = path.join(root, 'dist', 'web');
  if (existsSync(built)) return { webAssetPath: built, cleanup: () => undefined };
  const empty = mkdtempSync(path.join(tmpdir(), 'parley-web-'));
  return { webAssetPath: empty, cleanup: () => rmSync(empty, { recursive: true, force: true }) };
}

export function buildStack(platform: Partial<ParleyPlatformProps> = {}): BuiltStack {
  const { app, cleanup: cleanApp } = testApp();
  const web = webAssetFolder();
  const stack = new ParleyStack(app, 'ParleyTest', {
    env: { account: '123456789012', region: 'eu-west-1' },
    platform: { config: projectConfig(), webAssetPath: web.webAssetPath, ...platform },
  });
  const template = Template.fromStack(stack);
  return {
    app,
    stack,
    template,
    logicalId: (construct) => {
      const resource = construct.node.defaultChild ?? construct;
      if (!CfnElement.isCfnElement(resource)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
      return Stack.of(construct).getLogicalId(resource);
    },
    cleanup: () => {
      cleanApp();
      web.cleanup();
    },
  };
}
