/**
 * The widget's form rules, pure: which pre-chat fields show and which must be filled (from the
 * deployment config), and what the offline form needs. Errors are catalog keys, so every
 * message is shown in the visitor's language, next to its field.
 */
import type { RuntimeConfig } from '../sdk/types';
import type { StringKey } from './strings';

export type PreChatConfig = RuntimeConfig['widget']['preChat'];
export type FieldName = keyof PreChatConfig;
export type FormErrors<F extends string> = Partial<Record<F, StringKey>>;

/** What a site gets when its config predates the `widget` block. */
export const DEFAULT_PRE_CHAT: PreChatConfig = { name: 'optional', email: 'optional', department: 'optional', question: 'required' };

export interface PreChatValues {
  readonly text: string;
  readonly name: string;
  readonly email: string;
  readonly department: string;
}

export interface OfflineValues {
  readonly name: string;
  readonly email: string;
  readonly department: string;
  readonly message: string;
}

/** Deliberately loose (the server checks strictly): something@something.tld, no spaces. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

/** The pre-chat fields to show; the department only when there is more than one to choose. */
export function visibleFields(config: PreChatConfig, departmentCount: number): FieldName[] {
  return (['question', 'name', 'email', 'department'] as const).filter((f) => config[f] !== 'off' && (f !== 'department' || departmentCount > 1));
}

export function validatePreChat(values: PreChatValues, config: PreChatConfig, departmentCount: number): FormErrors<FieldName> {
  const shown = new Set(visibleFields(config, departmentCount));
  const required = (f: FieldName) => shown.has(f) && config[f] === 'required';
  const errors: FormErrors<FieldName> = {};
  if (required('question') && !values.text.trim()) errors.question = 'invalid.question';
  if (required('name') && !values.name.trim()) errors.name = 'invalid.name';
  if (required('email') && !values.email.trim()) errors.email = 'invalid.email';
  else if (shown.has('email') && values.email.trim() && !looksLikeEmail(values.email.trim())) errors.email = 'invalid.emailFormat';
  if (required('department') && !values.department) errors.department = 'invalid.department';
  return errors;
}

/** The offline form always needs an email (that is how the answer comes) and a message. */
export function validateOffline(values: OfflineValues): FormErrors<'email' | 'message'> {
  const errors: FormErrors<'email' | 'message'> = {};
  const email = values.email.trim();
  if (!email) errors.email = 'invalid.email';
  else if (!looksLikeEmail(email)) errors.email = 'invalid.emailFormat';
  if (!values.message.trim()) errors.message = 'invalid.message';
  return errors;
}

export interface DepartmentAvailability {
  readonly id: string;
  readonly name: string;
  readonly online: boolean;
  readonly withinHours: boolean;
}

/**
 * Why the visitor gets the offline form instead of a chat, or undefined when a chat can start.
 * With a department chosen (or only one), that department decides; otherwise any open one will do.
 */
export function offlineReason(availability: readonly DepartmentAvailability[] | undefined, department: string | undefined): 'hours' | 'nobody' | undefined {
  if (!availability || availability.length === 0) return undefined;
  const chosen = department ? availability.filter((d) => d.id === department) : availability;
  const pool = chosen.length > 0 ? chosen : availability;
  if (pool.some((d) => d.online && d.withinHours)) return undefined;
  return pool.every((d) => !d.withinHours) ? 'hours' : 'nobody';
}
