/**
 * What a module loaded into every function thread (LocalRuntimeOptions.functionThreadSetup)
 * answers when the runtime's owner asks all threads something (LocalRuntime.threads.broadcast):
 * the bench's AWS meter counts the calls each thread makes this way. Test and bench only.
 */
type Control = (payload: unknown) => unknown;

const controls = new Map<string, Control>();

/** Answers `name` in this thread; the latest registration wins. */
export function onThreadControl(name: string, control: Control): void {
  controls.set(name, control);
}

/** This thread's answer to `name` (undefined when nothing here answers it). */
export async function answerThreadControl(name: string, payload: unknown): Promise<unknown> {
  return controls.get(name)?.(payload);
}
