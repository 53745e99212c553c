/**
 * The queue-positions push gate against DynamoDB Local when the timer queue refuses the push set
 * for the end of the second: the gate item keeps claiming that push, so the consumer that set it
 * makes it when it is due (moves other consumers and instances left to it are told), and if that
 * push fails too, the event's retry pushes; no visitor is left with a stale place.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../functions/contracts/frames';
import type { ChatRecord } from '../../functions/domain/chat';
import { manifest } from '../../functions/manifest';
import type { Deps, Store } from '../../functions/use-cases/ports';
import { QueuePushGate, queueMoved, queuePushDue } from '../../functions/use-cases/queue-updates';
import type { LocalDynamoDb } from '../../lib/local/dynamodb';
import { testDeps, type TestDeps } from '../unit/functions/fakes';
import { startLocalTable } from './local-table';

const TABLE = 'queue-positions-test';
/** Now: the connections' TTL is checked against the real clock. */
const T = Date.now();
let dynamo: LocalDynamoDb;
let store: Store;

beforeAll(async () => {
  ({ dynamo, store } = await startLocalTable(TABLE));
}, 60_000);

afterAll(async () => {
  await dynamo?.stop();
});

type QueueFrame = Extract<ServerFrame, { type: 'queue' }>;

/** The place a visitor's client shows: its newest queue frame by `at`. */
function placeOf(deps: TestDeps, connectionId: string): number | undefined {
  const frames = deps.push.to(connectionId).filter((f): f is QueueFrame => f.type === 'queue');
  return frames.reduce<QueueFrame | undefined>((newest, f) => (newest && (newest.at ?? 0) > (f.at ?? 0) ? newest : f), undefined)?.position;
}

async function join(deps: TestDeps, department: string, chatId: string, createdAt: number): Promise<void> {
  const chat: ChatRecord = { chatId, status: 'queued', visitorId: `v-${chatId}`, department, lastSeq: 0, createdAt };
  await store.createChat({ chat });
  await store.putConnection({ connectionId: `cv-${chatId}`, userId: chat.visitorId, role: 'visitor', connectedAt: createdAt }, Math.floor(createdAt / 1000) + 3600);
}

/** `waiting` is queued and told its place; then `older`, created before it, joins ahead of it. */
async function olderJoinsAhead(deps: TestDeps, department: string, waiting: string, older: string): Promise<void> {
  await join(deps, department, waiting, T);
  await queueMoved(deps, department);
  await join(deps, department, older, T - 1);
}

function depsAt(now: number): TestDeps {
  const deps = testDeps();
  (deps as { store: unknown }).store = store;
  deps.clock.set(now);
  return deps;
}

const refusingTimers = (deps: Deps): void => {
  deps.timers.schedule = async () => {
    throw new Error('SQS: ServiceUnavailable');
  };
};

describe('queue positions when the timer queue refuses (DynamoDB Local)', () => {
  it('a move another instance leaves to the refused push is told when the push was due', async () => {
    const dept = 'd-refused';
    const deps = depsAt(T);
    await olderJoinsAhead(deps, dept, 'q1', 'q0');
    refusingTimers(deps);
    const other: Deps = { ...deps, queuePushGate: new QueuePushGate() };
    let skippedReads = -1;
    // While the setter waits, another instance's consumer sees two moves: the first asks the gate
    // (a push is due: covered, learnt), the second is skipped without a read.
    const otherMoves = async () => {
      skippedReads = 0;
      deps.clock.set(T + 500);
      await join(deps, dept, 'q9', T + 2);
      await queueMoved(other, dept);
      const reads = { n: 0 };
      const counted: Deps = { ...other, store: { ...store, listQueue: (...args) => ((reads.n += 1), store.listQueue(...args)) } };
      deps.clock.set(T + 600);
      await queueMoved(counted, dept);
      skippedReads = reads.n;
    };
    const sleep = deps.clock.sleep;
    deps.clock.sleep = async (ms) => {
      const until = deps.clock.now() + ms;
      await otherMoves();
      await sleep(Math.max(0, until - deps.clock.now()));
    };
    deps.clock.set(T + 300);

    await queueMoved(deps, dept);
    if (skippedReads < 0) await otherMoves();

    expect(skippedReads).toBe(0);
    expect([placeOf(deps, 'cv-q0'), placeOf(deps, 'cv-q1'), placeOf(deps, 'cv-q9')]).toEqual([1, 2, 3]);
  });

  it('when the push made in the timer’s place fails too, the event fails and its retry tells the visitors', async () => {
    const dept = 'd-retry';
    const deps = depsAt(T);
    await olderJoinsAhead(deps, dept, 'r1', 'r0');
    const schedule = deps.timers.schedule.bind(deps.timers);
    let refusals = 1;
    deps.timers.schedule = async (timer, dueAt) => {
      if (refusals-- > 0) throw new Error('SQS: ServiceUnavailable');
      return schedule(timer, dueAt);
    };
    let failures = 1;
    const failing: Deps = {
      ...deps,
      store: { ...store, recentHandleTimes: (...args) => (failures-- > 0 ? Promise.reject(new Error('DynamoDB: ProvisionedThroughputExceededException')) : store.recentHandleTimes(...args)) },
    };
    deps.clock.set(T + 300);

    await expect(queueMoved(failing, dept)).rejects.toThrow('ProvisionedThroughputExceededException');
    deps.clock.set(deps.clock.now() + 100);
    await queueMoved(failing, dept);
    const due = deps.timers.of('queue-positions');
    for (const { dueAt } of due) {
      deps.clock.set(dueAt);
      await queuePushDue(deps, dept);
    }

    expect(due).toHaveLength(1);
    expect([placeOf(deps, 'cv-r0'), placeOf(deps, 'cv-r1')]).toEqual([1, 2]);
  });
});
