/**
 * API Gateway writes WebSocket stage logs only when the account (per region) names a role it
 * may use for CloudWatch Logs; without it the stage fails to deploy ("CloudWatch Logs role ARN
 * must be set in account settings"). That setting is one per account and region, so:
 * - the role is RETAINed, because deleting this stack must not break other APIs' logging;
 * - a deployment whose account already has the setting can skip it (`manageApiGatewayLogsRole: false`).
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export class ApiGatewayLogsRole extends Construct {
  public readonly role: Role;
  public readonly account: CfnAccount;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      description: 'Lets API Gateway write stage logs to CloudWatch Logs (account-wide setting)',
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs')],
    });
    this.role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason: 'This is the role AWS documents for the account-wide API Gateway logging setting; API Gateway creates log groups per stage, so no narrower resource list exists.',
    });
    this.account = new CfnAccount(this, 'Account', { cloudWatchRoleArn: this.role.roleArn });
    this.account.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}
