/**
 * Agent profiles and presence (docs/decisions.md, access pattern 5): while an agent is online,
 * one `DEPT#<department>` item per department carries gsi1 `ONLINE#<department>`, so routing
 * finds a department's online agents with one Query and no Scan. A presence item is written
 * whole by every status change; a socket close marks it `socketClosed` before the profile's
 * `disconnectedAt` is set, so an unmarked one says its agent has had no reconnect grace since
 * (`anyonePresent` needs no profile read for them).
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AgentStatus } from '../contracts/frames';
import { type AgentProfile, isPresent } from '../domain/routing';
import type { AgentStore } from '../use-cases/ports';
import { failedConditions } from './cancellation';
import { GSI1, keys, onlineKeys, stripKeys } from './keys';
import { batchGet, queryPrefix, type Table } from './table';
import { updateIfAllowed } from './conditions';

export class DynamoAgents implements Pick<AgentStore, 'getAgent' | 'upsertAgent' | 'setAgentStatus' | 'markDisconnected' | 'markReconnected' | 'listOnlineAgents' | 'anyonePresent'> {
  constructor(private readonly table: Table) {}

  async getAgent(agentId: string): Promise<AgentProfile | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.agentProfile(agentId), ConsistentRead: true }));
    return Item && stripKeys<AgentProfile>(Item);
  }

  /** Name and departments follow the identity provider; status, load and capacity are kept once set. */
  async upsertAgent(profile: Omit<AgentProfile, 'status' | 'activeChats' | 'lastAssignedAt' | 'autoAway'>): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: keys.agentProfile(profile.agentId),
        UpdateExpression:
          'SET #type = :type, agentId = :agentId, #name = :name, departments = :departments, skills = :skills, maxChats = if_not_exists(maxChats, :maxChats), #status = if_not_exists(#status, :offline), activeChats = if_not_exists(activeChats, :zero)',
        ExpressionAttributeNames: { '#type': 'type', '#name': 'name', '#status': 'status' },
        ExpressionAttributeValues: {
          ':type': 'agent',
          ':agentId': profile.agentId,
          ':name': profile.name,
          ':departments': profile.departments,
          ':skills': profile.skills ?? [],
          ':maxChats': profile.maxChats,
          ':offline': 'offline',
          ':zero': 0,
        },
      }),
    );
  }

  async setAgentStatus(agent: AgentProfile, status: AgentStatus, now: number, automatic = false, onlyIfDisconnectedAt?: number): Promise<boolean> {
    const presence = agent.departments.map((department) => ({
      Put: {
        TableName: this.table.name,
        Item: {
          ...keys.agentDepartment(agent.agentId, department),
          ...(status === 'online' ? onlineKeys(department, agent.agentId) : {}),
          type: 'presence',
          agentId: agent.agentId,
          department,
          status,
        },
      },
    }));
    const guarded = onlyIfDisconnectedAt !== undefined;
    const profile = {
      Update: {
        TableName: this.table.name,
        Key: keys.agentProfile(agent.agentId),
        // A change records itself (when, from what, by whom) so a retry can re-publish its event; a re-applied status keeps that record.
        UpdateExpression: `${
          agent.status === status
            ? 'SET #status = :status, autoAway = :auto'
            : 'SET #status = :status, autoAway = :auto, statusChangedAt = :now, previousStatus = :previous, statusAutomatic = :automatic'
        } REMOVE disconnectedAt`,
        // The reconnect grace's end: only if no socket has opened since (a reconnect removes disconnectedAt).
        ...(guarded ? { ConditionExpression: '#status = :online AND disconnectedAt = :since' } : {}),
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':auto': status === 'away' && automatic,
          ...(agent.status === status ? {} : { ':now': now, ':previous': agent.status, ':automatic': automatic }),
          ...(guarded ? { ':online': 'online', ':since': onlyIfDisconnectedAt } : {}),
        },
      },
    };
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: [profile, ...presence] }));
      return true;
    } catch (error) {
      if (guarded && failedConditions(error)?.[0] === true) return false;
      throw error;
    }
  }

  async markDisconnected(agentId: string, at: number): Promise<number | undefined> {
    // The mark first: a presence item unmarked while the profile has disconnectedAt would count a gone agent present past the grace.
    const online = (await queryPrefix(this.table, `AGENT#${agentId}`, 'DEPT#')).filter((i) => i.gsi1pk !== undefined);
    await Promise.all(
      online.map((i) =>
        updateIfAllowed(this.table, { Key: { pk: String(i.pk), sk: String(i.sk) }, UpdateExpression: 'SET socketClosed = :yes', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':yes': true } }),
      ),
    );
    const updated = await updateIfAllowed(this.table, {
      Key: keys.agentProfile(agentId),
      UpdateExpression: 'SET disconnectedAt = if_not_exists(disconnectedAt, :at)',
      ConditionExpression: '#status = :online',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':at': at, ':online': 'online' },
      ReturnValues: 'UPDATED_NEW',
    });
    return updated && Number(updated.disconnectedAt);
  }

  async markReconnected(agentId: string): Promise<number | undefined> {
    const removed = await updateIfAllowed(this.table, {
      Key: keys.agentProfile(agentId),
      UpdateExpression: 'REMOVE disconnectedAt',
      ConditionExpression: 'attribute_exists(disconnectedAt)',
      ReturnValues: 'UPDATED_OLD',
    });
    return removed && Number(removed.disconnectedAt);
  }

  async listOnlineAgents(department: string): Promise<AgentProfile[]> {
    const { Items = [] } = await this.table.client.send(
      new QueryCommand({ TableName: this.table.name, IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `ONLINE#${department}` } }),
    );
    const profiles = await batchGet(this.table, Items.map((i) => keys.agentProfile(String(i.agentId))));
    return profiles.map((p) => stripKeys<AgentProfile>(p));
  }

  /**
   * Whether anyone is present in the department (isPresent): an online presence item without the
   * socket-close mark answers at once (one Query, the common case); only when every one is marked
   * are those agents' profiles read for their disconnectedAt.
   */
  async anyonePresent(department: string, now: number, graceMs: number): Promise<boolean> {
    const { Items = [] } = await this.table.client.send(
      new QueryCommand({ TableName: this.table.name, IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `ONLINE#${department}` }, ProjectionExpression: 'agentId, socketClosed' }),
    );
    if (Items.some((i) => i.socketClosed !== true)) return true;
    const profiles = await batchGet(this.table, Items.map((i) => keys.agentProfile(String(i.agentId))));
    return profiles.some((p) => isPresent(stripKeys<AgentProfile>(p), now, graceMs));
  }

  async listAgentChatIds(agentId: string): Promise<string[]> {
    return (await queryPrefix(this.table, `AGENT#${agentId}`, 'CHAT#')).map((i) => String(i.chatId));
  }

  /** Chats offered to the agent (the OFFER# items the offer transaction writes and its end deletes). */
  async listAgentOfferIds(agentId: string): Promise<string[]> {
    return (await queryPrefix(this.table, `AGENT#${agentId}`, 'OFFER#')).map((i) => String(i.chatId));
  }
}
