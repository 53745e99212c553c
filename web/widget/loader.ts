/**
 * The one script a business adds to its site (`<script async src=".../widget/loader.js">`).
 * It stays tiny and never blocks the page: it only adds a launcher button and an iframe that
 * holds the real widget, so the widget's CSS and storage live on Parley's origin, isolated from
 * the host page. Loading the frame at once (hidden) lets an ongoing chat reopen after a reload
 * and lets the launcher show unread replies.
 */
import { isParleyMessage, type FrameToHost, type HostToFrame, type SiteIdentity } from './messages';
import { conversionProblem, type ConversionOptions } from './tracking';

const Z = '2147483000';
const PANEL = {
  inset: 'auto 20px 96px auto', width: '380px', height: 'min(620px, calc(100vh - 120px))', maxWidth: 'calc(100vw - 40px)', borderRadius: '16px',
};

function start(script: HTMLScriptElement): void {
  const frameUrl = new URL('frame.html', script.src);
  const frameOrigin = frameUrl.origin;
  // The site may fix the widget's language (`data-locale="fi"`); otherwise the visitor's browser decides.
  const locale = script.dataset.locale;
  frameUrl.hash = `host=${encodeURIComponent(location.origin)}${locale ? `&locale=${encodeURIComponent(locale)}` : ''}`;

  const frame = document.createElement('iframe');
  frame.src = frameUrl.href;
  frame.title = 'Chat';
  frame.dataset.parley = '';
  frame.setAttribute('allow', 'clipboard-write');
  Object.assign(frame.style, PANEL, {
    position: 'fixed', border: '0', boxShadow: '0 12px 48px rgba(0,0,0,.18)', zIndex: Z, display: 'none', colorScheme: 'normal', background: '#fff',
  });

  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.setAttribute('aria-label', 'Chat with us');
  launcher.setAttribute('aria-expanded', 'false');
  launcher.innerHTML =
    '<svg width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/></svg><span></span>';
  Object.assign(launcher.style, {
    position: 'fixed', right: '20px', bottom: '20px', width: '60px', height: '60px', borderRadius: '50%', border: '0',
    background: '#4f46e5', color: '#fff', cursor: 'pointer', boxShadow: '0 6px 24px rgba(0,0,0,.2)', zIndex: Z,
    display: 'grid', placeItems: 'center', padding: '0',
  });
  const badge = launcher.lastElementChild as HTMLElement;
  Object.assign(badge.style, {
    position: 'absolute', top: '-2px', right: '-2px', minWidth: '20px', height: '20px', borderRadius: '10px', background: '#dc2626',
    color: '#fff', font: '700 12px/20px system-ui,sans-serif', display: 'none', padding: '0 5px',
  });

  const post = (message: HostToFrame) => frame.contentWindow?.postMessage(message, frameOrigin);
  // Parley.identify({ userId, name?, email?, signature }): a logged-in user, signed by the site's server.
  let identity: SiteIdentity | undefined;
  const w = window as unknown as { Parley?: Record<string, unknown> };
  w.Parley = Object.assign(w.Parley ?? {}, {
    identify(who: SiteIdentity) {
      identity = who;
      post({ type: 'parley:identify', identity: who });
    },
    // Parley.trackConversion(49.9, { id: 'order-1042', currency: 'EUR' }): checked here so the
    // site's developer sees the problem in their console; held until the frame is ready.
    trackConversion(value: number, options?: ConversionOptions) {
      const problem = conversionProblem(value, options);
      if (problem) return console.error(`Parley.trackConversion: ${problem}; nothing was sent`);
      const message: HostToFrame = { type: 'parley:conversion', value, ...(options?.id ? { id: options.id } : {}), ...(options?.currency ? { currency: options.currency } : {}) };
      if (ready) post(message);
      else held.push(message);
    },
  });
  let ready = false;
  const held: HostToFrame[] = [];
  // English until the frame sends its words in the visitor's language.
  let words = { open: 'Chat with us', minimize: 'Minimize chat', closed: 'Chat with us' };
  const label = () => launcher.setAttribute('aria-label', frame.style.display === 'none' ? words.closed : words.minimize);
  // On a phone the chat takes the whole screen (the frame's own header minimizes it).
  const phone = matchMedia('(max-width: 480px)');
  const show = (open: boolean) => {
    const full = open && phone.matches;
    Object.assign(frame.style, full ? { inset: '0', width: '100%', height: '100%', maxWidth: 'none', borderRadius: '0' } : PANEL);
    frame.style.display = open ? 'block' : 'none';
    launcher.style.display = full ? 'none' : 'grid';
    launcher.setAttribute('aria-expanded', String(open));
    label();
    post({ type: 'parley:shown', open });
  };
  launcher.addEventListener('click', () => {
    const open = frame.style.display === 'none';
    show(open);
    if (open) frame.focus(); // keyboard users land in the chat they just opened
  });

  window.addEventListener('message', (event) => {
    if (event.origin !== frameOrigin || event.source !== frame.contentWindow || !isParleyMessage<FrameToHost>(event.data)) return;
    const message = event.data;
    if (message.type === 'parley:ready') {
      launcher.style.background = message.color;
      if (message.labels) {
        words = { open: message.labels.open, minimize: message.labels.minimize, closed: message.labels.open };
        frame.title = message.labels.title;
        label();
      }
      post({ type: 'parley:page', page: { url: location.href, title: document.title, referrer: document.referrer, locale: navigator.language } });
      if (identity) post({ type: 'parley:identify', identity });
      // Only the first ready sends what was held (a frame reload must not report it twice).
      if (!ready) held.splice(0).forEach(post);
      ready = true;
      if (message.open) show(true);
    } else if (message.type === 'parley:minimize') {
      show(false);
      launcher.focus();
    } else {
      badge.textContent = message.count > 0 ? String(message.count) : '';
      badge.style.display = message.count > 0 ? 'block' : 'none';
      words.closed = message.label ?? (message.count > 0 ? `${words.open}, ${message.count} unread` : words.open);
      label();
    }
  });

  document.body.append(frame, launcher);
}

const script = document.currentScript;
if (script instanceof HTMLScriptElement && !document.querySelector('iframe[data-parley]')) {
  const go = () => start(script);
  if (document.body) go();
  else document.addEventListener('DOMContentLoaded', go);
}
