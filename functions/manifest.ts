/**
 * The single declaration of what runs. Pure data: the CDK stack (lib/), the local runtime
 * (lib/local/) and the infra tests all loop over it, so nothing is wired twice.
 *
 * Adding a socket route = one line here + a handler file exporting `handler`.
 * `handler` paths are relative to functions/.
 */

/** What a function may touch. The stack turns each into the narrowest IAM grant. */
export type Access =
  | 'table:read'
  | 'table:write'
  | 'bus:publish'
  | 'connections:manage'
  | 'visitor-secret:read'
  | 'identity-secret:read'
  /** Send delayed work to the timer queue (contracts/timers.ts). */
  | 'timers:schedule'
  /** Presign uploads of attachments (s3:PutObject on the attachments bucket). */
  | 'attachments:upload'
  /** Check and presign downloads of attachments (s3:GetObject on the attachments bucket). */
  | 'attachments:read'
  /** Delete a chat's files (GDPR erasure): list the chat's prefix and s3:DeleteObject under it. */
  | 'attachments:delete';

export interface FunctionSpec {
  /** A short, unique, kebab-case name: used for the Lambda's id and log group. */
  readonly name: string;
  /** Module under functions/ that exports `handler`. */
  readonly handler: string;
  readonly access: readonly Access[];
}

export interface SocketRouteSpec extends FunctionSpec {
  /** `$connect`, `$disconnect`, `$default`, or the frame's `action`. */
  readonly route: string;
  /**
   * Fire-and-forget: no route response, so nothing goes back on success (API Gateway bills a
   * two-way route's reply even when it is empty). The handler pushes an error frame itself.
   */
  readonly oneWay?: boolean;
}

export interface HttpRouteSpec extends FunctionSpec {
  readonly method: 'GET' | 'POST';
  readonly path: `/${string}`;
}

export interface SubscriptionSpec extends FunctionSpec {
  /**
   * An EventBridge event pattern (the full pattern language; source is always `parley`).
   * `$or` narrows further by content, e.g. only the message.created events a consumer needs.
   */
  readonly pattern: { readonly source: readonly ['parley']; readonly 'detail-type': readonly string[]; readonly $or?: readonly Record<string, unknown>[] };
}

export interface TableSpec {
  readonly partitionKey: string;
  readonly sortKey: string;
  /** Epoch *seconds*; DynamoDB deletes the item some time after. */
  readonly ttlAttribute: string;
  readonly indexes: readonly { readonly name: string; readonly partitionKey: string; readonly sortKey: string }[];
}

export interface Manifest {
  readonly table: TableSpec;
  readonly socket: { readonly authorizer: FunctionSpec; readonly routes: readonly SocketRouteSpec[] };
  readonly http: readonly HttpRouteSpec[];
  readonly subscriptions: readonly SubscriptionSpec[];
  /** The consumer of the timer queue (an SQS queue with per-message delays; locally, its copy). */
  readonly timers: FunctionSpec;
}

const rw = ['table:read', 'table:write'] as const;

/** Every event the metrics consumer folds, except message.created (filtered by content below). */
const METRIC_EVENTS = [
  'chat.requested',
  'chat.assigned',
  'chat.offer.rejected',
  'chat.missed',
  'chat.transferred',
  'chat.closed',
  'chat.rated',
  'survey.answered',
  'widget.loaded',
  'conversion.recorded',
  'sla.breached',
  'ticket.created',
  'ticket.resolved',
  'ticket.reopened',
  'ticket.deleted',
  'agent.status.changed',
] as const;
const deliver = [...rw, 'connections:manage'] as const;

