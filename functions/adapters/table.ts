/** What every DynamoDB store piece shares: the document client and the table name. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface Table {
  readonly client: DynamoDBDocumentClient;
  readonly name: string;
}
