/**
 * Messages in the single table (docs/decisions.md, access patterns 1 and 3). Appending is three
 * plain conditional writes, not a transaction (a transaction bills 2 WRU per item: 6 per
 * message; these are 3), in an order that keeps the invariants:
 *  1. claim the clientMessageId (`CMID#`, written only if absent, holding the seq it is for);
 *  2. write the message at its seq (`MSG#`, only if absent): this is what assigns the seq;
 *  3. move the chat's lastSeq forward (only forward).
 * A message exists before lastSeq names it, so the next writer never skips a seq and readers
 * see messages in seq order; a clientMessageId is claimed before any message carries it, so a
 * retry never writes a second message. A claim whose message is missing is completed by
 * whoever holds the same clientMessageId, at the same seq (two twins race on one key and one
 * wins); a claim whose seq another message took is moved to the new seq. A writer that finds
 * its seq taken first repairs a lastSeq left behind (by a writer that died between 2 and 3).
 * The caller's `whenWritten` (the delivery) runs beside step 3, not after it: the message is
 * readable from step 2 on (reads go by sort key, not by lastSeq), and a reply that comes before
 * step 3 lands meets a taken seq, repairs lastSeq and retries, as after any lost race.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ChatMessage } from '../contracts/frames';
import { DuplicateMessageError, SeqConflictError } from '../domain/errors';
import type { WindowCount } from '../domain/rate-limits';
import type { AppendMessage, ChatStore } from '../use-cases/ports';
import { conditionFailed, NOT_EXISTS } from './conditions';
import { ADVANCE, keys, SEQ_MAX, stripKeys } from './keys';
import { retention, type Table } from './table';

/** The message item and its clientMessageId item, each written only if absent (createChat writes them in its transaction). */
export function messageItems(table: Table, message: ChatMessage) {
  return [
    { Put: { TableName: table.name, Item: { ...keys.message(message.chatId, message.seq), type: 'message', ...message, ...retention(table, message.createdAt) }, ConditionExpression: NOT_EXISTS } },
    { Put: { TableName: table.name, Item: { ...keys.clientMessage(message.chatId, message.clientMessageId), type: 'cmid', seq: message.seq, ...retention(table, message.createdAt) }, ConditionExpression: NOT_EXISTS } },
  ];
}

/**
 * What step 3 sets on the chat besides lastSeq. The message item carries it (attribute `advance`,
 * dropped by stripKeys: never part of the message), so a writer that finds lastSeq behind a message and
 * moves it up applies the same fields the message's own writer would have: whichever of the two
 * moves lastSeq (one condition, `lastSeq < seq`) sets them, and neither loses them.
 */
interface Advance {
  firstResponseAt?: number;
  visitorRate?: WindowCount;
  replyWait?: { change: 'start' | 'stop'; at: number };
}

export class DynamoMessages implements Pick<ChatStore, 'appendMessage' | 'findMessageByClientId' | 'listMessages'> {
  constructor(private readonly table: Table) {}

  async appendMessage(chatId: string, { message, firstResponseAt, visitorRate, replyWait, whenWritten }: AppendMessage): Promise<void> {
    const advance: Advance = {
      ...(firstResponseAt === undefined ? {} : { firstResponseAt }),
      ...(visitorRate === undefined ? {} : { visitorRate }),
      ...(replyWait === undefined ? {} : { replyWait: { change: replyWait, at: message.createdAt } }),
    };
    await this.claim(message);
    await this.write(message, advance);
    // Both settle before the append returns (nothing left running in a frozen Lambda); the first failure goes up.
    const [advanced, done] = await Promise.allSettled([this.advance(chatId, message.seq, advance), whenWritten?.()]);
    if (advanced.status === 'rejected') throw advanced.reason;
    if (done.status === 'rejected') throw done.reason;
  }

