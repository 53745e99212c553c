/**
 * The reports API (GET /reports) and the REST doors the widget uses for metrics (POST /visits,
 * POST /conversions). Documented in docs/api.md.
 */
import * as z from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-mm-dd');

export const REPORTS = ['summary', 'series', 'agents', 'tags', 'departments'] as const;
export type ReportName = (typeof REPORTS)[number];

export const reportQuerySchema = z
  .object({
    report: z.enum(REPORTS).default('summary'),
    /** First and last UTC day of the range, inclusive. */
    from: day,
    to: day,
    grouping: z.enum(['hour', 'day', 'week']).default('day'),
    agent: z.string().min(1).max(128).optional(),
    department: z.string().min(1).max(64).optional(),
    tag: z.string().min(1).max(40).optional(),
    /** agents report: the leaderboard order */
    sort: z.enum(['resolved', 'chatsTaken', 'csatAvg', 'frtAvgSeconds']).default('resolved'),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
  .refine((q) => [q.agent, q.department, q.tag].filter(Boolean).length <= 1, { message: 'filter by one of agent, department or tag at a time', path: ['agent'] });
export type ReportQuery = z.infer<typeof reportQuerySchema>;

/** POST /visits: the widget's first load of the UTC day (from its own storage, no cookies). */
export const visitBodySchema = z.object({
  /** The widget's own id for this load, so a retried request is counted once. */
  loadId: z.string().min(8).max(64),
  firstOfDay: z.boolean(),
});

/** POST /conversions: `Parley.trackConversion(value)` or a site's own call, with the visitor token. */
export const conversionBodySchema = z.object({
  /** The site's id for the conversion (an order number): the same id is counted once. */
  conversionId: z.string().min(1).max(128),
  value: z.number().min(0).max(1e9),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code like EUR').optional(),
});
