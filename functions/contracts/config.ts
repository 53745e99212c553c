/**
 * The one deployment config file (parley.config.json at the project root). The CDK stack and
 * the local runtime both read it, validate it here, and hand it to functions as PARLEY_CONFIG.
 */
import * as z from 'zod';

export const deploymentConfigSchema = z.object({
  branding: z
    .object({ name: z.string().min(1).default('Parley'), color: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#4f46e5') })
    .default({ name: 'Parley', color: '#4f46e5' }),
  departments: z
    .array(z.object({ id: z.string().regex(/^[a-z0-9-]{1,64}$/), name: z.string().min(1) }))
    .min(1)
    .default([{ id: 'support', name: 'Support' }]),
  /** Concurrent chats an agent takes unless their profile says otherwise. */
  defaultMaxChats: z.number().int().min(1).max(50).default(3),
  sla: z
    .object({ firstResponseSeconds: z.number().int().min(1).default(60) })
    .default({ firstResponseSeconds: 60 }),
  /** Origins allowed to embed the widget and call the HTTP API. */
  allowedOrigins: z.array(z.string().min(1)).default(['*']),
  /** Days a visitor token stays valid. */
  visitorTokenDays: z.number().int().min(1).max(365).default(30),
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
