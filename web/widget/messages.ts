/**
 * What the loader (on the host page) and the frame (on Parley's origin) say to each other over
 * postMessage. Both sides name the target origin when sending and check `event.origin` (and
 * the source window) when receiving, so no other script or frame can drive the widget.
 */
export interface PageContext {
  url?: string;
  title?: string;
  referrer?: string;
  locale?: string;
}

export type FrameToHost =
  | { type: 'parley:ready'; color: string; name: string; open: boolean; labels?: LauncherLabels }
  | { type: 'parley:minimize' }
  /** `label`: the launcher's accessible name in the visitor's language ("Chat with us, 2 unread messages"). */
  | { type: 'parley:unread'; count: number; label?: string };

/** The launcher's words in the visitor's language (the loader itself ships English only). */
export interface LauncherLabels {
  open: string;
  minimize: string;
  /** The iframe's title. */
  title: string;
}

/** A logged-in user as the site vouches for them (`signature`: the site server's HMAC of `userId`). */
export interface SiteIdentity {
  userId: string;
  name?: string;
  email?: string;
  signature: string;
}

export type HostToFrame =
  | { type: 'parley:page'; page: PageContext }
  | { type: 'parley:shown'; open: boolean }
  | { type: 'parley:identify'; identity: SiteIdentity }
  /** Parley.trackConversion(value, { id?, currency? }), already checked by the loader. */
  | { type: 'parley:conversion'; value: number; id?: string; currency?: string };

/** Messages are plain objects with a `parley:` type; anything else is someone else's. */
export function isParleyMessage<T extends { type: string }>(data: unknown): data is T {
  return typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string' && (data as { type: string }).type.startsWith('parley:');
}
