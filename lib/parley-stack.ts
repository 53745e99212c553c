/**
 * The one stack `cdk deploy` creates: the platform plus the outputs an operator needs.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ParleyPlatform, type ParleyPlatformProps } from './parley-platform';

export interface ParleyStackProps extends StackProps {
  /** Everything the platform takes (config, alert e-mail, asset paths). */
  readonly platform: ParleyPlatformProps;
}

export class ParleyStack extends Stack {
  public readonly platform: ParleyPlatform;

  constructor(scope: Construct, id: string, props: ParleyStackProps) {
    super(scope, id, props);
    this.platform = new ParleyPlatform(this, 'Parley', props.platform);
    const { web, socketApi, httpApi, identity } = this.platform;
    const outputs: Record<string, [string, string]> = {
      ConsoleUrl: [`${web.url}/console/`, 'Agent console'],
      DemoUrl: [`${web.url}/`, 'Demo website with the chat widget'],
      WebSocketUrl: [socketApi.url, 'WebSocket API (clients add ?token=)'],
      HttpApiUrl: [httpApi.url, 'HTTP API (POST /sessions, GET /config)'],
      UserPoolId: [identity.userPool.userPoolId, 'Cognito user pool of the agents'],
      UserPoolClientId: [identity.consoleClient.userPoolClientId, 'App client the console signs in with'],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new CfnOutput(this, name, { value, description });
    }
  }
}
