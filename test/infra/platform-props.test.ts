import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeploymentConfig } from '../../functions/contracts/config';
import { ParleyPlatform, type ParleyPlatformProps } from '../../lib/parley-platform';
import { frameAncestors } from '../../lib/web-hosting';
import { projectConfig, testApp, webAssetFolder } from './support/build-stack';

const web = webAssetFolder();
const apps: (() => void)[] = [];
afterAll(() => {
  web.cleanup();
  for (const cleanup of apps) cleanup();
});

function platformIn(props: Partial<ParleyPlatformProps>): Stack {
  const { app, cleanup } = testApp();
  apps.push(cleanup);
  const stack = new Stack(app, 'UserApp', { env: { account: '123456789012', region: 'eu-west-1' } });
  new ParleyPlatform(stack, 'Chat', { config: projectConfig(), webAssetPath: web.webAssetPath, ...props });
  return stack;
}

describe('ParleyPlatform props', () => {
  it.each([
    ['an invalid config', { config: { ...projectConfig(), defaultMaxChats: 0 } as DeploymentConfig }, /defaultMaxChats/],
    ['an SLA target of zero seconds', { config: { ...projectConfig(), sla: { ...projectConfig().sla, queueSeconds: 0 } } as DeploymentConfig }, /sla\.queueSeconds/],
    ['SLA targets for a department that is not configured', { config: { ...projectConfig(), sla: { ...projectConfig().sla, departments: { nowhere: { firstResponseSeconds: 30 } } } } as DeploymentConfig }, /sla\.departments\.nowhere: no department "nowhere"/],
    ['a department with an invalid id', { config: { ...projectConfig(), departments: [{ id: 'Sales Team', name: 'Sales', policy: 'least-busy' }] } as DeploymentConfig }, /departments\.0\.id/],
    ['business hours in a time zone that does not exist', { config: { ...projectConfig(), departments: [{ id: 'support', name: 'Support', policy: 'least-busy', hours: { timezone: 'Mars/Olympus', weekly: {} } }] } as DeploymentConfig }, /departments\.0\.hours\.timezone/],
    ['opening hours that close before they open', { config: { ...projectConfig(), departments: [{ id: 'support', name: 'Support', policy: 'least-busy', hours: { timezone: 'UTC', weekly: { mon: [['17:00', '09:00']] } } }] } as DeploymentConfig }, /departments\.0\.hours\.weekly\.mon\.0/],
    ['an alert e-mail that is not one', { alertEmail: 'ops' }, /alertEmail/],
    ['a web folder that does not exist', { webAssetPath: path.join(tmpdir(), 'parley-no-such-web') }, /webAssetPath/],
    ['a burst below the steady rate', { socketThrottle: { rateLimit: 100, burstLimit: 10 } }, /socketThrottle/],
    ['a zero request rate', { httpThrottle: { rateLimit: 0, burstLimit: 0 } }, /httpThrottle/],
    ['a functions folder that does not exist', { functionsDir: path.join(tmpdir(), 'parley-no-such-fns') }, /functionsDir/],
  ] as const)('refuses %s and names it', (_case, props, message) => {
    expect(() => platformIn(props)).toThrow(message);
  });

  it('works inside a user app with its own stack, origins and alert e-mail', () => {
    const config: DeploymentConfig = { ...projectConfig(), allowedOrigins: ['https://shop.example'] };

    const template = Template.fromStack(platformIn({ config, alertEmail: 'ops@shop.example' }));

    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://shop.example'] }),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@shop.example' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [Match.anyValue()] });
  });

  it('leaves the account-wide API Gateway logging role alone when told to', () => {
    const template = Template.fromStack(platformIn({ manageApiGatewayLogsRole: false }));

    template.resourceCountIs('AWS::ApiGateway::Account', 0);
  });
});

describe('frame ancestors of the widget', () => {
  it.each([
    [['*'], '*'],
    [['https://shop.example'], "'self' https://shop.example"],
    [['https://a.example', 'https://b.example'], "'self' https://a.example https://b.example"],
  ])('allows %j as %s', (origins, expected) => {
    expect(frameAncestors(origins)).toBe(expected);
  });
});
