/**
 * Metric rollups, counted once per event: the ADDs, the state writes and an
 * `EVENT#metrics#<eventId>` marker go in one transaction, so a redelivered event finds the marker
 * and changes nothing, and a lost state race (two events of one agent at once) changes nothing
 * either (the event is retried).
 *
 * Keys (docs/decisions.md): `METRIC#<dim>#<yyyy-mm>` / `<bucket>#<value>`, so a report reads a
 * dimension's months with one paginated Query per month, or one value's days by key: O(buckets),
 * never the chats.
 */
import { BatchGetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MetricStateConflictError } from '../domain/errors';
import type { Dim, FoldState, MetricUpdate, RollupIncrement, StateWrite } from '../domain/metrics';
import type { RollupRow } from '../domain/reports';
import { LIVE_PUSH_GAP_MS, type LivePushDecision } from '../domain/live-stats';
import type { MetricStateKeys, MetricStore, MetricTtls, RollupRead } from '../use-cases/ports';
import { failedConditions } from './cancellation';
import { keys } from './keys';
import { claimPush, markPushed } from './push-gate';
import type { Table } from './table';
import { conditionFailed } from './conditions';

export const METRICS_CONSUMER = 'metrics';

/** The months `[from, to]` (yyyy-mm-dd…) touch, as yyyy-mm. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (let guard = 0; guard < 240; guard++) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    out.push(current);
    if (current >= last) break;
    month = month === 12 ? 1 : month + 1;
    if (month === 1) year++;
  }
  return out;
}

function addUpdate(tableName: string, inc: RollupIncrement) {
  const entries = Object.entries(inc.counters);
  const members = Object.entries(inc.members ?? {});
  const sets = Object.entries(inc.set ?? {});
  const removes = inc.remove ?? [];
  const adds = [...entries.map((_, i) => `#c${i} :c${i}`), ...members.map((_, i) => `#m${i} :m${i}`)];
  const clauses = [
    ...(adds.length > 0 ? [`ADD ${adds.join(', ')}`] : []),
    ...(sets.length > 0 ? [`SET ${sets.map((_, i) => `#s${i} = :s${i}`).join(', ')}`] : []),
    ...(removes.length > 0 ? [`REMOVE ${removes.map((_, i) => `#r${i}`).join(', ')}`] : []),
  ];
  const values = Object.fromEntries([...entries.map(([, value], i) => [`:c${i}`, value]), ...members.map(([, member], i) => [`:m${i}`, new Set([member])]), ...sets.map(([, value], i) => [`:s${i}`, value])]);
  return {
    Update: {
      TableName: tableName,
      Key: keys.rollup(inc.dim, inc.bucket, inc.value),
      UpdateExpression: clauses.join(' '),
      ExpressionAttributeNames: Object.fromEntries([
        ...entries.map(([name], i) => [`#c${i}`, name]),
        ...members.map(([name], i) => [`#m${i}`, name]),
        ...sets.map(([name], i) => [`#s${i}`, name]),
        ...removes.map((name, i) => [`#r${i}`, name]),
      ]),
      ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
    },
  };
}

function statePut(tableName: string, write: StateWrite, ttl: number) {
  if ('delta' in write) {
    const { active, online, minActive } = write.delta;
    return {
      Update: {
        TableName: tableName,
        Key: keys.metricState(write.kind, write.id),
        // rev moves too: a whole-state write folded from the state before this one must conflict.
        UpdateExpression: 'SET #v.#active = #v.#active + :d ADD rev :one',
        ConditionExpression: `attribute_exists(pk) AND #v.#status ${online ? '=' : '<>'} :online AND #v.#active >= :min`,
        ExpressionAttributeNames: { '#v': 'value', '#active': 'active', '#status': 'status' },
        ExpressionAttributeValues: { ':d': active, ':one': 1, ':online': 'online', ':min': minActive },
      },
    };
  }
  return {
    Put: {
      TableName: tableName,
      Item: { ...keys.metricState(write.kind, write.id), type: 'metricState', rev: write.rev + 1, value: write.value, ...(write.kind === 'agent' ? {} : { ttl }) },
      ConditionExpression: write.rev === 0 ? 'attribute_not_exists(pk)' : 'rev = :rev',
      ...(write.rev === 0 ? {} : { ExpressionAttributeValues: { ':rev': write.rev } }),
    },
  };
}

/** `dueAt` of an item a failed condition returned (raw attribute values: the document client leaves errors as they are). */
const COUNTER_KEYS = new Set(['pk', 'sk', 'type']);

