/**
 * Socket protocol: every frame a client may send, and every frame the server sends back.
 * Documented with examples in docs/protocol.md. The widget and console import only the
 * *types* from here (never the schemas), so no schema library ships to visitors.
 */
import * as z from 'zod';
import { MAX_TICKETS_LISTED } from './limits';
import type { Ticket } from './http';

/** API Gateway refuses WebSocket frames over 32 KB; we refuse them first, with a clear error. */
export const MAX_FRAME_BYTES = 32 * 1024;
export const MAX_MESSAGE_CHARS = 4000;
/** A visitor's live draft shown to the agent (typing preview); longer drafts are cut by the widget. */
export const MAX_PREVIEW_CHARS = 1000;

const id = z.string().min(1).max(128);
const requestId = z.string().min(1).max(64);
const chatId = z.string().min(1).max(64);

export const OUTCOMES = ['resolved', 'escalated', 'unresolved', 'converted'] as const;
export const outcomeSchema = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof outcomeSchema>;

export const AGENT_STATUSES = ['online', 'away', 'offline'] as const;
export const agentStatusSchema = z.enum(AGENT_STATUSES);
export type AgentStatus = z.infer<typeof agentStatusSchema>;

export const CHAT_STATUSES = ['queued', 'assigned', 'closed', 'missed', 'offline'] as const;
export type ChatStatus = (typeof CHAT_STATUSES)[number];

export const pageContextSchema = z.object({
  url: z.string().max(2048).optional(),
  title: z.string().max(512).optional(),
  referrer: z.string().max(2048).optional(),
  locale: z.string().max(35).optional(),
  userAgent: z.string().max(512).optional(),
});

/** A site's own facts about the visitor (plan, order id, …), shown to agents in the context panel. */
export const MAX_CUSTOM_FIELDS = 20;
export const customFieldsSchema = z
  .record(z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'a field name is 1–40 letters, digits, "_", "." or "-"'), z.string().max(500))
  .refine((fields) => Object.keys(fields).length <= MAX_CUSTOM_FIELDS, `at most ${MAX_CUSTOM_FIELDS} custom fields`);

/** Tags on a chat: a sane limit, so a tag cloud stays a list a person can read. */
export const MAX_TAGS = 20;
export const MAX_TAG_CHARS = 40;
export const tagsSchema = z
  .array(z.string().trim().min(1, 'a tag cannot be empty').max(MAX_TAG_CHARS, `a tag is at most ${MAX_TAG_CHARS} characters`))
  .max(MAX_TAGS, `at most ${MAX_TAGS} tags per chat`);

export const startChatFrame = z.object({
  action: z.literal('startChat'),
  requestId,
  /** The first question; becomes message seq 1. Optional: a visitor may open a chat empty. */
  text: z.string().min(1).max(MAX_MESSAGE_CHARS).optional(),
  /** Client id of that first message, so a retried startChat never creates a second chat. */
  clientMessageId: id.optional(),
  department: z.string().min(1).max(64).optional(),
  name: z.string().max(128).optional(),
  email: z.email().max(254).optional(),
  page: pageContextSchema.optional(),
  fields: customFieldsSchema.optional(),
});

// --- Attachments (docs/protocol.md "Attachments") -------------------------------------

/** Files on one message. */
export const MAX_ATTACHMENTS = 5;
export const MAX_FILE_NAME_CHARS = 200;

/** A file's name as the sender's device gave it: shown as text only, never used in a storage key. */
export const fileNameSchema = z
  .string()
  .trim()
  .min(1, 'the file needs a name')
  .max(MAX_FILE_NAME_CHARS, `a file name is at most ${MAX_FILE_NAME_CHARS} characters`)
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'a file name cannot hold control characters');

/** A file as the client declares it: checked against the config's limits by the server. */
const fileShape = {
  fileName: fileNameSchema,
  contentType: z.string().min(1).max(100),
  size: z.number().int().min(1, 'the file is empty'),
};

/** An uploaded file a message carries (from `requestUpload`'s ack). */
export const attachmentSchema = z.object({ id, name: fileNameSchema, contentType: fileShape.contentType, size: fileShape.size });
export type Attachment = z.infer<typeof attachmentSchema>;

