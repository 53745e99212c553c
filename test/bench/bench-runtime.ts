/**
 * The runtime a bench section measures: `startLocal` on ephemeral ports with the section's
 * options, its staff signed in through InitiateAuth and online (each BenchClient accepts every
 * offer at once, as an agent at the desk), and one `stop` that closes every socket the section
 * opened, then the runtime. Sections run one after another in one process, each on a runtime of
 * its own (docs/decisions.md, "Local runtimes take turns in one process").
 */
import { type LocalRuntime, type LocalRuntimeOptions, startLocal } from '../../lib/local';
import { agentToken } from '../support/local-doors';
import { type BenchClient, openClient } from './bench-client';

export interface BenchRuntimeOptions extends Omit<LocalRuntimeOptions, 'basePort'> {
  /** Who signs in and goes online at the start. @default every user the runtime knows */
  readonly staff?: readonly string[];
}

export interface BenchRuntime {
  readonly runtime: LocalRuntime;
  /** The staff sockets, online, in the order asked for. */
  readonly staff: readonly BenchClient[];
  /** Signs `username` in and sets them online; the socket is closed by `stop`. */
  online(username: string): Promise<BenchClient>;
  /** Keeps sockets the section opened itself, to be closed by `stop`. */
  keep(...clients: BenchClient[]): void;
  /** Closes every kept socket, then stops the runtime. */
  stop(): Promise<void>;
}

export async function startBenchRuntime(options: BenchRuntimeOptions = {}): Promise<BenchRuntime> {
  const { staff: names, ...runtimeOptions } = options;
  const runtime = await startLocal({ ...runtimeOptions, basePort: 0 });
  const clients: BenchClient[] = [];
  const online = async (username: string): Promise<BenchClient> => {
    const client = await openClient(runtime, await agentToken(runtime, username));
    clients.push(client);
    await client.request({ action: 'setStatus', status: 'online' });
    return client;
  };
  const stop = async (): Promise<void> => {
    await Promise.all(clients.map((c) => c.close()));
    await runtime.stop();
  };
  try {
    const staff = await Promise.all((names ?? runtime.demoUsers.map((u) => u.username)).map(online));
    return { runtime, staff, online, keep: (...more) => void clients.push(...more), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
