/** A measured figure, the table the bench prints, and the results file it writes. */

export interface Figure {
  /** Stable id, documented in docs/performance.md. */
  readonly id: string;
  readonly value: number;
  readonly unit: string;
  readonly target?: number;
  readonly better: 'lower' | 'higher';
  /** What the value is compared with, and the ratio, e.g. "Crisp ~130 KB (0.12×)". */
  readonly anchor?: string;
}

/** Whether the figure meets its target; undefined when it has none. */
export function meetsTarget(figure: Figure): boolean | undefined {
  if (figure.target === undefined || !Number.isFinite(figure.value)) return undefined;
  return figure.better === 'lower' ? figure.value <= figure.target : figure.value >= figure.target;
}

/** "Crisp 130 KB: 0.12×" — the value as a ratio of an anchor's. */
export function anchorText(name: string, anchorValue: number, value: number, unit: string): string {
  const ratio = value / anchorValue;
  const shown = ratio < 0.01 ? ratio.toExponential(1) : ratio.toFixed(2);
  return `${name} ${anchorValue} ${unit}: ${shown}×`;
}

function cell(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => {
    const ok = meetsTarget(f);
    return [f.id, String(f.value), f.unit, f.target === undefined ? '' : `${f.better === 'lower' ? '≤' : '≥'} ${f.target}`, ok === undefined ? '' : ok ? 'ok' : 'MISS', f.anchor ?? ''];
  });
  const header = ['figure', 'value', 'unit', 'target', '', 'anchor'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string => r.map((c, i) => cell(c, widths[i] ?? 0, i === 1)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function resultsJson(figures: readonly Figure[]): string {
  return `${JSON.stringify({ figures }, null, 2)}\n`;
}
