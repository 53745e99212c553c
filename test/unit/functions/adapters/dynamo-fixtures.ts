import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../../../../functions/adapters/dynamo-store';
import { T0 } from '../fakes';

/** A document client for one test file to mock (one mockClient per file). */
export const testClient = () => documentClient(new DynamoDBClient({ region: 'us-east-1' }));

/** A cancelled transaction with one reason code per item, as DynamoDB reports it. */
export function cancelled(...codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
}

export const message = { chatId: 'c1', seq: 4, clientMessageId: 'm4', senderRole: 'visitor' as const, senderId: 'v1', text: 'hi', createdAt: T0 };
