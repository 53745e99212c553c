/**
 * The chaos run behind `npm run chaos` and test/integration/chaos.test.ts: `chats` visitors and
 * the demo staff talk through a whole local runtime while faults are injected (fault-driver.ts),
 * then faults stop, every side reads its chats to the end, and verify.ts judges what the table
 * and both sides' clients hold. Bounded in time and count; loopback only.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DEMO_USERS, subjectOf } from '../../lib/local/demo-users';
import { LOCAL_CREDENTIALS } from '../../lib/local/dynamodb';
import { type FaultRates, NO_FAULTS, seededRandom } from '../../lib/local/faults';
import { startLocal, type LocalRuntime } from '../../lib/local';
import { RequestError } from '../../web/sdk/request-error';
import { agentToken, visitorSession } from '../support/local-doors';
import { driveFaults } from './fault-driver';
import { Participant } from './participant';
import { type AgentEvidence, type ChatEvidence, type SentMessage, verify, type View } from './verify';

export interface ChaosOptions {
  readonly chats: number;
  /** How long faults are injected; the chats are paced to run about this long. */
  readonly durationMs: number;
  readonly seed: number;
  /** Messages each side sends after the visitor's opening question. */
  readonly messagesPerSide: number;
  /** Inject faults (false: the same run on a quiet runtime, a baseline). @default true */
  readonly faults?: boolean;
  /** Overrides of the steady rates (CHAOS_RATES), e.g. to chase one kind of fault. */
  readonly rates?: Partial<FaultRates>;
  /** The bursts to fire (fault-driver.ts BURSTS ids); @default all */
  readonly bursts?: readonly string[];
  readonly log?: (line: string) => void;
}

/** chaos-results.json, exactly. */
export interface ChaosResult {
  readonly chats: number;
  readonly messages: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly outOfOrder: number;
  readonly invalidStates: number;
  readonly overCapacity: number;
  readonly faultsInjected: Record<string, number>;
}

export interface ChaosReport {
  readonly result: ChaosResult;
  readonly problems: readonly string[];
  /** Messages a client only got through its final read, not live (pushes lost to faults). */
  readonly recoveredByCatchUp: number;
  readonly socketOpens: number;
  readonly seconds: number;
}

/** The rates the run injects all along; the driver adds drops, storms, pauses and outages. */
export const CHAOS_RATES: FaultRates = {
  invocationFailureRate: 0.03,
  duplicateDeliveryRate: 0.1,
  maxDeliveryDelayMs: 400,
  throttleRate: 0.05,
  goneRate: 0.005,
};

/** Time to settle after the faults stop: every retry, resume and close must land within it. */
const SETTLE_MS = 60_000;
/** The sdk's own default: a shorter one resends into a saturated runtime and only adds load. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Final reads in flight at once: hundreds at a time would only queue in DynamoDB Local. */
const CATCH_UP_IN_FLIGHT = 16;
const SAMPLE_MS = 250;
/**
 * How often a waiting visitor's client resyncs, standing in for the widget's `online` and
 * `visibilitychange` resyncs (a person coming back to the tab). Every 3 s for 200 visitors was a
 * resume per open chat 67 times a second: 12 % of the run's DynamoDB calls, more than any person does.
 */
const VISITOR_NUDGE_MS = 10_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function bounded<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Retries a call through the HTTP front door (sessions) a few times, as the widget does. */
async function withRetries<T>(what: string, call: () => Promise<T>, attempts = 8): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await call();
    } catch (error) {
      if (i >= attempts) throw new Error(`${what}: ${String(error)}`);
      await sleep(200 * i);
    }
  }
}

interface Script {
  readonly index: number;
  chatId?: string;
  readonly sent: SentMessage[];
  readonly visitorDone: ReturnType<typeof deferred>;
  readonly closed: ReturnType<typeof deferred>;
  failure?: string;
  visitor?: Participant;
}

class ChaosRun {
  private readonly random: () => number;
  private readonly scripts: Script[] = [];
  private readonly byChat = new Map<string, Script>();
  private readonly registered = new Set<() => void>();
  private readonly agents = new Map<string, Participant>();
  private readonly started = new Set<string>();
  private readonly agentWork: Promise<void>[] = [];
  private overCapacity = 0;
  private readonly thinkMs: number;
  private readonly table: DynamoDBDocumentClient;
  private readonly log: (line: string) => void;

