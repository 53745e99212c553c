/**
 * The HTTP API (POST /sessions, GET /config): created first so functions can be told its URL,
 * then one route per manifest entry. CORS comes from the deployment config's allowedOrigins.
 */
import { Validations } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpRouteSpec } from '../functions/manifest';
import { httpAccessLogFormat, loggedStageOptions, type LoggedStageProps } from './access-log';

export interface HttpApiProps extends LoggedStageProps {
  readonly apiName: string;
  /** Origins allowed to call the API from a browser. */
  readonly allowedOrigins: readonly string[];
}

export interface HttpRouteBinding {
  readonly spec: HttpRouteSpec;
  readonly fn: IFunction;
}

export class ParleyHttpApi extends Construct {
  public readonly api: HttpApi;
  public readonly stage: HttpStage;
  public readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      apiName: props.apiName,
      // The default stage is built below so that it can carry access logs and throttling.
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...props.allowedOrigins],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS],
        allowHeaders: ['content-type', 'authorization'],
      },
    });
    const { logGroup, options } = loggedStageOptions(this, props, httpAccessLogFormat());
    this.accessLogs = logGroup;
    this.stage = new HttpStage(this, 'Stage', { httpApi: this.api, stageName: '$default', ...options });
  }

  /** The base URL, without a trailing slash (routes are appended to it). */
  get url(): string {
    return this.api.apiEndpoint;
  }

  addRoutes(routes: readonly HttpRouteBinding[]): void {
    for (const { spec, fn } of routes) {
      const added = this.api.addRoutes({
        path: spec.path,
        methods: [HttpMethod[spec.method]],
        integration: new HttpLambdaIntegration(`${spec.name}-integration`, fn),
      });
      for (const route of added) {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'No gateway authorizer by design: POST /sessions is how a visitor obtains a token and GET /config is public client configuration; the other routes verify the caller\'s bearer token (a visitor token or a Cognito ID token) in the function, with the same code as the WebSocket authorizer.',
        });
      }
    }
  }
}