/** Asks for a presigned upload URL for one file in this chat (limits checked first). */
export const requestUploadFrame = z.object({ action: z.literal('requestUpload'), requestId, chatId, ...fileShape });

/**
 * A short-lived download URL for a file on message `seq` of this chat. Staff reading a customer's
 * earlier conversation (`readHistory`) name the chat in front of them as `viaChatId`, with the
 * same rule: allowed when they may read that chat and it has the same contact.
 */
export const getAttachmentFrame = z.object({ action: z.literal('getAttachment'), requestId, chatId, seq: z.number().int().min(1), attachmentId: id, viaChatId: chatId.optional() });

export const sendMessageFrame = z
  .object({
    action: z.literal('sendMessage'),
    requestId,
    chatId,
    clientMessageId: id,
    /** May be empty when the message carries attachments. */
    text: z.string().max(MAX_MESSAGE_CHARS),
    /** The canned response this reply was made from (from `fillCanned`), for the canned-usage metric. Agents only. */
    cannedId: id.optional(),
    /** Files uploaded through `requestUpload`; each is checked in the object store before the message is written. */
    attachments: z.array(attachmentSchema).min(1).max(MAX_ATTACHMENTS, `at most ${MAX_ATTACHMENTS} files per message`).optional(),
  })
  .refine((f) => f.text.length > 0 || f.attachments !== undefined, { message: 'a message needs text or an attachment', path: ['text'] });

export const typingFrame = z.object({
  action: z.literal('typing'),
  requestId,
  chatId,
  isTyping: z.boolean(),
  /** The visitor's current draft, shown live to the chat's agent. An agent's preview is dropped. */
  preview: z.string().max(MAX_PREVIEW_CHARS).optional(),
});

/** An internal note: staff only, never delivered or returned to the visitor (docs/decisions.md). */
export const addNoteFrame = z.object({
  action: z.literal('addNote'),
  requestId,
  chatId,
  /** Client id of the note, so a retried addNote never writes it twice. */
  clientNoteId: id,
  text: z.string().min(1).max(MAX_MESSAGE_CHARS),
});

export const resumeFrame = z.object({
  action: z.literal('resume'),
  requestId,
  chatId,
  /** The last seq the client saw; 0 for the whole history. */
  afterSeq: z.number().int().min(0),
});

export const listChatsFrame = z.object({
  action: z.literal('listChats'),
  requestId,
});

export const setStatusFrame = z.object({
  action: z.literal('setStatus'),
  requestId,
  status: agentStatusSchema,
});

export const closeChatFrame = z.object({
  action: z.literal('closeChat'),
  requestId,
  chatId,
  /** Required when an agent closes; a visitor who leaves sends none. */
  outcome: outcomeSchema.optional(),
  /** The chat's tags at close; without it the tags set earlier (setTags) are kept. */
  tags: tagsSchema.optional(),
});

/**
 * Staff block the chat's visitor: by visitor id, verified user id and network address, across
 * new sessions (docs/security.md). The open chat is closed as unresolved, tagged `blocked`.
 */
export const blockVisitorFrame = z.object({
  action: z.literal('blockVisitor'),
  requestId,
  chatId,
  reason: z.string().max(500).optional(),
  /** Also block the network address of the visitor's latest session for a day. @default true */
  address: z.boolean().optional(),
});

/** A heartbeat: keeps a quiet socket inside API Gateway's 10-minute idle timeout. No table access. */
export const pingFrame = z.object({
  action: z.literal('ping'),
  requestId,
});

// --- Canned responses --------------------------------------------------------------------

export const CANNED_SCOPES = ['shared', 'personal'] as const;
export const cannedScopeSchema = z.enum(CANNED_SCOPES);
export type CannedScope = z.infer<typeof cannedScopeSchema>;
/** Typed after `#` in the composer: letters, digits, "-" and "_", so it ends at a space. */
export const shortcutSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'a shortcut is 1–32 lowercase letters, digits, "-" or "_"');

export const listCannedFrame = z.object({ action: z.literal('listCanned'), requestId });

/** Creates (no cannedId) or edits a canned response. Shared ones are for supervisors and admins. */
export const saveCannedFrame = z.object({
  action: z.literal('saveCanned'),
  requestId,
  cannedId: id.optional(),
  scope: cannedScopeSchema,
  shortcut: shortcutSchema,
  /** What the management view lists; defaults to `#shortcut`. */
  title: z.string().trim().min(1).max(80).optional(),
  text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
});

