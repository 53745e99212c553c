/**
 * The WebSocket API. Created empty first so that functions can be given its callback URL,
 * then `addRoutes` wires one route per manifest socket route. Every route except $connect,
 * $disconnect and the manifest's `oneWay` routes (typing) is two-way: the handler's return
 * value is the reply frame (docs/decisions.md).
 */
import { Validations } from 'aws-cdk-lib';
import { WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { SocketRouteSpec } from '../functions/manifest';
import { loggedStageOptions, socketAccessLogFormat, type LoggedStageProps } from './access-log';

/** Routes API Gateway never sends a reply for. */
const oneWayRoutes = new Set(['$connect', '$disconnect']);

export interface SocketApiProps extends LoggedStageProps {
  readonly apiName: string;
  /** @default 'live' */
  readonly stageName?: string;
}

export interface SocketRouteBinding {
  readonly spec: SocketRouteSpec;
  readonly fn: IFunction;
}

export class SocketApi extends Construct {
  public readonly api: WebSocketApi;
  public readonly stage: WebSocketStage;
  public readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: SocketApiProps) {
    super(scope, id);
    this.api = new WebSocketApi(this, 'Api', {
      apiName: props.apiName,
      routeSelectionExpression: '$request.body.action',
    });
    const { logGroup, options } = loggedStageOptions(this, props, socketAccessLogFormat());
    this.accessLogs = logGroup;
    this.stage = new WebSocketStage(this, 'Stage', { webSocketApi: this.api, stageName: props.stageName ?? 'live', ...options });
  }

  /** The public wss:// URL clients open (`?token=` appended). */
  get url(): string {
    return this.stage.url;
  }

  /** The https:// @connections endpoint handlers post to. */
  get callbackUrl(): string {
    return this.stage.callbackUrl;
  }

  /** One route per binding; $connect is guarded by the token authorizer. */
  addRoutes(authorizerFn: IFunction, routes: readonly SocketRouteBinding[]): void {
    const authorizer = new WebSocketLambdaAuthorizer('TokenAuthorizer', authorizerFn, {
      // Browsers cannot set headers on a WebSocket, so the token rides in the query string.
      identitySource: ['route.request.querystring.token'],
    });
    for (const { spec, fn } of routes) {
      const isConnect = spec.route === '$connect';
      const route = this.api.addRoute(spec.route, {
        integration: new WebSocketLambdaIntegration(`${spec.name}-integration`, fn),
        authorizer: isConnect ? authorizer : undefined,
        returnResponse: !(oneWayRoutes.has(spec.route) || spec.oneWay === true),
      });
      if (!isConnect) {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: 'A WebSocket API authorizes once, on $connect; every later route runs on that authorized connection and its handler reads the caller from requestContext.authorizer.',
        });
      }
    }
  }
}