export const manifest = {
  table: {
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'ttl',
    indexes: [{ name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
  },
  socket: {
    authorizer: {
      name: 'socket-authorize',
      handler: 'handlers/socket/authorize.ts',
      access: ['visitor-secret:read'],
    },
    routes: [
      { route: '$connect', name: 'socket-connect', handler: 'handlers/socket/connect.ts', access: [...rw, 'bus:publish'] },
      { route: '$disconnect', name: 'socket-disconnect', handler: 'handlers/socket/disconnect.ts', access: [...rw, 'bus:publish', 'timers:schedule'] },
      { route: '$default', name: 'socket-default', handler: 'handlers/socket/default.ts', access: [] },
      { route: 'startChat', name: 'socket-start-chat', handler: 'handlers/socket/start-chat.ts', access: [...deliver, 'bus:publish'] },
      { route: 'sendMessage', name: 'socket-send-message', handler: 'handlers/socket/send-message.ts', access: [...deliver, 'bus:publish', 'timers:schedule', 'attachments:read'] },
      { route: 'typing', name: 'socket-typing', handler: 'handlers/socket/typing.ts', access: deliver, oneWay: true },
      { route: 'addNote', name: 'socket-add-note', handler: 'handlers/socket/add-note.ts', access: deliver },
      { route: 'resume', name: 'socket-resume', handler: 'handlers/socket/resume.ts', access: ['table:read'] },
      { route: 'listChats', name: 'socket-list-chats', handler: 'handlers/socket/list-chats.ts', access: ['table:read', 'connections:manage'] },
      { route: 'setStatus', name: 'socket-set-status', handler: 'handlers/socket/set-status.ts', access: [...deliver, 'bus:publish'] },
      { route: 'closeChat', name: 'socket-close-chat', handler: 'handlers/socket/close-chat.ts', access: [...deliver, 'bus:publish'] },
      { route: 'ping', name: 'socket-ping', handler: 'handlers/socket/ping.ts', access: [] },
      { route: 'listCanned', name: 'socket-list-canned', handler: 'handlers/socket/list-canned.ts', access: ['table:read'] },
      { route: 'saveCanned', name: 'socket-save-canned', handler: 'handlers/socket/save-canned.ts', access: rw },
      { route: 'deleteCanned', name: 'socket-delete-canned', handler: 'handlers/socket/delete-canned.ts', access: rw },
      { route: 'fillCanned', name: 'socket-fill-canned', handler: 'handlers/socket/fill-canned.ts', access: ['table:read'] },
      { route: 'setTags', name: 'socket-set-tags', handler: 'handlers/socket/set-tags.ts', access: [...deliver, 'bus:publish'] },
      { route: 'listTags', name: 'socket-list-tags', handler: 'handlers/socket/list-tags.ts', access: ['table:read'] },
      { route: 'transferChat', name: 'socket-transfer-chat', handler: 'handlers/socket/transfer-chat.ts', access: [...deliver, 'bus:publish'] },
      { route: 'listTransferTargets', name: 'socket-list-transfer-targets', handler: 'handlers/socket/list-transfer-targets.ts', access: ['table:read'] },
      { route: 'getContact', name: 'socket-get-contact', handler: 'handlers/socket/get-contact.ts', access: ['table:read'] },
      { route: 'readHistory', name: 'socket-read-history', handler: 'handlers/socket/read-history.ts', access: ['table:read'] },
      { route: 'rateChat', name: 'socket-rate-chat', handler: 'handlers/socket/rate-chat.ts', access: [...rw, 'bus:publish'] },
      { route: 'answerSurvey', name: 'socket-answer-survey', handler: 'handlers/socket/answer-survey.ts', access: [...rw, 'bus:publish'] },
      { route: 'blockVisitor', name: 'socket-block-visitor', handler: 'handlers/socket/block-visitor.ts', access: [...deliver, 'bus:publish'] },
      { route: 'acceptOffer', name: 'socket-accept-offer', handler: 'handlers/socket/accept-offer.ts', access: [...deliver, 'bus:publish'] },
      { route: 'declineOffer', name: 'socket-decline-offer', handler: 'handlers/socket/decline-offer.ts', access: [...deliver, 'bus:publish'] },
      { route: 'listTickets', name: 'socket-list-tickets', handler: 'handlers/socket/list-tickets.ts', access: ['table:read'] },
      { route: 'setTicketStatus', name: 'socket-set-ticket-status', handler: 'handlers/socket/set-ticket-status.ts', access: [...rw, 'bus:publish'] },
      { route: 'sendTeamFeedback', name: 'socket-send-team-feedback', handler: 'handlers/socket/send-team-feedback.ts', access: [...rw, 'bus:publish'] },
      { route: 'listTeamFeedback', name: 'socket-list-team-feedback', handler: 'handlers/socket/list-team-feedback.ts', access: ['table:read'] },
      { route: 'requestUpload', name: 'socket-request-upload', handler: 'handlers/socket/request-upload.ts', access: ['table:read', 'attachments:upload'] },
      { route: 'getAttachment', name: 'socket-get-attachment', handler: 'handlers/socket/get-attachment.ts', access: ['table:read', 'attachments:read'] },
    ],
  },
  http: [
    { method: 'POST', path: '/sessions', name: 'http-create-session', handler: 'handlers/http/create-session.ts', access: [...rw, 'visitor-secret:read', 'identity-secret:read'] },
    { method: 'GET', path: '/config', name: 'http-config', handler: 'handlers/http/config.ts', access: [] },
    { method: 'GET', path: '/reports', name: 'http-reports', handler: 'handlers/http/reports.ts', access: ['table:read', 'visitor-secret:read'] },
    { method: 'POST', path: '/visits', name: 'http-visits', handler: 'handlers/http/visits.ts', access: ['bus:publish', 'visitor-secret:read'] },
    { method: 'POST', path: '/conversions', name: 'http-conversions', handler: 'handlers/http/conversions.ts', access: [...rw, 'bus:publish', 'visitor-secret:read'] },
    { method: 'GET', path: '/availability', name: 'http-availability', handler: 'handlers/http/availability.ts', access: ['table:read', 'visitor-secret:read'] },
    { method: 'POST', path: '/tickets', name: 'http-create-ticket', handler: 'handlers/http/create-ticket.ts', access: [...rw, 'bus:publish', 'visitor-secret:read'] },
    // The admin privacy API (GDPR): find, export and erase one contact.
    { method: 'GET', path: '/contacts', name: 'http-contacts', handler: 'handlers/http/contacts.ts', access: ['table:read', 'visitor-secret:read', 'identity-secret:read'] },
    { method: 'GET', path: '/contacts/export', name: 'http-export-contact', handler: 'handlers/http/export-contact.ts', access: ['table:read', 'visitor-secret:read'] },
    { method: 'POST', path: '/contacts/erase', name: 'http-erase-contact', handler: 'handlers/http/erase-contact.ts', access: [...rw, 'visitor-secret:read', 'attachments:delete', 'bus:publish'] },
  ],
  subscriptions: [
    {
      name: 'routing',
      handler: 'handlers/events/routing.ts',
      pattern: { source: ['parley'], 'detail-type': ['chat.requested', 'agent.status.changed', 'chat.closed', 'chat.offer.rejected', 'chat.transferred'] },
      access: [...deliver, 'bus:publish', 'timers:schedule'],
    },
    {
      name: 'metrics',
      handler: 'handlers/events/metrics.ts',
      // Ordinary messages never invoke it (cost): of message.created, only an agent's first reply (FRT).
      pattern: {
        source: ['parley'],
        'detail-type': [...METRIC_EVENTS, 'message.created'],
        $or: [{ 'detail-type': METRIC_EVENTS }, { detail: { firstResponseMs: [{ exists: true }] } }],
      },
      // Pushes the live numbers to supervisors' consoles, or sets a push for a second later.
      access: [...deliver, 'timers:schedule'],
    },
  ],
  timers: { name: 'timers', handler: 'handlers/timers/fire.ts', access: [...deliver, 'bus:publish', 'timers:schedule'] },
} as const satisfies Manifest;

/** Every function the manifest declares, in one list (authorizer, socket, http, subscriptions). */
export function allFunctions(m: Manifest = manifest): FunctionSpec[] {
  return [m.socket.authorizer, ...m.socket.routes, ...m.http, ...m.subscriptions, m.timers];
}
