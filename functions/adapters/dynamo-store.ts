/**
 * The Store port over one DynamoDB table: the pieces per concern, composed. The document
 * client drops undefined attributes so optional record fields never reach the wire.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ChatRecord } from '../domain/chat';
import type { Store } from '../use-cases/ports';
import { DynamoAbuse } from './dynamo-abuse';
import { DynamoAgents } from './dynamo-agents';
import { DynamoCanned } from './dynamo-canned';
import { DynamoChats } from './dynamo-chats';
import { DynamoConnections } from './dynamo-connections';
import { DynamoFeedback } from './dynamo-feedback';
import { DynamoMessages } from './dynamo-messages';
import { DynamoMetrics } from './dynamo-metrics';
import { DynamoNotes } from './dynamo-notes';
import { DynamoSla } from './dynamo-sla';
import { DynamoTransfers } from './dynamo-transfers';
import { DynamoRouting } from './dynamo-routing';
import { DynamoTickets } from './dynamo-tickets';
import { DynamoTeamFeedback } from './dynamo-team-feedback';
import type { Table } from './table';

export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export function dynamoStore(table: Table): Store {
  const chats = new DynamoChats(table);
  const messages = new DynamoMessages(table);
  const agents = new DynamoAgents(table);
  const connections = new DynamoConnections(table);
  const metrics = new DynamoMetrics(table);
  const notes = new DynamoNotes(table);
  const sla = new DynamoSla(table);
  const transfers = new DynamoTransfers(table);
  const canned = new DynamoCanned(table);
  const feedback = new DynamoFeedback(table);
  const abuse = new DynamoAbuse(table);
  const routing = new DynamoRouting(table);
  const tickets = new DynamoTickets(table);
  const teamFeedback = new DynamoTeamFeedback(table);
  return {
    getChat: (id) => chats.getChat(id),
    createChat: (input) => chats.createChat(input),
    findStartedChat: (visitorId, key) => chats.findStartedChat(visitorId, key),
    listVisitorChats: (visitorId, limit) => chats.listVisitorChats(visitorId, limit),
    appendMessage: (chatId, input) => messages.appendMessage(chatId, input),
    findMessageByClientId: (chatId, cmid) => messages.findMessageByClientId(chatId, cmid),
    listMessages: (chatId, after, limit) => messages.listMessages(chatId, after, limit),
    addNote: (note) => notes.addNote(note),
    listNotes: (chatId) => notes.listNotes(chatId),
    listQueue: (department, limit) => chats.listQueue(department, limit),
    offerChat: (offer) => routing.offerChat(offer),
    acceptOffer: (chat, agentName, now) => routing.acceptOffer(chat, agentName, now),
    endOffer: (chat, outcome, now, passed) => routing.endOffer(chat, outcome, now, passed),
    markMissed: (chat, now) => routing.markMissed(chat, now),
    raisePriority: (chatId, priority) => routing.raisePriority(chatId, priority),
    recordHandleTime: (department, chatId, ms, closedAt) => routing.recordHandleTime(department, chatId, ms, closedAt),
    recentHandleTimes: (department, count) => routing.recentHandleTimes(department, count),
    setQueueNotice: (chatId, notice, readAt) => routing.setQueueNotice(chatId, notice, readAt),
    claimQueuePush: (department, now) => routing.claimQueuePush(department, now),
    markQueuePushed: (department, now) => routing.markQueuePushed(department, now),
    putTicket: (ticket) => tickets.putTicket(ticket),
    listTickets: (limit, status) => tickets.listTickets(limit, status),
    getTicket: (ticketId) => tickets.getTicket(ticketId),
    setTicketStatus: (ticketId, change) => tickets.setTicketStatus(ticketId, change),
    putTeamFeedback: (clientFeedbackId, feedback) => teamFeedback.putTeamFeedback(clientFeedbackId, feedback),
    listTeamFeedback: (limit) => teamFeedback.listTeamFeedback(limit),
    closeChat: (input) => chats.closeChat(input),
    transferToAgent: (input) => transfers.transferToAgent(input),
    requeueChat: (input) => transfers.requeueChat(input),
    setTags: (chatId, tags, prev) => transfers.setTags(chatId, tags, prev),
    listUsedTags: (limit) => transfers.listUsedTags(limit),
    listCanned: (owner, limit) => canned.listCanned(owner, limit),
    getCannedByShortcut: (owner, shortcut) => canned.getCannedByShortcut(owner, shortcut),
    putCanned: (owner, item, previous) => canned.putCanned(owner, item, previous),
    deleteCanned: (owner, item) => canned.deleteCanned(owner, item),
    getAgent: (id) => agents.getAgent(id),
    upsertAgent: (profile) => agents.upsertAgent(profile),
    setAgentStatus: (agent, status, now, automatic, onlyIfDisconnectedAt) => agents.setAgentStatus(agent, status, now, automatic, onlyIfDisconnectedAt),
    markDisconnected: (agentId, at) => agents.markDisconnected(agentId, at),
    markReconnected: (agentId) => agents.markReconnected(agentId),
    listOnlineAgents: (department) => agents.listOnlineAgents(department),
    anyonePresent: (department, now, graceMs) => agents.anyonePresent(department, now, graceMs),
    listAgentChats: async (agentId): Promise<ChatRecord[]> => chats.getChats(await agents.listAgentChatIds(agentId)),
    // The chat item is the truth: an offer item outlives its offer only inside the transaction that ends both.
    listAgentOffers: async (agentId): Promise<ChatRecord[]> =>
      (await chats.getChats(await agents.listAgentOfferIds(agentId))).filter((c) => c.status === 'queued' && c.offeredTo === agentId),
    putConnection: (connection, ttl) => connections.putConnection(connection, ttl),
    deleteConnection: (connectionId, userId, connectedBefore) => connections.deleteConnection(connectionId, userId, connectedBefore),
    listConnections: (userId) => connections.listConnections(userId),
    listConnectionsOf: (userIds) => connections.listConnectionsOf(userIds),
    getChatWithConnections: (chatId, userIds) => connections.getChatWithConnections(chatId, userIds),
    saveVisitorProfile: (visitorId, profile, now) => connections.saveVisitorProfile(visitorId, profile, now),
    getVisitorProfile: (visitorId) => connections.getVisitorProfile(visitorId),
    linkVisitor: (contactId, aliasId, now) => connections.linkVisitor(contactId, aliasId, now),
    listVisitorAliases: (contactId, limit) => connections.listVisitorAliases(contactId, limit),
    countHit: (key, window, max, ttl) => abuse.countHit(key, window, max, ttl),
    putBlocks: (blocks) => abuse.putBlocks(blocks),
    findBlock: (subjects, nowSeconds) => abuse.findBlock(subjects, nowSeconds),
    loadMetricState: (wanted) => metrics.loadMetricState(wanted),
    applyMetrics: (eventId, update, ttl) => metrics.applyMetrics(eventId, update, ttl),
    saveFeedback: (item) => feedback.saveFeedback(item),
    readRollups: (dim, from, to, options) => metrics.readRollups(dim, from, to, options),
    agentNames: (agentIds) => metrics.agentNames(agentIds),
    claimLivePush: (now) => metrics.claimLivePush(now),
    markLivePushed: (now) => metrics.markLivePushed(now),
    markConverted: (chatId, conversionId) => metrics.markConverted(chatId, conversionId),
    recordSlaBreach: (breach, raisePriorityTo) => sla.recordSlaBreach(breach, raisePriorityTo),
    markSlaBreachSent: (breach) => sla.markSlaBreachSent(breach),
    listWatchers: () => connections.listWatchers(),
  };
}
