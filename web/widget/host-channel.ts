/**
 * The frame's side of the postMessage channel with the loader. The host page's origin comes
 * in the frame URL's hash (the loader puts it there); every message goes to exactly that
 * origin, and only messages from that origin and from the parent window are read. Opened on
 * its own (no parent), the frame works as a full-page chat and the channel does nothing.
 */
import { isParleyMessage, type FrameToHost, type HostToFrame, type LauncherLabels, type PageContext, type SiteIdentity } from './messages';

export interface HostChannel {
  readonly embedded: boolean;
  page(): PageContext;
  ready(branding: { name: string; color: string }, open: boolean, labels?: LauncherLabels): void;
  minimize(): void;
  unread(count: number, label?: string): void;
  /** Subscribes to the host showing or hiding the frame; returns an unsubscribe function. */
  onShown(listener: (open: boolean) => void): () => void;
  /** Subscribes to the host page identifying its logged-in user (Parley.identify). */
  onIdentify(listener: (identity: SiteIdentity) => void): void;
  /** Subscribes to the host page reporting a conversion (Parley.trackConversion). */
  onConversion(listener: (conversion: HostConversion) => void): void;
}

export type HostConversion = Omit<Extract<HostToFrame, { type: 'parley:conversion' }>, 'type'>;

/** The parts of `window` the channel uses, so tests can pass a fake. */
export interface FrameWindow {
  readonly location: { readonly hash: string };
  readonly parent: { postMessage(message: unknown, targetOrigin: string): void };
  readonly document: { readonly referrer: string };
  readonly navigator: { readonly language: string };
  addEventListener(type: 'message', listener: (event: ReceivedMessage) => void): void;
}

export interface ReceivedMessage {
  readonly origin: string;
  readonly source: unknown;
  readonly data: unknown;
}

export function createHostChannel(win: FrameWindow): HostChannel {
  const hostOrigin = new URLSearchParams(win.location.hash.slice(1)).get('host') ?? undefined;
  const embedded = !Object.is(win.parent, win) && hostOrigin !== undefined;
  let page: PageContext = { url: win.document.referrer || undefined, locale: win.navigator.language };
  const listeners = new Set<(open: boolean) => void>();
  const identified = new Set<(identity: SiteIdentity) => void>();
  const converted = new Set<(conversion: HostConversion) => void>();

  const post = (message: FrameToHost) => {
    if (embedded && hostOrigin) win.parent.postMessage(message, hostOrigin);
  };

  win.addEventListener('message', (event) => {
    if (!embedded || event.origin !== hostOrigin || event.source !== win.parent || !isParleyMessage<HostToFrame>(event.data)) return;
    const message = event.data;
    if (message.type === 'parley:page') page = { ...page, ...message.page };
    else if (message.type === 'parley:identify') for (const listener of identified) listener(message.identity);
    else if (message.type === 'parley:conversion') {
      const { type: _type, ...conversion } = message;
      for (const listener of converted) listener(conversion);
    } else for (const listener of listeners) listener(message.open);
  });

  return {
    embedded,
    page: () => page,
    ready: (branding, open, labels) => post({ type: 'parley:ready', color: branding.color, name: branding.name, open, ...(labels ? { labels } : {}) }),
    minimize: () => post({ type: 'parley:minimize' }),
    unread: (count, label) => post({ type: 'parley:unread', count, ...(label ? { label } : {}) }),
    onShown(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onIdentify: (listener) => void identified.add(listener),
    onConversion: (listener) => void converted.add(listener),
  };
}
