import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createInvoker } from '../../../lib/local/functions';

const dir = join(__dirname, 'fixtures/handlers');
const spec = (file: string) => ({ name: file.replace('.ts', ''), handler: file, access: [] });

describe('in-process function invoker', () => {
  it('calls the handler with a Lambda-shaped context', async () => {
    // Arrange
    const invoker = createInvoker(dir, { timeoutMs: 5_000 });

    // Act
    const result = (await invoker.invoke(spec('context.ts'), {})) as Record<string, unknown>;

    // Assert
    expect(result.functionName).toBe('parley-context');
    expect(result.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.remaining).toBeGreaterThan(4_000);
    expect(result.remaining).toBeLessThanOrEqual(5_000);
  });

  it('does not load or call any function before the runtime is ready', async () => {
    // Arrange
    let open!: () => void;
    const ready = new Promise<void>((resolve) => (open = resolve));
    const invoker = createInvoker(dir, { ready });
    let settled = false;

    // Act
    const call = invoker.invoke(spec('context.ts'), {}).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const settledBeforeReady = settled;
    open();
    await call;

    // Assert
    expect(settledBeforeReady).toBe(false);
    expect(settled).toBe(true);
  });

  it('fails a function that runs past its timeout, as Lambda does', async () => {
    // Arrange
    const invoker = createInvoker(dir, { timeoutMs: 100 });

    // Act / Assert
    await expect(invoker.invoke(spec('slow.ts'), {})).rejects.toThrow('Task timed out after 0.1 seconds (slow)');
  });

  it('names a module that exports no handler', async () => {
    // Arrange
    const invoker = createInvoker(dir);

    // Act / Assert
    await expect(invoker.invoke(spec('no-handler.ts'), {})).rejects.toThrow(/no-handler\.ts does not export a function named "handler"/);
  });
});
