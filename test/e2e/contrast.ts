/**
 * WCAG 2.x contrast of the text a person sees, measured in the browser from computed styles:
 * every visible element with its own text (controls included), its colour against the
 * background actually painted behind it (ancestor backgrounds composited, opacity applied), and
 * the AA threshold for its size (4.5:1; 3:1 for large text). Disabled controls are exempt, as
 * WCAG exempts inactive components. The in-page code is a string so no test-build helper leaks
 * into the page.
 */
import type { Frame, Page } from 'playwright-core';

export interface ContrastFinding {
  readonly text: string;
  readonly element: string;
  readonly color: string;
  readonly background: string;
  readonly ratio: number;
  readonly required: number;
}

const IN_PAGE = String.raw`(() => {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    return [0, 1, 2].map((i) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a).concat(a);
  };
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const backgroundOf = (el) => {
    const layers = [];
    for (let n = el; n; n = n.parentElement) layers.push(parse(getComputedStyle(n).backgroundColor));
    let bg = [255, 255, 255, 1];
    for (const layer of layers.reverse()) bg = over(layer, bg);
    return bg;
  };
  const opacityOf = (el) => { let o = 1; for (let n = el; n; n = n.parentElement) o *= Number(getComputedStyle(n).opacity); return o; };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && !(s.clip === 'rect(0px, 0px, 0px, 0px)' && r.width <= 1);
  };
  const findings = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (['SCRIPT', 'STYLE', 'OPTION', 'svg'].includes(el.tagName)) continue;
    const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join(' ').trim();
    const isField = ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) && el.type !== 'hidden' && el.type !== 'radio' && el.type !== 'checkbox';
    if (!own && !isField) continue;
    // Fully transparent (e.g. a native file input under its visible label) paints no text to read.
    if (!visible(el) || opacityOf(el) === 0 || el.closest(':disabled, [aria-disabled="true"]')) continue;
    const s = getComputedStyle(el);
    const bg = backgroundOf(el);
    const fg = parse(s.color);
    const text = over([fg[0], fg[1], fg[2], fg[3] * opacityOf(el)], bg);
    const [hi, lo] = [lum(text), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(s.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
    const required = large ? 3 : 4.5;
    findings.push({ text: (own || el.value || el.getAttribute('aria-label') || '').slice(0, 60), element: el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''), color: s.color, background: 'rgb(' + bg.slice(0, 3).map(Math.round).join(', ') + ')', ratio: Math.round(ratio * 100) / 100, required });
  }
  return findings;
})()`;

/** Every text element measured in `target` (a page, or a frame such as the widget's). */
export async function contrastOf(target: Page | Frame): Promise<ContrastFinding[]> {
  return target.evaluate(IN_PAGE) as Promise<ContrastFinding[]>;
}

/** The measured elements below their AA threshold. */
export function failing(findings: readonly ContrastFinding[]): ContrastFinding[] {
  return findings.filter((f) => f.ratio < f.required);
}