function toRow(dim: Dim, item: Record<string, unknown>): RollupRow {
  const sk = String(item.sk);
  const cut = sk.indexOf('#');
  const counters = Object.fromEntries(Object.entries(item).filter(([k, v]) => !COUNTER_KEYS.has(k) && typeof v === 'number')) as Record<string, number>;
  const sets = Object.entries(item).filter((entry): entry is [string, Set<string>] => entry[1] instanceof Set);
  return { dim, bucket: sk.slice(0, cut), value: sk.slice(cut + 1), counters, ...(sets.length > 0 ? { members: Object.fromEntries(sets.map(([k, v]) => [k, [...v].map(String)])) } : {}) };
}

/** An increment that only adds set members (the day's agents with chats). */
const isMembersOnly = (i: RollupIncrement): boolean => i.members !== undefined && Object.keys(i.counters).length === 0 && i.set === undefined && i.remove === undefined;

/** Set members an instance remembers having written (a day's agents: a few hundred a day). */
const MEMBERS_KNOWN_MAX = 10_000;

/** BatchGetItem takes at most 100 keys a call. */
const BATCH_GET_MAX = 100;

export class DynamoMetrics implements MetricStore {
  constructor(private readonly table: Table) {}

  async loadMetricState(wanted: MetricStateKeys): Promise<FoldState> {
    const asked = (['agent', 'toAgent', 'chat', 'visitor'] as const).flatMap((kind) => {
      const id = wanted[kind];
      return id ? [{ kind, key: keys.metricState(kind === 'toAgent' ? 'agent' : kind, id) }] : [];
    });
    if (asked.length === 0) return {};
    const result = await this.table.client.send(new BatchGetCommand({ RequestItems: { [this.table.name]: { Keys: asked.map((a) => a.key), ConsistentRead: true } } }));
    if (Object.keys(result.UnprocessedKeys ?? {}).length > 0) throw new Error('metric state: DynamoDB left keys unprocessed; the event will be retried');
    const found = result.Responses?.[this.table.name] ?? [];
    const state: Record<string, { rev: number; value?: unknown }> = {};
    for (const { kind, key } of asked) {
      const item = found.find((i) => i.pk === key.pk);
      state[kind] = item ? { rev: Number(item.rev), value: item.value } : { rev: 0 };
    }
    return state as FoldState;
  }

  /**
   * Set members this instance has added (`pk|sk|name|member`): adding one again changes nothing,
   * so it is not written again. Bounded: forgotten wholesale past MEMBERS_KNOWN_MAX.
   */
  private readonly membersKnown = new Set<string>();