  /** Step 1: the clientMessageId is ours for `message.seq`, or the message already exists (DuplicateMessageError). */
  private async claim(message: ChatMessage): Promise<void> {
    const key = keys.clientMessage(message.chatId, message.clientMessageId);
    try {
      await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...key, type: 'cmid', seq: message.seq, ...retention(this.table, message.createdAt) }, ConditionExpression: NOT_EXISTS }));
      return;
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
    const held = await this.get(key);
    const heldSeq = typeof held?.seq === 'number' ? held.seq : undefined;
    if (heldSeq === undefined) throw new SeqConflictError(`clientMessageId ${message.clientMessageId} is being claimed`);
    if (heldSeq === message.seq) return; // our own claim (a twin, or an earlier try that died): complete it
    const owner = await this.get(keys.message(message.chatId, heldSeq));
    if (owner?.clientMessageId === message.clientMessageId) throw new DuplicateMessageError(`clientMessageId ${message.clientMessageId} was used`);
    if (!owner) {
      // The held seq is still free: a twin is about to write there, or died. The retry lines up
      // with it once lastSeq is right behind it (a writer that died after step 2 left it lower).
      await this.repairLastSeq(message.chatId);
      throw new SeqConflictError(`clientMessageId ${message.clientMessageId} holds seq ${heldSeq}`);
    }
    // Another message took the held seq: move the claim, unless a twin just moved it.
    try {
      await this.table.client.send(
        new UpdateCommand({ TableName: this.table.name, Key: key, UpdateExpression: 'SET seq = :seq', ConditionExpression: 'seq = :held', ExpressionAttributeValues: { ':seq': message.seq, ':held': heldSeq } }),
      );
    } catch (error) {
      if (conditionFailed(error)) throw new SeqConflictError(`clientMessageId ${message.clientMessageId} moved`, { cause: error });
      throw error;
    }
  }

  /** Step 2: the message at its seq; a twin that got there first makes this a duplicate, anyone else a seq conflict. */
  private async write(message: ChatMessage, advance: Advance): Promise<void> {
    const key = keys.message(message.chatId, message.seq);
    // The chat fields step 3 sets go with the message, so whoever moves lastSeq to it sets them.
    const carried = Object.keys(advance).length > 0 ? { [ADVANCE]: advance } : {};
    try {
      await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...key, type: 'message', ...message, ...carried, ...retention(this.table, message.createdAt) }, ConditionExpression: NOT_EXISTS }));
      return;
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
    const taken = await this.get(key);
    if (taken?.clientMessageId === message.clientMessageId) throw new DuplicateMessageError(`clientMessageId ${message.clientMessageId} was used`);
    await this.repairLastSeq(message.chatId);
    throw new SeqConflictError(`seq ${message.seq} of ${message.chatId} is taken`);
  }

  /**
   * Step 3: lastSeq only moves forward (a late writer never moves it back). The visitor's rate
   * window rides on the same write (the message's seq was won in step 2, so it was computed
   * from the chat as it stood at the previous seq).
   */
  private async advance(chatId: string, seq: number, { firstResponseAt, visitorRate, replyWait }: Advance): Promise<void> {
    const first = firstResponseAt === undefined ? '' : ', firstResponseAt = if_not_exists(firstResponseAt, :first)';
    const rate = visitorRate === undefined ? '' : ', visitorRate = :rate';
    // The agent-reply SLA clock rides on this same write too: no extra call per message.
    const wait = replyWait?.change === 'start' ? ', awaitingReplySince = if_not_exists(awaitingReplySince, :waitAt)' : '';
    const answered = replyWait?.change === 'stop' ? ' REMOVE awaitingReplySince' : '';
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.chat(chatId),
          UpdateExpression: `SET lastSeq = :seq${first}${rate}${wait}${answered}`,
          ConditionExpression: 'lastSeq < :seq',
          ExpressionAttributeValues: {
            ':seq': seq,
            ...(firstResponseAt === undefined ? {} : { ':first': firstResponseAt }),
            ...(visitorRate === undefined ? {} : { ':rate': visitorRate }),
            ...(replyWait?.change === 'start' ? { ':waitAt': replyWait.at } : {}),
          },
        }),
      );
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
  }

  /** lastSeq behind the newest message (its writer died before step 3): move it up to that message. */
  private async repairLastSeq(chatId: string): Promise<void> {
    const { Items = [] } = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': `CHAT#${chatId}`, ':from': keys.message(chatId, 1).sk, ':to': SEQ_MAX },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    const newest = Items[0];
    if (typeof newest?.seq === 'number') await this.advance(chatId, newest.seq, (newest[ADVANCE] as Advance | undefined) ?? {});
  }

  private async get(key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: key, ConsistentRead: true }));
    return Item;
  }

  /** The message a clientMessageId was claimed for; undefined while the claim has no message of its own. */
  async findMessageByClientId(chatId: string, clientMessageId: string): Promise<ChatMessage | undefined> {
    const claim = await this.get(keys.clientMessage(chatId, clientMessageId));
    if (typeof claim?.seq !== 'number') return undefined;
    const found = await this.get(keys.message(chatId, claim.seq));
    return found?.clientMessageId === clientMessageId ? stripKeys<ChatMessage>(found) : undefined;
  }

  async listMessages(chatId: string, afterSeq: number, limit: number): Promise<{ messages: ChatMessage[]; hasMore: boolean }> {
    const { Items = [] } = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': `CHAT#${chatId}`, ':from': keys.message(chatId, afterSeq + 1).sk, ':to': SEQ_MAX },
        ConsistentRead: true,
        Limit: limit + 1,
      }),
    );
    return { messages: Items.slice(0, limit).map((i) => stripKeys<ChatMessage>(i)), hasMore: Items.length > limit };
  }
}