export const deleteCannedFrame = z.object({ action: z.literal('deleteCanned'), requestId, cannedId: id, scope: cannedScopeSchema });

/** The canned response behind `#shortcut`, its placeholders filled from this chat. */
export const fillCannedFrame = z.object({ action: z.literal('fillCanned'), requestId, chatId, shortcut: shortcutSchema });

// --- Tags, transfer, customer context --------------------------------------------------

/** Replaces the chat's tags (the whole set). */
export const setTagsFrame = z.object({ action: z.literal('setTags'), requestId, chatId, tags: tagsSchema });

export const listTagsFrame = z.object({ action: z.literal('listTags'), requestId });

/** To a named agent or to a department (re-queued for routing); the visitor sees the reason. */
export const transferChatFrame = z
  .object({
    action: z.literal('transferChat'),
    requestId,
    chatId,
    toAgentId: id.optional(),
    toDepartment: z.string().min(1).max(64).optional(),
    reason: z.string().trim().min(1, 'say why: the visitor sees the reason').max(300),
    /** To a department only: the chat goes ahead of everything waiting there (URGENT_PRIORITY). */
    urgent: z.boolean().optional(),
  })
  .refine((f) => (f.toAgentId === undefined) !== (f.toDepartment === undefined), { message: 'give exactly one of toAgentId or toDepartment', path: ['toAgentId'] })
  .refine((f) => f.urgent !== true || f.toDepartment !== undefined, { message: 'only a chat transferred to a department waits in a queue', path: ['urgent'] });

export const listTransferTargetsFrame = z.object({ action: z.literal('listTransferTargets'), requestId });

/** Who the visitor of this chat is, and their previous conversations. */
export const getContactFrame = z.object({ action: z.literal('getContact'), requestId, chatId });

/** A previous conversation of the same contact, read-only, reached through a chat the caller may read. */
export const readHistoryFrame = z.object({ action: z.literal('readHistory'), requestId, chatId, viaChatId: chatId });

// --- Post-chat feedback ------------------------------------------------------------------

export const SURVEYS = ['csat', 'nps', 'ces'] as const;
export const surveySchema = z.enum(SURVEYS);
export type Survey = z.infer<typeof surveySchema>;
export const MAX_FEEDBACK_COMMENT_CHARS = 1000;

/** The visitor rates their chat after it ended: 1–5 with an optional comment; once per chat. */
export const rateChatFrame = z.object({
  action: z.literal('rateChat'),
  requestId,
  chatId,
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(MAX_FEEDBACK_COMMENT_CHARS).optional(),
});

/** The visitor answers a post-chat survey (switched on in the config): CSAT 1–5, NPS 0–10, CES 1–5; once per chat and survey. */
export const answerSurveyFrame = z.object({
  action: z.literal('answerSurvey'),
  requestId,
  chatId,
  survey: surveySchema,
  score: z.number().int().min(0).max(10),
  comment: z.string().trim().max(MAX_FEEDBACK_COMMENT_CHARS).optional(),
});

/** The agent takes a chat offered to them (within the offer timeout). */
export const acceptOfferFrame = z.object({
  action: z.literal('acceptOffer'),
  requestId,
  chatId,
});

/** The agent passes on an offered chat: it goes to the next eligible agent at once. */
export const declineOfferFrame = z.object({
  action: z.literal('declineOffer'),
  requestId,
  chatId,
});

/** Offline-form tickets, newest first: the console's Tickets view. Staff only; an agent or supervisor sees their departments' tickets, an admin all. */
export { MAX_TICKETS_LISTED };
/** A ticket's state: `open` until someone in its department marks it answered (`resolved`); reopening puts it back in the backlog. */
export const ticketStatusSchema = z.enum(['open', 'resolved']);
export type TicketStatus = z.infer<typeof ticketStatusSchema>;
/** `status`: only the open ones (the backlog, oldest tickets too) or only the resolved ones; absent: the newest of either. */
export const listTicketsFrame = z.object({ action: z.literal('listTickets'), requestId, limit: z.number().int().min(1).max(MAX_TICKETS_LISTED).optional(), status: ticketStatusSchema.optional() });
/** Marks a ticket resolved (answered) or open again. Staff serving the ticket's department; an admin any. */
export const setTicketStatusFrame = z.object({ action: z.literal('setTicketStatus'), requestId, ticketId: z.string().min(1).max(64), status: ticketStatusSchema });

