/**
 * What the $connect authorizer proves about a caller, and how it travels: the authorizer
 * returns it as the policy's `context`; API Gateway (and the local gateway) hand it to every
 * route handler as `event.requestContext.authorizer`. Values are strings (API Gateway flattens
 * the context to strings, numbers and booleans).
 */
import * as z from 'zod';

export const callerSchema = z.object({
  principalId: z.string().min(1),
  userId: z.string().min(1),
  role: z.enum(['visitor', 'agent', 'supervisor', 'admin']),
  name: z.string().default(''),
  /** Comma-separated department ids an agent serves; empty for visitors. */
  departments: z.string().default(''),
});
export type Caller = z.infer<typeof callerSchema>;

/** Claims of a visitor token (HS256, signed with the visitor secret). */
export const visitorClaimsSchema = z.object({
  sub: z.string().min(1),
  typ: z.literal('visitor'),
  exp: z.number(),
});

/**
 * Claims read from an agent's ID token (Cognito, or the local IdP which issues the same shape):
 * `sub`, `email`, `name`, `cognito:groups` (agent | supervisor | admin),
 * `custom:departments` (comma-separated), `custom:maxChats` (optional), `token_use` = 'id'.
 */
export const agentClaimsSchema = z.object({
  sub: z.string().min(1),
  email: z.string().optional(),
  name: z.string().optional(),
  'cognito:groups': z.array(z.string()).optional(),
  'custom:departments': z.string().optional(),
  'custom:maxChats': z.string().optional(),
  /** Comma-separated skills routing matches (e.g. `fi,sv`). */
  'custom:skills': z.string().optional(),
  token_use: z.literal('id'),
});
