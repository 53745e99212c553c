/**
 * The one deployment config file (parley.config.json at the project root). The CDK stack and
 * the local runtime both read it, validate it here, and hand it to functions as PARLEY_CONFIG.
 */
import * as z from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "HH:MM" on a 24-hour clock; "24:00" closes a day at midnight. */
const clockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be "HH:MM" (24-hour), e.g. "09:00"');

const openingSpan = z
  .tuple([clockTime, clockTime])
  .refine(([from, to]) => from < to, 'the opening time must be before the closing time');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A department's business hours (absent = always open): opening spans per weekday in the
 * department's IANA time zone, and whole-day holidays. Shared with the SLA timers.
 */
export const businessHoursSchema = z.strictObject({
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. "Europe/Helsinki"'),
  weekly: z.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(openingSpan).optional()])) as Record<Weekday, z.ZodOptional<z.ZodArray<typeof openingSpan>>>),
  holidays: z.array(z.iso.date()).optional(),
});
export type BusinessHours = z.infer<typeof businessHoursSchema>;

export const ROUTING_POLICIES = ['least-busy', 'round-robin'] as const;
export type RoutingPolicy = (typeof ROUTING_POLICIES)[number];

export const departmentSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/),
  name: z.string().min(1),
  /** least-busy: the agent with the lowest load share; round-robin: the agent offered a chat longest ago. */
  policy: z.enum(ROUTING_POLICIES).default('least-busy'),
  hours: businessHoursSchema.optional(),
});
export type Department = z.infer<typeof departmentSchema>;

/** Offer/accept and queue limits (docs/decisions.md, "Offers"). */
export const routingSettingsSchema = z.object({
  /** An offered chat not accepted within this goes to the next eligible agent (an SQS delay: at most 900 s). */
  offerTimeoutSeconds: z.number().int().min(1).max(900).default(30),
  /** A chat nobody has taken after this becomes missed and the visitor is offered the offline form. */
  queueLimitSeconds: z.number().int().min(1).max(900).default(300),
  /** Handle times (seconds) the queue's wait estimate averages over. */
  recentHandleTimes: z.number().int().min(1).max(200).default(20),
  /**
   * An agent whose last console socket closed stays present this long (a Wi-Fi blip, a phone
   * asleep, a reconnect storm): not offered new chats (an offer needs a socket), but counted as
   * someone online, so a new chat queues for them instead of going to the offline form. Once it
   * lapses with no socket back they are set away. 0 = away at once. (docs/decisions.md, "Reconnect grace".)
   */
  reconnectGraceSeconds: z.number().int().min(0).max(900).default(60),
});
export type RoutingSettings = z.infer<typeof routingSettingsSchema>;

/** The SLA targets, in seconds; an absent target is not measured. */
const slaTargetsShape = {
  /** Request → the first agent message. */
  firstResponseSeconds: z.number().int().min(1).max(7 * 86_400),
  /** Request → assigned to an agent. */
  queueSeconds: z.number().int().min(1).max(7 * 86_400),
  /** A visitor message waiting for an agent's reply during an assigned chat. */
  agentReplySeconds: z.number().int().min(1).max(7 * 86_400),
  /** Count only the department's business hours towards a target. */
  businessHoursOnly: z.boolean(),
};

