/**
 * One Lambda per manifest function, built the same way every time: arm64, the newest Node
 * runtime, bundled by the local esbuild (never Docker) with the AWS SDK inside the bundle
 * (a pinned SDK instead of whatever the runtime ships), its own log group with a retention,
 * and a role that starts empty: the only permissions are log writes plus the grants the
 * manifest's `access` list asks for (see access-grants.ts).
 */
import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../functions/manifest';

/** Request handlers answer a person who is waiting; consumers run after the fact. */
export type FunctionRole = 'request' | 'consumer';

const sizing: Record<FunctionRole, { memorySize: number; timeout: Duration }> = {
  // More memory means more CPU: a faster cold start for the socket and HTTP paths.
  request: { memorySize: 512, timeout: Duration.seconds(10) },
  consumer: { memorySize: 256, timeout: Duration.seconds(30) },
};

export interface ParleyFunctionProps {
  readonly spec: FunctionSpec;
  readonly role: FunctionRole;
  /** Folder that manifest `handler` paths are relative to. */
  readonly functionsDir: string;
  /** The same environment for every function (functions/contracts/env.ts). */
  readonly environment: Record<string, string>;
  readonly logRetention: RetentionDays;
}

/** A manifest function as a Lambda, with its log group exposed for alarms and grants. */
export class ParleyFunction extends Construct {
  public readonly fn: NodejsFunction;
  public readonly logGroup: LogGroup;
  public readonly spec: FunctionSpec;

  constructor(scope: Construct, id: string, props: ParleyFunctionProps) {
    super(scope, id);
    this.spec = props.spec;
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Parley ${props.spec.name}: log writes plus its manifest access list`,
    });
    this.logGroup.grantWrite(role);
    this.fn = new NodejsFunction(this, 'Function', {
      entry: path.join(props.functionsDir, props.spec.handler),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      ...sizing[props.role],
      role,
      logGroup: this.logGroup,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      description: `Parley ${props.spec.name} (${props.spec.handler})`,
      bundling: {
        minify: true,
        sourceMap: true,
        format: OutputFormat.CJS,
        // Bundle the SDK: the version we tested with, tree-shaken, no runtime surprise.
        externalModules: [],
        // The SDK's ES module builds tree-shake; its CommonJS builds do not.
        mainFields: ['module', 'main'],
        forceDockerBundling: false,
      },
    });
  }
}