  constructor(
    private readonly runtime: LocalRuntime,
    private readonly options: ChaosOptions,
    private readonly maxChats: number,
  ) {
    this.random = seededRandom(options.seed * 7919 + 17);
    this.log = options.log ?? (() => undefined);
    // Paced so a chat's messages spread over about 60 % of the run.
    this.thinkMs = Math.max(100, (0.6 * options.durationMs) / (options.messagesPerSide + 1));
    const client = new DynamoDBClient({ endpoint: runtime.urls.dynamodb, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
    this.table = DynamoDBDocumentClient.from(client);
  }

  private think(): Promise<void> {
    return sleep(this.thinkMs * (0.5 + this.random()));
  }

  private participant(side: 'visitor' | 'agent', token: () => string | Promise<string>): Participant {
    // Staff get the console's gap healing; visitors the widget's behaviour (resume on reconnect).
    return new Participant({ url: this.runtime.urls.websocket, side, token, random: this.random, requestTimeoutMs: REQUEST_TIMEOUT_MS, healGaps: side === 'agent' });
  }

  async startAgents(): Promise<void> {
    for (const user of DEMO_USERS) {
      const agentId = subjectOf(user);
      const agent = this.participant('agent', () => agentToken(this.runtime, user.username));
      this.agents.set(agentId, agent);
      // As the console does after every (re)connect: re-apply presence, list the chats.
      agent.client.onState((state) => {
        if (state === 'open') void this.afterConnect(agent);
      });
      agent.client.onFrame((frame) => {
        // Routing offers a chat; an agent at the desk accepts it (then it is assigned to them).
        if (frame.type === 'offer') void this.accept(agent, frame.offer.chat.chatId);
        this.scan(agentId, agent);
      });
      agent.start();
    }
    await Promise.all([...this.agents.values()].map((a) => a.until(() => a.opens > 0, 'an agent socket', 30_000)));
  }

  /** Accepts an offer, resending through drops; an offer that ended meanwhile (lapsed, withdrawn) is left be. */
  private async accept(agent: Participant, chatId: string): Promise<void> {
    try {
      await agent.client.requestUntilAnswered({ action: 'acceptOffer', chatId });
    } catch {
      // conflict: the offer is over and routing has moved the chat on.
    }
  }

  private async afterConnect(agent: Participant): Promise<void> {
    try {
      await agent.client.request({ action: 'setStatus', status: 'online' });
      await agent.client.request({ action: 'listChats' });
    } catch {
      // The socket dropped again: the next open does this again.
    }
  }

  /** Starts the agent's side of every chat newly assigned to it. */
  private scan(agentId: string, agent: Participant): void {
    for (const thread of Object.values(agent.state.threads)) {
      if (thread.chat?.status !== 'assigned' || thread.chat.agentId !== agentId || this.started.has(thread.chatId)) continue;
      this.started.add(thread.chatId);
      this.agentWork.push(this.agentScript(agent, thread.chatId));
    }
  }

  private scriptOf(chatId: string, timeoutMs: number): Promise<Script> {
    return bounded(
      new Promise<Script>((resolve) => {
        const check = (): void => {
          const script = this.byChat.get(chatId);
          if (!script) return;
          this.registered.delete(check);
          resolve(script);
        };
        this.registered.add(check);
        check();
      }),
      timeoutMs,
      `the visitor's script of ${chatId}`,
    );
  }

  private async send(who: Participant, script: Script, chatId: string, side: 'visitor' | 'agent', text: string): Promise<void> {
    try {
      await who.client.sendMessage(chatId, text);
      script.sent.push({ text, side });
    } catch (error) {
      script.sent.push({ text, side, failed: error instanceof RequestError ? `${error.code}: ${error.message}` : String(error) });
    }
  }

  private async agentScript(agent: Participant, chatId: string): Promise<void> {
    const deadline = this.options.durationMs + SETTLE_MS;
    let script: Script | undefined;
    try {
      script = await this.scriptOf(chatId, deadline);
      for (let k = 1; k <= this.options.messagesPerSide; k++) {
        await this.think();
        await this.send(agent, script, chatId, 'agent', `chat ${script.index} agent ${k}`);
      }
      await bounded(script.visitorDone.promise, deadline, `the visitor of ${chatId} to finish`);
      await agent.client.requestUntilAnswered({ action: 'closeChat', chatId, outcome: 'resolved' });
      script.closed.resolve();
    } catch (error) {
      if (script) script.failure ??= `agent: ${String(error)}`;
      else this.log(`  agent side of ${chatId} failed: ${String(error)}`);
    }
  }

  private async visitorScript(script: Script): Promise<void> {
    const deadline = this.options.durationMs + SETTLE_MS;
    try {
      const session = await withRetries('POST /sessions', () => visitorSession(this.runtime));
      const visitor = this.participant('visitor', () => session.token);
      script.visitor = visitor;
      visitor.start();
      const opening = `chat ${script.index} visitor 0`;
      // Every fifth chat asks Sales (Carol and Ada), the rest Support.
      const department = script.index % 5 === 0 ? 'sales' : 'support';
      const start = await visitor.client.requestUntilAnswered({ action: 'startChat', text: opening, clientMessageId: `m-start-${this.options.seed}-${script.index}`, department });
      const chatId = start.chat.chatId;
      script.chatId = chatId;
      script.sent.push({ text: opening, side: 'visitor' });
      this.byChat.set(chatId, script);
      for (const check of [...this.registered]) check();
      await visitor.until(() => visitor.thread(chatId)?.chat?.status === 'assigned', `assignment of ${chatId}`, deadline, VISITOR_NUDGE_MS);
      for (let k = 1; k <= this.options.messagesPerSide; k++) {
        await this.think();
        await this.send(visitor, script, chatId, 'visitor', `chat ${script.index} visitor ${k}`);
      }
      script.visitorDone.resolve();
      await visitor.until(() => visitor.thread(chatId)?.chat?.status === 'closed', `close of ${chatId}`, deadline, VISITOR_NUDGE_MS);
    } catch (error) {
      script.failure ??= `visitor: ${String(error)}`;
      script.visitorDone.resolve();
    }
  }

  async runChats(): Promise<void> {
    const ramp = 0.2 * this.options.durationMs;
    const gap = ramp / this.options.chats;
    const work: Promise<void>[] = [];
    for (let i = 0; i < this.options.chats; i++) {
      const script: Script = { index: i + 1, sent: [], visitorDone: deferred(), closed: deferred() };
      this.scripts.push(script);
      work.push(sleep(i * gap).then(() => this.visitorScript(script)));
    }
    await Promise.all(work);
    // Agents' scripts end once their chats are closed (or failed).
    while (this.agentWork.length > 0) await Promise.all(this.agentWork.splice(0));
  }

  /** Samples every agent's load from the table until `stop` resolves: activeChats may never exceed maxChats. */
  async watchCapacity(stop: Promise<void>): Promise<void> {
    let stopped = false;
    void stop.then(() => (stopped = true));
    const agentIds = [...this.agents.keys()];
    while (!stopped) {
      const result = await this.table
        .send(new BatchGetCommand({ RequestItems: { [this.runtime.tableName]: { Keys: agentIds.map((id) => ({ pk: `AGENT#${id}`, sk: 'PROFILE' })) } } }))
        .catch(() => undefined);
      for (const item of result?.Responses?.[this.runtime.tableName] ?? []) {
        const active = Number(item.activeChats ?? 0);
        const max = Number(item.maxChats ?? this.maxChats);
        if (active > max) {
          this.overCapacity += 1;
          this.log(`  over capacity: ${String(item.agentId)} has ${active} of ${max}`);
        }
      }
      await sleep(SAMPLE_MS);
    }
  }

  /** Every side reads each of its chats to the end (a reopened chat does this). Returns how many messages that brought. */
  async catchUp(): Promise<number> {
    const before = this.heldMessages();
    const reads: (() => Promise<void>)[] = [];
    for (const script of this.scripts) {
      const { chatId, visitor } = script;
      if (chatId && visitor) reads.push(() => visitor.catchUp(chatId).catch((e: unknown) => void (script.failure ??= `visitor catch-up: ${String(e)}`)));
    }
    for (const agent of this.agents.values()) {
      for (const chatId of Object.keys(agent.state.threads)) reads.push(() => agent.catchUp(chatId).catch(() => undefined));
    }
    const next = async (): Promise<void> => {
      for (let read = reads.shift(); read; read = reads.shift()) await read();
    };
    await Promise.all(Array.from({ length: CATCH_UP_IN_FLIGHT }, next));
    return this.heldMessages() - before;
  }

  private heldMessages(): number {
    const participants = [...this.agents.values(), ...this.scripts.flatMap((s) => (s.visitor ? [s.visitor] : []))];
    return participants.reduce((n, p) => n + Object.values(p.state.threads).reduce((m, t) => m + t.messages.length, 0), 0);
  }

  async evidence(): Promise<{ chats: ChatEvidence[]; agents: AgentEvidence[] }> {
    const chats = await Promise.all(this.scripts.map((s) => this.chatEvidence(s)));
    const agents = await Promise.all([...this.agents.keys()].map((id) => this.agentEvidence(id)));
    return { chats, agents };
  }

  private async chatEvidence(script: Script): Promise<ChatEvidence> {
    const chatId = script.chatId ?? `chat ${script.index} (never started)`;
    if (!script.chatId) return { chatId, sent: script.sent, table: undefined, views: [], failure: script.failure ?? 'never started' };
    const items = await this.query(`CHAT#${chatId}`);
    const meta = items.find((i) => i.sk === 'META');
    const stored: View = {
      name: 'table',
      status: meta?.status as string | undefined,
      messages: items.filter((i) => String(i.sk).startsWith('MSG#')).map((i) => ({ seq: Number(i.seq), text: String(i.text) })),
    };
    const agentId = meta?.agentId as string | undefined;
    const views: View[] = [stored];
    const visitorThread = script.visitor?.thread(chatId);
    views.push({ name: 'visitor', status: visitorThread?.chat?.status, messages: visitorThread?.messages ?? [] });
    const agentThread = agentId ? this.agents.get(agentId)?.thread(chatId) : undefined;
    if (agentId) views.push({ name: `agent ${agentId}`, status: agentThread?.chat?.status, messages: agentThread?.messages ?? [] });
    return {
      chatId,
      sent: script.sent,
      table: meta ? { status: String(meta.status), lastSeq: Number(meta.lastSeq ?? 0), ...(agentId ? { agentId } : {}) } : undefined,
      views,
      ...(script.failure ? { failure: script.failure } : {}),
    };
  }

  private async agentEvidence(agentId: string): Promise<AgentEvidence> {
    const profile = await this.table.send(new GetCommand({ TableName: this.runtime.tableName, Key: { pk: `AGENT#${agentId}`, sk: 'PROFILE' } }));
    const items = await this.query(`AGENT#${agentId}`);
    return { agentId, activeChats: Number(profile.Item?.activeChats ?? 0), openChatItems: items.filter((i) => String(i.sk).startsWith('CHAT#')).length };
  }

  private async query(pk: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.send(
        new QueryCommand({ TableName: this.runtime.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  overCapacityCount(): number {
    return this.overCapacity;
  }

  socketOpens(): number {
    return [...this.agents.values(), ...this.scripts.flatMap((s) => (s.visitor ? [s.visitor] : []))].reduce((n, p) => n + p.opens, 0);
  }

  closeAll(): void {
    for (const agent of this.agents.values()) agent.close();
    for (const script of this.scripts) script.visitor?.close();
  }
}

const since = (started: number): string => `${Math.round((performance.now() - started) / 1000)} s`;

/** One chaos run, start to verdict, on a runtime of its own (one per process). */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const injecting = options.faults ?? true;
  // Four of five staff serve Support: capacity for about 80 % of the chats at once, so some queue.
  const maxChats = Math.min(50, Math.max(2, Math.ceil(options.chats / 5)));
  const faultOptions = { seed: options.seed, ...(injecting ? { ...CHAOS_RATES, ...options.rates } : NO_FAULTS) };
  const runtime = await startLocal({ basePort: 0, config: { defaultMaxChats: maxChats }, faults: faultOptions });
  const faults = runtime.faults;
  if (!faults) throw new Error('the runtime was started without its fault controller');
  const run = new ChaosRun(runtime, options, maxChats);
  try {
    await run.startAgents();
    log(`  ${DEMO_USERS.length} staff online (up to ${maxChats} chats each); ${options.chats} chats over ${options.durationMs / 1000} s${injecting ? ' with faults' : ''}`);
    const faultsOver = deferred();
    const capacityDone = deferred();
    const watching = run.watchCapacity(capacityDone.promise);
    const driving = injecting ? driveFaults(faults, seededRandom(options.seed), options.durationMs, faultsOver.promise, log, options.bursts) : Promise.resolve();
    const faultTimer = setTimeout(() => faultsOver.resolve(), options.durationMs);
    await bounded(run.runChats(), options.durationMs + SETTLE_MS + 30_000, 'the chats to finish').catch((e: unknown) => log(`  ${String(e)}`));
    clearTimeout(faultTimer);
    faultsOver.resolve();
    await driving;
    faults.configure(NO_FAULTS);
    log(`  ${since(started)}: chats done, faults off; settling`);
    await bounded(runtime.idle(), 30_000, 'the runtime to go idle').catch((e: unknown) => log(`  ${String(e)}`));
    capacityDone.resolve();
    await watching;
    const recovered = await run.catchUp();
    log(`  ${since(started)}: every side has read its chats to the end; checking`);
    const evidence = await run.evidence();
    const verdict = verify(evidence.chats, evidence.agents);
    const messages = evidence.chats.reduce((n, c) => n + c.sent.length, 0);
    return {
      result: {
        chats: options.chats,
        messages,
        lost: verdict.lost,
        duplicated: verdict.duplicated,
        outOfOrder: verdict.outOfOrder,
        invalidStates: verdict.invalidStates,
        overCapacity: run.overCapacityCount(),
        faultsInjected: { ...faults.injected },
      },
      problems: verdict.problems,
      recoveredByCatchUp: recovered,
      socketOpens: run.socketOpens(),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    run.closeAll();
    await runtime.stop();
  }
}

/** Whether every check passed. */
export function passed(result: ChaosResult): boolean {
  return result.lost === 0 && result.duplicated === 0 && result.outOfOrder === 0 && result.invalidStates === 0 && result.overCapacity === 0;
}
