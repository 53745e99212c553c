/**
 * Figure 2: CPU per message on the sendMessage handler path (body parse → frame schema →
 * use case → store/push/publish ports) with the ports replaced by the unit tests' in-memory
 * fakes, so only this process's CPU is measured. Messages are spread over many chats so the
 * fakes' per-chat lists stay short, and the fake clock moves 100 ms per message (10 messages/s in
 * all, one per chat side every 20 s: inside every rate limit, so each one is a whole send);
 * process.cpuUsage covers user + system time.
 */
import type { Context } from 'aws-lambda';
import { createHandler } from '../../functions/handlers/socket/send-message';
import { agent, queuedChat, testDeps, visitor } from '../unit/functions/fakes';

const CHATS = 100;
const WARMUP = 1_000;
const STEP_MS = 100;

export interface CpuResult {
  readonly messages: number;
  readonly cpuUsPerMessage: number;
  readonly wallUsPerMessage: number;
}

function setup() {
  const deps = testDeps();
  for (let c = 0; c < CHATS; c++) {
    const chatId = `c${c}`;
    deps.store.chats.set(chatId, queuedChat({ chatId, status: 'assigned', agentId: 'a1', agentName: 'Alice', visitorId: `v${c}` }));
    deps.store.messages.set(chatId, []);
    deps.store.connections.set(`vc${c}`, { connectionId: `vc${c}`, userId: `v${c}`, role: 'visitor', connectedAt: 0 });
  }
  deps.store.connections.set('ac', { connectionId: 'ac', userId: 'a1', role: 'agent', connectedAt: 0 });
  return deps;
}

function event(i: number) {
  const c = i % CHATS;
  const fromVisitor = Math.floor(i / CHATS) % 2 === 0;
  const caller = fromVisitor ? visitor(`v${c}`) : agent('a1');
  const body = JSON.stringify({ action: 'sendMessage', requestId: `r${i}`, chatId: `c${c}`, clientMessageId: `m${i}`, text: `Message ${i} about order #1234` });
  return { body, requestContext: { connectionId: fromVisitor ? `vc${c}` : 'ac', routeKey: 'sendMessage', authorizer: caller } };
}

export async function handlerCpu(messages: number): Promise<CpuResult> {
  const deps = setup();
  const send = createHandler(() => deps);
  // A context without a deadline: middy then sets no timeout timer per call.
  const context = {} as Context;
  const started = deps.clock.now();
  const run = async (from: number, count: number): Promise<void> => {
    for (let i = from; i < from + count; i++) {
      deps.clock.set(started + i * STEP_MS);
      const reply = (await send(event(i), context)) as { statusCode: number; body?: string };
      // A socket route answers 200 either way: the frame says whether it was an ack.
      if (reply.statusCode !== 200 || !reply.body?.startsWith('{"type":"ack"')) throw new Error(`sendMessage ${i} answered ${reply.statusCode} ${reply.body ?? ''}`);
    }
  };
  await run(0, WARMUP);
  deps.push.sent = [];
  deps.publisher.events = [];
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await run(WARMUP, messages);
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - wall;
  if (deps.publisher.events.length < messages) throw new Error(`Only ${deps.publisher.events.length} events for ${messages} messages`);
  return { messages, cpuUsPerMessage: (used.user + used.system) / messages, wallUsPerMessage: (wallMs * 1000) / messages };
}
