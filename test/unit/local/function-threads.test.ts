import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createThreadedInvoker, type ThreadedInvoker } from '../../../lib/local/function-threads';

const dir = join(__dirname, 'fixtures/handlers');
const spec = (file: string) => ({ name: file.replace('.ts', ''), handler: file, access: [] });
type ThreadResult = { threadId: number; calls: number; env?: string };

const opened: ThreadedInvoker[] = [];
function invoker(options: Parameters<typeof createThreadedInvoker>[1] = {}): ThreadedInvoker {
  const created = createThreadedInvoker(dir, options);
  opened.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((i) => i.close()));
  delete process.env.PARLEY_THREAD_TEST;
});

describe('function threads', () => {
  it('runs a handler in another thread, with a Lambda-shaped context and the environment set after the threads started', async () => {
    // Arrange
    const threads = invoker({ threads: 1, timeoutMs: 5_000 });
    process.env.PARLEY_THREAD_TEST = 'set later';

    // Act
    const context = (await threads.invoke(spec('context.ts'), {})) as Record<string, unknown>;
    const ran = (await threads.invoke(spec('thread.ts'), {})) as ThreadResult;

    // Assert
    expect(context.functionName).toBe('parley-context');
    expect(context.remaining).toBeGreaterThan(4_000);
    expect(ran.threadId).not.toBe(threadId);
    expect(ran.env).toBe('set later');
  });

  it('gives concurrent invocations to different threads, each an instance with its own module scope', async () => {
    // Arrange
    const threads = invoker({ threads: 2 });

    // Act
    const [a, b] = (await Promise.all([threads.invoke(spec('thread.ts'), { waitMs: 200 }), threads.invoke(spec('thread.ts'), { waitMs: 200 })])) as ThreadResult[];

    // Assert
    expect(a?.threadId).not.toBe(b?.threadId);
    expect([a?.calls, b?.calls]).toEqual([1, 1]);
  });

  it("rejects with the handler's own error, name and message", async () => {
    // Arrange
    const threads = invoker({ threads: 1 });

    // Act / Assert
    await expect(threads.invoke(spec('boom.ts'), {})).rejects.toThrow('handler exploded');
    await expect(threads.invoke(spec('no-handler.ts'), {})).rejects.toThrow(/no-handler\.ts does not export a function named "handler"/);
  });

  it('fails a function that runs past its timeout, as Lambda does', async () => {
    // Arrange
    const threads = invoker({ threads: 1, timeoutMs: 100 });

    // Act / Assert
    await expect(threads.invoke(spec('slow.ts'), {})).rejects.toThrow('Task timed out after 0.1 seconds (slow)');
  });

  it('fails what a dying thread had in flight and runs the next invocation on a new one', async () => {
    // Arrange
    const threads = invoker({ threads: 1 });
    const before = (await threads.invoke(spec('thread.ts'), {})) as ThreadResult;

    // Act
    const crashed = threads.invoke(spec('crash.ts'), {});
    await expect(crashed).rejects.toThrow('uncaught in a function thread');
    const after = (await threads.invoke(spec('thread.ts'), {})) as ThreadResult;

    // Assert
    expect(after.threadId).not.toBe(before.threadId);
    expect(after.calls).toBe(1);
  });

  it('loads setup modules into every thread and gathers their answers to a broadcast', async () => {
    // Arrange
    const threads = invoker({ threads: 2, setup: [join(__dirname, 'fixtures/thread-setup.ts')] });

    // Act
    const answers = (await threads.broadcast('whoami', 'hello')) as { threadId: number; payload: string }[];

    // Assert
    expect(answers).toHaveLength(2);
    expect(new Set(answers.map((a) => a.threadId)).size).toBe(2);
    expect(answers.map((a) => a.payload)).toEqual(['hello', 'hello']);
  });

  it('invokes nothing once closed', async () => {
    // Arrange
    const threads = invoker({ threads: 1 });
    await threads.close();

    // Act / Assert
    await expect(threads.invoke(spec('thread.ts'), {})).rejects.toThrow(/has stopped/);
    await expect(threads.broadcast('whoami')).rejects.toThrow(/has stopped/);
  });
});
