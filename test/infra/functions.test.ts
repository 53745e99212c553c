import { afterAll, describe, expect, it } from 'vitest';
import { envSchema } from '../../functions/contracts/env';
import { allFunctions, manifest } from '../../functions/manifest';
import { buildStack } from './support/build-stack';
import { referencedIds, resourcesOf, type CfnResourceJson } from './support/template-queries';

const built = buildStack();
afterAll(() => built.cleanup());
const { template, stack } = built;

const consumers = new Set<string>([...manifest.subscriptions.map((s) => s.name), manifest.timers.name]);

function lambdaOf(name: string): CfnResourceJson {
  const fn = stack.platform.functions.get(name);
  const resource = fn && resourcesOf(template, 'AWS::Lambda::Function')[built.logicalId(fn.fn)];
  if (!resource) throw new Error(`no Lambda for ${name}`);
  return resource;
}

/** Our Lambdas: everything but the Python one CDK's BucketDeployment brings along. */
const ourLambdas = Object.values(resourcesOf(template, 'AWS::Lambda::Function')).filter(
  (r) => !String(r.Properties?.Runtime).startsWith('python'),
);

describe('Lambda functions', () => {
  it('has one Lambda per manifest function', () => {
    expect(ourLambdas).toHaveLength(allFunctions().length);
  });

  it.each(allFunctions().map((f) => f.name))('runs %s on arm64 with nodejs22.x or newer', (name) => {
    const props = lambdaOf(name).Properties ?? {};
    const major = Number(/^nodejs(\d+)\.x$/.exec(String(props.Runtime))?.[1]);

    expect(props.Architectures).toEqual(['arm64']);
    expect(major).toBeGreaterThanOrEqual(22);
    expect(props.Handler).toBe('index.handler');
  });

  it.each(allFunctions().map((f) => f.name))('sizes %s for its job: 256–512 MB, a short timeout', (name) => {
    const props = lambdaOf(name).Properties ?? {};
    const limit = consumers.has(name) ? 30 : 10;

    expect(props.MemorySize).toBeGreaterThanOrEqual(256);
    expect(props.MemorySize).toBeLessThanOrEqual(512);
    expect(props.Timeout).toBeLessThanOrEqual(limit);
  });

  it.each(allFunctions().map((f) => f.name))('gives %s every variable the function environment requires', (name) => {
    const variables = (lambdaOf(name).Properties?.Environment as { Variables: Record<string, unknown> }).Variables;

    expect(Object.keys(variables)).toEqual(expect.arrayContaining(Object.keys(envSchema.shape)));
  });

  it.each(allFunctions().map((f) => f.name))('logs %s to its own log group with a retention', (name) => {
    const [logGroupId] = referencedIds((lambdaOf(name).Properties?.LoggingConfig as Record<string, unknown>).LogGroup);
    const logGroup = resourcesOf(template, 'AWS::Logs::LogGroup')[logGroupId ?? ''];

    expect(logGroup?.Properties?.RetentionInDays).toEqual(expect.any(Number));
  });

  it('points WS_CALLBACK_URL at the live stage over https', () => {
    const variables = (lambdaOf('socket-send-message').Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    const resolved = JSON.stringify(variables.WS_CALLBACK_URL);

    expect(resolved).toMatch(/^\{"Fn::Join":\["",\["https:\/\/",/);
    expect(resolved).toContain('/live');
    expect(referencedIds(variables.WS_CALLBACK_URL)).toContain(built.logicalId(stack.platform.socketApi.api));
  });

  it('alarms on the errors of every function', () => {
    const alarmed = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'))
      .filter((a) => a.Properties?.MetricName === 'Errors')
      .flatMap((a) => referencedIds(a.Properties?.Dimensions));

    for (const spec of allFunctions()) {
      const fn = stack.platform.functions.get(spec.name);
      expect(alarmed).toContain(fn && built.logicalId(fn.fn));
    }
  });
});