  async applyMetrics(eventId: string, update: MetricUpdate, ttl: MetricTtls): Promise<'applied' | 'duplicate'> {
    const marker = {
      Put: {
        TableName: this.table.name,
        Item: { ...keys.processedEvent(METRICS_CONSUMER, eventId), type: 'processedEvent', ttl: ttl.marker },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    // A string-set ADD is idempotent: it needs neither the marker nor a place in the transaction
    // (2 WRU an item there), so it is written on its own once the event is counted, or found counted.
    const membersOnly = update.increments.filter(isMembersOnly);
    const states = update.state.map((w) => statePut(this.table.name, w, ttl.state));
    const adds = update.increments.filter((i) => !isMembersOnly(i)).map((i) => addUpdate(this.table.name, i));
    let outcome: 'applied' | 'duplicate';
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: [marker, ...states, ...adds] }));
      outcome = 'applied';
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.[0]) outcome = 'duplicate';
      else if (failed) throw new MetricStateConflictError(`metric state of ${eventId} moved; retry`, { cause: error });
      else throw error;
    }
    // After the counts: if this write fails the event is retried, finds its marker and comes here again.
    await Promise.all(membersOnly.map((i) => this.addMembers(i)));
    return outcome;
  }

  private async addMembers(inc: RollupIncrement): Promise<void> {
    const key = keys.rollup(inc.dim, inc.bucket, inc.value);
    const members = Object.entries(inc.members ?? {});
    const known = members.map(([name, member]) => `${key.pk}|${key.sk}|${name}|${member}`);
    if (known.every((k) => this.membersKnown.has(k))) return;
    await this.table.client.send(new UpdateCommand(addUpdate(this.table.name, inc).Update));
    if (this.membersKnown.size + known.length > MEMBERS_KNOWN_MAX) this.membersKnown.clear();
    for (const k of known) this.membersKnown.add(k);
  }

  async markConverted(chatId: string, conversionId: string): Promise<boolean> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...keys.chatConverted(chatId), type: 'converted', conversionId },
          ConditionExpression: 'attribute_not_exists(pk) OR conversionId = :id',
          ExpressionAttributeValues: { ':id': conversionId },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async readRollups(dim: Dim, from: string, to: string, options: RollupRead = {}): Promise<RollupRow[]> {
    if (options.value !== undefined && options.days) return this.getRows(dim, options.value, options.days, options.counters);
    const months = dim === 'LIVE' ? ['now'] : monthsBetween(from, to);
    const pages = await Promise.all(months.map((month) => this.queryMonth(dim, month, from, to, options.counters)));
    const rows = pages.flat();
    return options.value === undefined ? rows : rows.filter((r) => r.value === options.value);
  }

  /** When this instance last wrote the live push's `sentAt` (a claim to push now, or a push marked). */
  private livePushedAt = Number.NEGATIVE_INFINITY;

  /**
   * The live numbers' push gate (push-gate.ts): at most one push a second. Within a second of a
   * push this instance wrote, a push now would be refused, so only a push for later is claimed.
   */
  async claimLivePush(now: number): Promise<LivePushDecision> {
    const pushedWithinGap = now >= this.livePushedAt && now - this.livePushedAt < LIVE_PUSH_GAP_MS;
    const decision = await claimPush(this.table, keys.livePush(), now, LIVE_PUSH_GAP_MS, pushedWithinGap);
    if (decision.kind === 'now') this.livePushedAt = now;
    return decision;
  }

  async markLivePushed(now: number): Promise<void> {
    await markPushed(this.table, keys.livePush(), now);
    this.livePushedAt = now;
  }

  /** One value's rows of `days`, by key (BatchGetItem, 100 keys a call, in parallel). */
  private async getRows(dim: Dim, value: string, days: readonly string[], counters?: readonly string[]): Promise<RollupRow[]> {
    const names = ['pk', 'sk', ...(counters ?? [])];
    const projection = counters ? { ProjectionExpression: names.map((_, i) => `#p${i}`).join(', '), ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#p${i}`, name])) } : {};
    const chunks: Record<string, unknown>[][] = [];
    for (let i = 0; i < days.length; i += BATCH_GET_MAX) chunks.push(days.slice(i, i + BATCH_GET_MAX).map((day) => keys.rollup(dim, day, value)));
    const found = await Promise.all(
      chunks.map(async (chunk) => {
        const items: Record<string, unknown>[] = [];
        let wanted = chunk;
        for (let round = 0; wanted.length > 0; round++) {
          if (round >= 5) throw new Error('rollups: DynamoDB left keys unprocessed five times; try again');
          const result = await this.table.client.send(new BatchGetCommand({ RequestItems: { [this.table.name]: { Keys: wanted, ...projection } } }));
          items.push(...(result.Responses?.[this.table.name] ?? []));
          wanted = result.UnprocessedKeys?.[this.table.name]?.Keys ?? [];
        }
        return items;
      }),
    );
    return found.flat().map((item) => toRow(dim, item)).sort((a, b) => a.bucket.localeCompare(b.bucket));
  }

  async agentNames(agentIds: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const ids = [...new Set(agentIds)];
    for (let i = 0; i < ids.length; i += BATCH_GET_MAX) {
      let wanted: Record<string, unknown>[] = ids.slice(i, i + BATCH_GET_MAX).map((id) => keys.agentProfile(id));
      for (let round = 0; wanted.length > 0 && round < 5; round++) {
        const result = await this.table.client.send(new BatchGetCommand({ RequestItems: { [this.table.name]: { Keys: wanted, ProjectionExpression: 'agentId, #name', ExpressionAttributeNames: { '#name': 'name' } } } }));
        for (const item of result.Responses?.[this.table.name] ?? []) if (typeof item.name === 'string') names.set(String(item.agentId), item.name);
        wanted = result.UnprocessedKeys?.[this.table.name]?.Keys ?? [];
      }
    }
    return names;
  }

  private async queryMonth(dim: Dim, month: string, from: string, to: string, counters?: readonly string[]): Promise<RollupRow[]> {
    const rows: RollupRow[] = [];
    let start: Record<string, unknown> | undefined;
    // Only the counters a report uses: DynamoDB's time (and the SDK's) grows with the attributes read.
    const projection = counters ? { ProjectionExpression: ['sk', ...counters].map((_, i) => `#p${i}`).join(', '), ExpressionAttributeNames: Object.fromEntries(['sk', ...counters].map((name, i) => [`#p${i}`, name])) } : {};
    do {
      const page = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': keys.rollupPartition(dim, month), ':from': from, ':to': `${to}~` },
          ...projection,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      rows.push(...(page.Items ?? []).map((item) => toRow(dim, item)));
      start = page.LastEvaluatedKey;
    } while (start);
    return rows;
  }
}
