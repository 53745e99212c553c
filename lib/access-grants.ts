/**
 * Turns a manifest `access` entry into the narrowest IAM grant the resource offers. A function
 * gets nothing it did not ask for: no write without `table:write`, no @connections without
 * `connections:manage`.
 */
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import type { Access } from '../functions/manifest';
import type { AttachmentStore } from './attachment-store';
import { acknowledgeWildcardResource } from './nag-findings';

/** The resources a grant can point at. */
export interface GrantTargets {
  readonly table: ITable;
  readonly bus: IEventBus;
  readonly socketApi: WebSocketApi;
  readonly socketStage: WebSocketStage;
  readonly visitorSecret: ISecret;
  readonly identitySecret: ISecret;
  readonly timerQueue: IQueue;
  readonly attachments: AttachmentStore;
}

/** Who receives a grant: the principal, and the construct its policy lives under (for acknowledgements). */
export interface Grantee {
  readonly principal: IGrantable;
  readonly owner: IConstruct;
}

type Grant = (grantee: Grantee, targets: GrantTargets) => void;

const indexReason =
  'The grant covers the indexes of this one table (`<table>/index/*`): queries on gsi1 need it, and no other table is reachable.';

const grants: Record<Access, Grant> = {
  'table:read': ({ principal, owner }, { table }) => {
    table.grantReadData(principal);
    acknowledgeWildcardResource(owner, `${table.tableArn}/index/*`, indexReason);
  },
  'table:write': ({ principal, owner }, { table }) => {
    table.grantWriteData(principal);
    acknowledgeWildcardResource(owner, `${table.tableArn}/index/*`, indexReason);
  },
  'bus:publish': ({ principal }, { bus }) => bus.grantPutEventsTo(principal),
  'connections:manage': ({ principal, owner }, { socketApi, socketStage }) => {
    // Only this API's own stage: `<api>/<stage>/<METHOD>/@connections/<connection id>`.
    const connections = socketApi.arnForExecuteApiV2('*/@connections/*', socketStage.stageName);
    principal.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['execute-api:ManageConnections'], resources: [connections] }),
    );
    acknowledgeWildcardResource(
      owner,
      connections,
      'Connection ids are created at run time, so the grant names this API and stage and leaves only the method and the connection id open.',
    );
  },
  'visitor-secret:read': ({ principal }, { visitorSecret }) => visitorSecret.grantRead(principal),
  'identity-secret:read': ({ principal }, { identitySecret }) => identitySecret.grantRead(principal),
  'timers:schedule': ({ principal }, { timerQueue }) => timerQueue.grantSendMessages(principal),
  'attachments:upload': ({ principal, owner }, { attachments }) => attachments.grantUpload(principal, owner),
  'attachments:read': ({ principal, owner }, { attachments }) => attachments.grantRead(principal, owner),
  'attachments:delete': ({ principal, owner }, { attachments }) => attachments.grantDelete(principal, owner),
};

/** Applies every grant the access list names. */
export function grantAccess(grantee: Grantee, access: readonly Access[], targets: GrantTargets): void {
  for (const entry of access) grants[entry](grantee, targets);
}
