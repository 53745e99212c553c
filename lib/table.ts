/**
 * The one DynamoDB table, built from the manifest's table spec so that the cloud and DynamoDB
 * Local (lib/local) create the same keys. Data outlives the stack: RETAIN and point-in-time
 * recovery, because a `cdk destroy` or a bad deploy must never take the conversations with it.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption, type TableProps } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { TableSpec } from '../functions/manifest';

/** Maps the manifest's table spec to CDK table props (string keys, on-demand, PITR, RETAIN). */
export function tablePropsFromSpec(spec: TableSpec): TableProps {
  return {
    partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
    sortKey: { name: spec.sortKey, type: AttributeType.STRING },
    timeToLiveAttribute: spec.ttlAttribute,
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: TableEncryption.AWS_MANAGED,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}

export interface ParleyTableProps {
  /** Keys, indexes and TTL attribute (functions/manifest.ts `table`). */
  readonly spec: TableSpec;
}

/** The single table of the single-table design (docs/decisions.md), with its sparse GSIs. */
export class ParleyTable extends Construct {
  public readonly table: Table;

  constructor(scope: Construct, id: string, props: ParleyTableProps) {
    super(scope, id);
    this.table = new Table(this, 'Table', tablePropsFromSpec(props.spec));
    for (const index of props.spec.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }
  }
}
