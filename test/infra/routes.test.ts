import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest';
import { buildStack, projectConfig } from './support/build-stack';
import { findOne, referencedIds, resourcesOf } from './support/template-queries';

const built = buildStack();
afterAll(() => built.cleanup());

const { template, stack } = built;
const platform = stack.platform;
const socketApiId = built.logicalId(platform.socketApi.api);
const httpApiId = built.logicalId(platform.httpApi.api);

function functionId(name: string): string {
  const fn = platform.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  return built.logicalId(fn.fn);
}

function routeKeysOf(apiId: string): string[] {
  return Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route'))
    .filter((r) => referencedIds(r.Properties?.ApiId).includes(apiId))
    .map((r) => String(r.Properties?.RouteKey))
    .sort();
}

/** The function a route's integration invokes, followed through the template. */
function targetFunctionOf(apiId: string, routeKey: string): string[] {
  const [, route] = findOne(
    template,
    'AWS::ApiGatewayV2::Route',
    (p) => p.RouteKey === routeKey && referencedIds(p.ApiId).includes(apiId),
  );
  const [integrationId] = referencedIds(route.Properties?.Target);
  const integration = resourcesOf(template, 'AWS::ApiGatewayV2::Integration')[integrationId ?? ''];
  expect(integration?.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY' });
  return referencedIds(integration?.Properties?.IntegrationUri);
}

describe('WebSocket API', () => {
  it('selects routes by the frame action', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
    });
  });

  it('has exactly the routes the manifest lists', () => {
    const expected = manifest.socket.routes.map((r) => r.route).sort();

    expect(routeKeysOf(socketApiId)).toEqual(expected);
  });

  it.each(manifest.socket.routes.map((r) => [r.route, r.name] as const))(
    'sends %s to the %s Lambda',
    (route, name) => {
      expect(targetFunctionOf(socketApiId, route)).toContain(functionId(name));
    },
  );

  const oneWay = manifest.socket.routes.filter((r) => ['$connect', '$disconnect'].includes(r.route) || ('oneWay' in r && r.oneWay === true)).map((r) => r.route);

  it.each(manifest.socket.routes.filter((r) => !oneWay.includes(r.route)).map((r) => r.route))(
    'answers %s with the handler return value (two-way route)',
    (route) => {
      const [routeId] = findOne(
        template,
        'AWS::ApiGatewayV2::Route',
        (p) => p.RouteKey === route && referencedIds(p.ApiId).includes(socketApiId),
      );

      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: route,
        RouteResponseSelectionExpression: '$default',
      });
      template.hasResourceProperties('AWS::ApiGatewayV2::RouteResponse', {
        RouteId: { Ref: routeId },
        RouteResponseKey: '$default',
      });
    },
  );

  it.each(oneWay)('sends no reply on %s (one-way route)', (route) => {
    const [, resource] = findOne(
      template,
      'AWS::ApiGatewayV2::Route',
      (p) => p.RouteKey === route && referencedIds(p.ApiId).includes(socketApiId),
    );

    expect(resource.Properties?.RouteResponseSelectionExpression).toBeUndefined();
  });

  it('guards $connect with the token authorizer reading ?token=', () => {
    const authorizerFn = functionId(manifest.socket.authorizer.name);
    const [authorizerId, authorizer] = findOne(template, 'AWS::ApiGatewayV2::Authorizer', () => true);

    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      IdentitySource: ['route.request.querystring.token'],
    });
    expect(referencedIds(authorizer.Properties?.AuthorizerUri)).toContain(authorizerFn);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$connect',
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: authorizerId },
    });
  });

  it('deploys the live stage automatically, throttled and access-logged', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: socketApiId },
      StageName: 'live',
      AutoDeploy: true,
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() }),
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('connectionId') }),
    });
  });

  it('deploys the stage only after the account may write API Gateway logs', () => {
    const logsRole = platform.apiGatewayLogsRole;
    const accountId = logsRole && built.logicalId(logsRole.account);

    template.hasResource('AWS::ApiGateway::Account', { DeletionPolicy: 'Retain' });
    template.hasResource('AWS::ApiGatewayV2::Stage', {
      Properties: Match.objectLike({ StageName: 'live' }),
      DependsOn: Match.arrayWith([accountId]),
    });
  });
});

describe('HTTP API', () => {
  it('has exactly the routes the manifest lists', () => {
    const expected = manifest.http.map((r) => `${r.method} ${r.path}`).sort();

    expect(routeKeysOf(httpApiId)).toEqual(expected);
  });

  it.each(manifest.http.map((r) => [`${r.method} ${r.path}`, r.name] as const))('sends %s to the %s Lambda', (key, name) => {
    expect(targetFunctionOf(httpApiId, key)).toContain(functionId(name));
  });

  it('allows the configured origins in CORS', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: projectConfig().allowedOrigins }),
    });
  });

  it('logs access on its default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: httpApiId },
      StageName: '$default',
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });
});
