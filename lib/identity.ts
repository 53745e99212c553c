/**
 * Agents sign in with Cognito (docs/decisions.md): an admin creates each agent, nobody signs
 * themselves up. Groups carry the role and custom attributes carry the departments and chat
 * capacity, so the ID token alone tells the authorizer who an agent is. The console's app client
 * is public (a browser cannot keep a secret) and may not write the custom attributes: an agent
 * must not be able to give themselves departments or capacity.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  NumberAttribute,
  StringAttribute,
  UserPool,
  UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The roles an agent account can hold, as Cognito groups (functions/contracts/auth.ts). */
export const agentGroups = ['agent', 'supervisor', 'admin'] as const;

export interface AgentIdentityProps {
  /** @default RemovalPolicy.RETAIN: the agents' accounts outlive the stack */
  readonly removalPolicy?: RemovalPolicy;
}

export class AgentIdentity extends Construct {
  public readonly userPool: UserPool;
  public readonly consoleClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: AgentIdentityProps = {}) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Agents', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      customAttributes: {
        departments: new StringAttribute({ minLen: 0, maxLen: 2048, mutable: true }),
        maxChats: new NumberAttribute({ min: 1, max: 50, mutable: true }),
        skills: new StringAttribute({ minLen: 0, maxLen: 512, mutable: true }),
      },
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason: 'The console signs in with USER_PASSWORD_AUTH through the same Cognito-compatible flow as the local IdP; MFA can be switched on per deployment once the console handles the challenge.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason: 'Threat protection needs the paid Plus feature plan; a support team is protected by admin-only sign-up and a strong password policy, and a deployment can opt in.',
      },
    );
    for (const group of agentGroups) {
      this.userPool.addGroup(`${group}-group`, { groupName: group, description: `Parley ${group}s` });
    }
    this.consoleClient = this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
  }

  /** The JWT issuer agents' ID tokens carry (`iss`); its JWKS is at {issuer}/.well-known/jwks.json. */
  get issuer(): string {
    return `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${this.userPool.userPoolId}`;
  }

  /** The endpoint the console calls InitiateAuth on. */
  get identityEndpoint(): string {
    return `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/`;
  }
}