export const SLA_TARGETS = ['firstResponse', 'queueTime', 'agentReply'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

/** What a breach sets off: the matching rules (no `target` = every target) all apply. */
const escalationRuleSchema = z.object({
  target: z.enum(SLA_TARGETS).optional(),
  /** The chat's priority becomes at least this (routing takes higher priority first). */
  raisePriorityTo: z.number().int().min(1).max(100).optional(),
  /** Push the breach to every connected supervisor and admin. */
  notifySupervisors: z.boolean().default(true),
});

const slaSchema = z
  .object({
    firstResponseSeconds: slaTargetsShape.firstResponseSeconds.default(60),
    queueSeconds: slaTargetsShape.queueSeconds.optional(),
    agentReplySeconds: slaTargetsShape.agentReplySeconds.optional(),
    businessHoursOnly: slaTargetsShape.businessHoursOnly.default(false),
    /** Per department id: overrides of the targets above. */
    departments: z.record(z.string(), z.object(slaTargetsShape).partial().strict()).default({}),
    escalation: z.array(escalationRuleSchema).default([{ notifySupervisors: true }]),
  })
  .strict();

/** A pre-chat form field: hidden, offered, or required before the chat starts. */
export const preChatFieldSchema = z.enum(['off', 'optional', 'required']);
export type PreChatField = z.infer<typeof preChatFieldSchema>;

const PRE_CHAT_DEFAULTS = { name: 'optional', email: 'optional', department: 'optional', question: 'required' } as const;
const SURVEY_DEFAULTS = { csat: false, nps: false, ces: false };
const bucket = (perSecond: number, burst: number) =>
  z.object({ perSecond: z.number().positive().max(1000), burst: z.number().int().min(1).max(10_000) }).default({ perSecond, burst });
const window = (max: number, windowSeconds: number) =>
  z.object({ max: z.number().int().min(1).max(1_000_000), windowSeconds: z.number().int().min(1).max(86_400) }).default({ max, windowSeconds });

export const rateLimitsSchema = z.object({
  /** Messages per connection (token bucket, in memory per function instance). Staff get 4×. */
  messages: bucket(5, 10),
  /** Typing events per connection (token bucket, in memory per function instance). Staff get 4×. */
  typing: bucket(5, 20),
  /** A visitor's messages per chat (fixed window, stored on the chat by the message's own write). */
  visitorChatMessages: window(40, 10),
  /** POST /sessions per source address (fixed window, one counter item per address and window). */
  sessionsPerAddress: window(600, 60),
});
export type RateLimits = z.infer<typeof rateLimitsSchema>;

/** File types visitors and agents may attach (images previewed inline; PDFs as a download link). */
export const ATTACHMENT_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

const ATTACHMENT_DEFAULTS = { maxBytes: 10 * 1024 * 1024, allowedTypes: [...ATTACHMENT_TYPES], uploadUrlSeconds: 300, downloadUrlSeconds: 300 };

/** Attachments (docs/security.md): the server checks every limit; the object store enforces the signed size and type. */
export const attachmentSettingsSchema = z
  .object({
    /** Largest file, in bytes. @default 10 MB */
    maxBytes: z.number().int().min(1).max(100 * 1024 * 1024).default(ATTACHMENT_DEFAULTS.maxBytes),
    /** A subset of the types the clients can show (no SVG or HTML: either could run script). */
    allowedTypes: z.array(z.enum(ATTACHMENT_TYPES)).min(1).default(ATTACHMENT_DEFAULTS.allowedTypes),
    /** How long a presigned upload URL works. */
    uploadUrlSeconds: z.number().int().min(10).max(3600).default(ATTACHMENT_DEFAULTS.uploadUrlSeconds),
    /** How long a presigned download URL works (short: it is a bearer link). */
    downloadUrlSeconds: z.number().int().min(10).max(3600).default(ATTACHMENT_DEFAULTS.downloadUrlSeconds),
  })
  .strict();
export type AttachmentSettings = z.infer<typeof attachmentSettingsSchema>;

export const deploymentConfigSchema = z.object({
  branding: z
    .object({ name: z.string().min(1).default('Parley'), color: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#4f46e5') })
    .default({ name: 'Parley', color: '#4f46e5' }),
  departments: z
    .array(departmentSchema)
    .min(1)
    .refine((list) => new Set(list.map((d) => d.id)).size === list.length, 'department ids must be unique')
    .default([{ id: 'support', name: 'Support', policy: 'least-busy' }]),
  routing: routingSettingsSchema.default({ offerTimeoutSeconds: 30, queueLimitSeconds: 300, recentHandleTimes: 20, reconnectGraceSeconds: 60 }),
  /** Concurrent chats an agent takes unless their profile says otherwise. */
  defaultMaxChats: z.number().int().min(1).max(50).default(3),
  sla: slaSchema.default({ firstResponseSeconds: 60, businessHoursOnly: false, departments: {}, escalation: [{ notifySupervisors: true }] }),
  /** Where `sla.breached` is e-mailed in the cloud (an SNS topic subscribed by an EventBridge rule). */
  alerts: z.object({ email: z.email().optional() }).strict().default({}),
  /** Origins allowed to embed the widget and call the HTTP API. */
  allowedOrigins: z.array(z.string().min(1)).default(['*']),
  /** Tags agents pick from (they may also create new ones); listed first in the console. */
  tags: z.array(z.string().trim().min(1).max(40)).max(200).default([]),
  /** Metric definitions that are a team's choice (docs/metrics.md). */
  metrics: z
    .object({
      /** A visitor's new chat within this many days of a resolved one makes it a repeat contact (not first-contact resolved). */
      repeatContactDays: z.number().int().min(1).max(90).default(7),
      /** A conversion is attributed to the visitor's last chat if it started within this many days. */
      conversionWindowDays: z.number().int().min(1).max(90).default(7),
    })
    .default({ repeatContactDays: 7, conversionWindowDays: 7 }),
  /**
   * Days conversations are kept (docs/security.md, "Retention"): chats, messages, notes, ratings,
   * tickets and visitor profiles get a DynamoDB TTL of their own time + this many days when
   * written. Absent = kept until deleted (GDPR erasure through the admin API).
   */
  retentionDays: z.number().int().min(1).max(3650).optional(),
  /** Days a visitor token stays valid. */
  visitorTokenDays: z.number().int().min(1).max(365).default(30),
  /** The visitor widget: which pre-chat fields it asks for, and whether it asks for a rating after a chat. */
  widget: z
    .object({
      preChat: z
        .object({
          name: preChatFieldSchema.default(PRE_CHAT_DEFAULTS.name),
          email: preChatFieldSchema.default(PRE_CHAT_DEFAULTS.email),
          department: preChatFieldSchema.default(PRE_CHAT_DEFAULTS.department),
          /** The first question. Off: the chat opens empty and the visitor writes in the conversation. */
          question: preChatFieldSchema.default(PRE_CHAT_DEFAULTS.question),
        })
        .default(PRE_CHAT_DEFAULTS),
      /** The post-chat rating (1–5 and a comment). */
      rating: z.boolean().default(true),
    })
    .default({ preChat: PRE_CHAT_DEFAULTS, rating: true }),
  /** Post-chat surveys the widget shows (after the rating), each on or off. */
  surveys: z
    .object({ csat: z.boolean().default(false), nps: z.boolean().default(false), ces: z.boolean().default(false) })
    .default(SURVEY_DEFAULTS),
  attachments: attachmentSettingsSchema.default(ATTACHMENT_DEFAULTS),
  /**
   * The optional web application firewall in the cloud (lib/waf.ts, docs/security.md "Cloud"):
   * AWS managed rules and a per-address rate limit on CloudFront and the agents' sign-in.
   */
  waf: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** Requests one address may make in any 5 minutes. */
      rateLimitPerFiveMinutes: z.number().int().min(100).max(2_000_000_000).default(2000),
      /** A CLOUDFRONT-scope WebACL made in us-east-1, for a stack in another region (AWS keeps CloudFront's WAF there). */
      cloudFrontWebAclArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/.+/, 'must be the ARN of a CLOUDFRONT-scope WebACL (arn:aws:wafv2:us-east-1:…:global/webacl/…)')
        .optional(),
    })
    .default({ enabled: false, rateLimitPerFiveMinutes: 2000 }),
  /** Abuse limits (docs/security.md); a request over a limit gets `rate_limited` with a retry-after. */
  rateLimits: rateLimitsSchema.default(rateLimitsSchema.parse({})),
}).superRefine((config, ctx) => {
  const known = new Set(config.departments.map((d) => d.id));
  for (const id of Object.keys(config.sla.departments)) {
    if (!known.has(id)) ctx.addIssue({ code: 'custom', path: ['sla', 'departments', id], message: `no department "${id}" is configured` });
  }
});
export type DeploymentConfig = z.infer<typeof deploymentConfigSchema>;

/** Parses config text, failing fast with the path of every bad field. */
export function parseDeploymentConfig(json: string): DeploymentConfig {
  const result = deploymentConfigSchema.safeParse(JSON.parse(json));
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`parley.config.json is invalid:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}
