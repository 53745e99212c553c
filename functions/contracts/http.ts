/**
 * HTTP API bodies (POST /sessions, GET /config). Documented in docs/protocol.md.
 */
import * as z from 'zod';

/**
 * A logged-in user as the embedding site vouches for them: `signature` is the hex HMAC-SHA256
 * of `userId` under the deployment's identity key. Unsigned or badly signed = anonymous.
 */
export const siteIdentity = z.object({
  userId: z.string().min(1).max(256),
  name: z.string().max(128).optional(),
  email: z.email().max(254).optional(),
  signature: z.string().max(256).optional(),
});
export type SiteIdentity = z.infer<typeof siteIdentity>;

export const createSessionBody = z.object({
  /** A returning visitor sends the id it was given before, with the token that proves it. */
  visitorId: z.string().min(1).max(64).optional(),
  previousToken: z.string().min(1).max(4096).optional(),
  name: z.string().max(128).optional(),
  email: z.email().max(254).optional(),
  /** Identity verification (docs/security.md): a verified user gets the same visitor id everywhere. */
  identity: siteIdentity.optional(),
});
export type CreateSessionBody = z.infer<typeof createSessionBody>;

export interface CreateSessionResponse {
  visitorId: string;
  /** Signed visitor token: pass it as `?token=` when opening the socket. */
  token: string;
  /** epoch ms */
  expiresAt: number;
  /** True when the session belongs to a verified site user (their one contact). */
  verified?: boolean;
}

/** What the console and widget need to find the platform (GET /config). */
export interface RuntimeConfig {
  websocketUrl: string;
  httpUrl: string;
  identity: {
    /** Cognito-compatible InitiateAuth endpoint (cognito-idp in the cloud, the local IdP on a laptop). */
    endpoint: string;
    clientId: string;
  };
  branding: { name: string; color: string };
  departments: { id: string; name: string }[];
  firstResponseTargetSeconds: number;
  /** The widget's pre-chat form, post-chat rating and surveys (parley.config.json `widget`, `surveys`). */
  widget: {
    preChat: Record<'name' | 'email' | 'department' | 'question', 'off' | 'optional' | 'required'>;
    rating: boolean;
    surveys: { csat: boolean; nps: boolean; ces: boolean };
    /** Attachment limits the clients check before asking for an upload (the server checks again and decides). */
    attachments?: { maxBytes: number; allowedTypes: string[] };
  };
}

export interface HttpErrorBody {
  error: { code: string; message: string; field?: string; retryAfterMs?: number };
}

/** `POST /tickets`: the offline form (outside hours, nobody online, or a missed chat). */
export const ticketBody = z.strictObject({
  name: z.string().trim().max(128).optional(),
  email: z.email().max(254),
  department: z.string().min(1).max(64).optional(),
  message: z.string().trim().min(1).max(4000),
  /** The missed or offline chat the visitor leaves the message from. */
  chatId: z.string().min(1).max(64).optional(),
});
export type TicketBody = z.infer<typeof ticketBody>;

/** `GET /availability`: whether a department can take a chat now. */
export interface AvailabilityResponse {
  departments: { id: string; name: string; online: boolean; withinHours: boolean }[];
}

export interface Ticket extends TicketBody {
  ticketId: string;
  visitorId: string;
  department: string;
  createdAt: number;
  /** Absent on a ticket nobody has touched: open. */
  status?: 'open' | 'resolved';
  /** Changes of status so far (0 or absent: none); names each change's event. */
  statusVersion?: number;
  /** The last change: when, and by whom (a staff user id). */
  statusChangedAt?: number;
  statusChangedBy?: string;
}