/** What a staff member tells the admins: an idea, a problem with the tools or the process, or praise. */
export const teamFeedbackKindSchema = z.enum(['suggestion', 'problem', 'praise']);
export const MAX_TEAM_FEEDBACK_TEXT = 2000;
/** Feedback from staff to the admins. `clientFeedbackId`: a retry returns the original. */
export const sendTeamFeedbackFrame = z.object({
  action: z.literal('sendTeamFeedback'),
  requestId,
  clientFeedbackId: id,
  kind: teamFeedbackKindSchema,
  text: z.string().trim().min(1).max(MAX_TEAM_FEEDBACK_TEXT),
});
export const MAX_TEAM_FEEDBACK_LISTED = 200;
/** The team's feedback, newest first: admins only. */
export const listTeamFeedbackFrame = z.object({ action: z.literal('listTeamFeedback'), requestId, limit: z.number().int().min(1).max(MAX_TEAM_FEEDBACK_LISTED).optional() });

export const clientFrameSchema = z.discriminatedUnion('action', [
  startChatFrame,
  sendMessageFrame,
  typingFrame,
  addNoteFrame,
  resumeFrame,
  listChatsFrame,
  setStatusFrame,
  closeChatFrame,
  pingFrame,
  listCannedFrame,
  saveCannedFrame,
  deleteCannedFrame,
  fillCannedFrame,
  setTagsFrame,
  listTagsFrame,
  transferChatFrame,
  listTransferTargetsFrame,
  getContactFrame,
  readHistoryFrame,
  rateChatFrame,
  answerSurveyFrame,
  blockVisitorFrame,
  acceptOfferFrame,
  declineOfferFrame,
  listTicketsFrame,
  setTicketStatusFrame,
  sendTeamFeedbackFrame,
  listTeamFeedbackFrame,
  requestUploadFrame,
  getAttachmentFrame,
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;
export type ClientAction = ClientFrame['action'];
export type FrameOf<A extends ClientAction> = Extract<ClientFrame, { action: A }>;

// ---------------------------------------------------------------------------------------
// Server → client. Plain types (the server builds them; clients only read them).

export type Role = 'visitor' | 'agent' | 'supervisor' | 'admin';

/** One piece of feedback a staff member sent the admins. */
export interface TeamFeedback {
  feedbackId: string;
  kind: z.infer<typeof teamFeedbackKindSchema>;
  text: string;
  authorId: string;
  authorName: string;
  authorRole: Exclude<Role, 'visitor'>;
  /** epoch ms */
  createdAt: number;
}
export type SenderRole = 'visitor' | 'agent' | 'system';

export interface ChatMessage {
  chatId: string;
  seq: number;
  clientMessageId: string;
  senderRole: SenderRole;
  senderId: string;
  senderName?: string;
  text: string;
  /** epoch ms */
  createdAt: number;
  /** Set when an agent's reply was made from a canned response. */
  cannedId?: string;
  /** Files on the message (checked in the object store when it was sent); fetch each with `getAttachment`. */
  attachments?: Attachment[];
}

/** Staff-only. Outside the message `seq` sequence, so visitors never see a gap where a note is. */
export interface ChatNote {
  chatId: string;
  clientNoteId: string;
  authorId: string;
  authorName?: string;
  text: string;
  /** The chat's lastSeq when the note was written: the note belongs after that message. */
  afterSeq: number;
  /** epoch ms */
  createdAt: number;
}

export interface ChatSummary {
  chatId: string;
  status: ChatStatus;
  visitorId: string;
  visitorName?: string;
  visitorEmail?: string;
  agentId?: string;
  agentName?: string;
  department?: string;
  page?: z.infer<typeof pageContextSchema>;
  lastSeq: number;
  createdAt: number;
  assignedAt?: number;
  closedAt?: number;
  outcome?: Outcome;
  tags?: string[];
  /** Higher is more urgent (absent = 0); an SLA escalation may raise it. */
  priority?: number;
  /** The chat's latest SLA breach (the console's red badge). Staff only: stripped for visitors. */
  slaBreach?: SlaBreachSummary;
  /** The site's custom fields about the visitor, from startChat. */
  fields?: Record<string, string>;
  /** How many times the chat was transferred. */
  transfers?: number;
  /** Why a chat was `offline` from the start: its department was closed, or nobody was online in it. */
  offlineReason?: OfflineReason;
  /** The ticket an `offline` chat became at once (the visitor gave an email): the widget says it was sent instead of asking again. */
  ticketId?: string;
}

export type OfflineReason = 'outside-hours' | 'no-agents';

export interface CannedResponse {
  cannedId: string;
  scope: CannedScope;
  /** The agent a personal response belongs to. */
  ownerId?: string;
  shortcut: string;
  title: string;
  /** May hold placeholders: {{visitor.name}}, {{visitor.email}}, {{agent.name}}, {{chat.department}}. */
  text: string;
  updatedAt: number;
}

/** An agent a chat can be transferred to. */
export interface TransferTarget {
  agentId: string;
  name: string;
  departments: string[];
  activeChats: number;
  maxChats: number;
}

/** The visitor behind a chat, as the context panel shows them. */
export interface Contact {
  visitorId: string;
  /** The site signed this visitor's identity (identity verification): the same contact on every device. */
  verified?: boolean;
  name?: string;
  email?: string;
  fields?: Record<string, string>;
  page?: z.infer<typeof pageContextSchema>;
}

/** An SLA breach as staff see it (times in epoch ms). */
export interface SlaBreachSummary {
  chatId: string;
  department: string;
  target: 'firstResponse' | 'queueTime' | 'agentReply';
  targetSeconds: number;
  startedAt: number;
  deadline: number;
  detectedAt: number;
  agentId?: string;
}

/** A visitor's post-chat rating (`kind: 'rating'`) or survey answer, as stored and acknowledged. */
export interface ChatFeedback {
  chatId: string;
  kind: 'rating' | Survey;
  score: number;
  comment?: string;
  /** epoch ms */
  createdAt: number;
}

/** A chat offered to an agent, waiting for Accept until `expiresAt` (epoch ms). */
export interface ChatOffer {
  chat: ChatSummary;
  expiresAt: number;
  /** 1 for the first agent offered the chat, 2 for the next, … */
  attempt: number;
}

export type OfferEndReason = 'accepted' | 'declined' | 'expired' | 'withdrawn';

export type ErrorCode =
  | 'bad_request' // not JSON, wrong field type, missing field, unknown action
  | 'frame_too_large'
  | 'unauthorized'
  | 'forbidden' // authenticated, but not allowed (not your chat, wrong role)
  | 'not_found'
  | 'conflict' // the state does not allow it (closing a closed chat, sending to a closed chat)
  | 'rate_limited' // too many requests: wait `retryAfterMs` before trying again
  | 'blocked' // an agent blocked this visitor
  | 'internal';

/** The dashboard's live numbers (docs/metrics.md, "Live numbers"). */
export interface LiveStats {
  /** When they were read (epoch ms, server clock): keep the newest; the client's clock offset. */
  at: number;
  /** Chats waiting in the queues now, and the request time (epoch ms) of the one waiting longest. */
  queued: number;
  oldestQueuedAt: number | null;
  /** Chats with an agent now. */
  active: number;
  /** Agents online, away, and online with at least one chat. */
  agents: { online: number; away: number; busy: number };
  /** The current UTC day so far. */
  today: { day: string; chats: number; missed: number; frtAvgSeconds: number | null; slaBreaches: number };
  /** Offline-form tickets nobody has resolved yet: the backlog. */
  ticketsOpen: number;
}

export type ServerFrame =
  | { type: 'ack'; requestId: string; action: ClientAction; [key: string]: unknown }
  | { type: 'error'; requestId: string | null; code: ErrorCode; message: string; field?: string; retryAfterMs?: number }
  | { type: 'message'; chatId: string; message: ChatMessage }
  | { type: 'typing'; chatId: string; role: SenderRole; isTyping: boolean; preview?: string }
  | { type: 'note'; chatId: string; note: ChatNote }
  | { type: 'chat'; chat: ChatSummary }
  /**
   * A queued visitor's place in line (1 = next), pushed whenever it changes; null wait = no estimate
   * yet. `at`: when the queue was read (epoch ms): two pushes can cross on the wire, keep the newest.
   */
  | { type: 'queue'; chatId: string; position: number; estimatedWaitSeconds: number | null; at?: number }
  | { type: 'status'; agentId: string; status: AgentStatus; activeChats: number; maxChats: number }
  /** To supervisors and admins: a chat just missed an SLA target (the live alert). */
  | { type: 'slaBreach'; breach: SlaBreachSummary; chat: ChatSummary }
  /** To supervisors and admins: the live numbers, pushed as they change (at most one a second). */
  | { type: 'liveStats'; stats: LiveStats }
  /** To the offered agent's consoles: a chat to accept or decline before it lapses. */
  | { type: 'offer'; offer: ChatOffer }
  /** To the offered agent's consoles: the offer is over (`expired` = missed by this agent; `withdrawn` = the visitor left). */
  | { type: 'offerEnded'; chatId: string; reason: OfferEndReason };

/** Ack payloads per action, so clients can type what they get back. */
export interface AckPayloads {
  startChat: { chat: ChatSummary; messages: ChatMessage[] };
  sendMessage: { message: ChatMessage };
  typing: Record<string, never>;
  addNote: { note: ChatNote };
  /** `notes` (all of the chat's internal notes) only when the caller is staff. */
  resume: { chat: ChatSummary; messages: ChatMessage[]; hasMore: boolean; notes?: ChatNote[] };
  /** `offers`: staff only, the chats offered to the caller and still open (also pushed again as `offer` frames). */
  listChats: { chats: ChatSummary[]; offers?: ChatOffer[] };
  setStatus: { status: AgentStatus };
  closeChat: { chat: ChatSummary };
  /** The server's clock (epoch ms) when it answered. */
  ping: { at: number };
  /** The shared ones and the caller's personal ones. */
  listCanned: { canned: CannedResponse[] };
  saveCanned: { canned: CannedResponse };
  deleteCanned: { cannedId: string };
  /** `text` is ready to insert; `missing` names placeholders this chat has no value for (left empty). */
  fillCanned: { cannedId: string; shortcut: string; text: string; missing: string[] };
  setTags: { chat: ChatSummary };
  /** The configured tags first, then tags used before. */
  listTags: { tags: string[] };
  transferChat: { chat: ChatSummary };
  /** Online agents with room, and the departments (id, name). */
  listTransferTargets: { agents: TransferTarget[]; departments: { id: string; name: string }[] };
  /** `chats`: the contact's other conversations, newest first. */
  getContact: { contact: Contact; chats: ChatSummary[] };
  readHistory: { chat: ChatSummary; messages: ChatMessage[]; notes: ChatNote[] };
  /** The stored rating: the original when the same rating is sent again. */
  rateChat: { feedback: ChatFeedback };
  answerSurvey: { feedback: ChatFeedback };
  /** What the block covers: always `visitor`, plus `user` and `address` when known. */
  blockVisitor: { visitorId: string; blocked: ('visitor' | 'user' | 'address')[] };
  acceptOffer: { chat: ChatSummary };
  declineOffer: Record<string, never>;
  listTickets: { tickets: Ticket[] };
  /** The ticket as stored after the change (the same when it already had that status). */
  setTicketStatus: { ticket: Ticket };
  /** The feedback as stored (the original on a retry). */
  sendTeamFeedback: { feedback: TeamFeedback };
  listTeamFeedback: { feedback: TeamFeedback[] };
  /** PUT the file's bytes to `upload.url` with exactly `upload.headers`, before `expiresAt` (epoch ms); then send a message naming `attachment`. */
  requestUpload: { attachment: Attachment; upload: { url: string; method: 'PUT'; headers: Record<string, string>; expiresAt: number } };
  /** A GET URL valid until `expiresAt` (epoch ms). */
  getAttachment: { url: string; expiresAt: number };
}
export type AckFrame<A extends ClientAction> = { type: 'ack'; requestId: string; action: A } & AckPayloads[A];
