/**
 * One uPlot line chart over a report series (part of the lazily loaded dashboard chunk). The x
 * axis is the bucket's position, labelled with the bucket itself, so hours, days and ISO weeks
 * all plot the same way. Empty values (no first response in a bucket) are gaps, not zeros.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { SeriesPoint } from './dashboard';

export interface ChartLine {
  readonly label: string;
  readonly color: string;
  readonly value: (point: SeriesPoint) => number | null;
}

export function SeriesChart({ title, points, lines }: { title: string; points: SeriesPoint[]; lines: ChartLine[] }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const labels = points.map((p) => shortBucket(p.bucket));
    const data: uPlot.AlignedData = [points.map((_, i) => i), ...lines.map((l) => points.map((p) => l.value(p)))];
    const plot = new uPlot(
      {
        width: Math.max(280, el.clientWidth || 480),
        height: 220,
        scales: { x: { time: false } },
        axes: [{ values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? (labels[t] ?? '') : '')) }, {}],
        series: [{ label: 'Bucket', value: (_u, v) => (v === null ? '' : (points[v]?.bucket ?? '')) }, ...lines.map((l) => ({ label: l.label, stroke: l.color, width: 2, spanGaps: false }))],
        legend: { show: true },
      },
      data,
      el,
    );
    return () => plot.destroy();
  }, [points, lines.map((l) => l.label).join()]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={host} role="img" aria-label={`${title} chart`} />
    </figure>
  );
}

/** `2026-11-20T08` → `08:00`, `2026-11-20` → `11-20`; anything else as it is. */
function shortBucket(bucket: string): string {
  const hour = /T(\d{2})/.exec(bucket);
  if (hour) return `${hour[1]}:00`;
  return /^\d{4}-\d{2}-\d{2}$/.test(bucket) ? bucket.slice(5) : bucket;
}
