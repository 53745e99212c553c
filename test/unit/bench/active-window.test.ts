import { describe, expect, it } from 'vitest';
import { allActiveWindow, type TimedMessage } from '../../bench/active-window';
import { latencyFigures } from '../../bench/figure-sets';
import type { LiveRun } from '../../bench/live-run';

const m = (chat: number, sentAt: number, latencyMs?: number): TimedMessage => ({ chat, sentAt, ...(latencyMs === undefined ? {} : { latencyMs }) });

describe('allActiveWindow', () => {
  it('keeps only the messages sent while every chat was under way', () => {
    // Chat 0 runs 0..100, chat 1 arrives at 40 and runs to 160: both are under way from 40 to 100.
    const messages = [m(0, 0, 900), m(0, 50, 10), m(0, 100, 20), m(1, 40, 30), m(1, 120, 800), m(1, 160, 700)];

    const window = allActiveWindow(messages);

    expect(window).toEqual({ from: 40, to: 100, latenciesMs: [10, 20, 30] });
  });

  it('leaves lost messages out of the latencies (they are counted as lost elsewhere)', () => {
    expect(allActiveWindow([m(0, 0, 5), m(0, 10), m(0, 20, 7)])?.latenciesMs).toEqual([5, 7]);
  });

  it('is the whole conversation when there is one chat', () => {
    expect(allActiveWindow([m(0, 0, 1), m(0, 5, 2), m(0, 9, 3)])).toEqual({ from: 0, to: 9, latenciesMs: [1, 2, 3] });
  });

  it('is undefined when no moment had every chat under way, or there were no messages', () => {
    expect(allActiveWindow([m(0, 0, 1), m(0, 10, 1), m(1, 20, 1), m(1, 30, 1)])).toBeUndefined();
    expect(allActiveWindow([])).toBeUndefined();
  });
});

describe('latencyFigures', () => {
  const phase = (chats: number, messages: TimedMessage[]) => ({
    chats,
    load: { messages, latenciesMs: messages.flatMap((x) => (x.latencyMs === undefined ? [] : [x.latencyMs])), lost: messages.filter((x) => x.latencyMs === undefined).length, failedChats: 0 },
  });

  it('reports the all-under-way window against the target and every message beside it', () => {
    const run = { phases: [phase(200, [m(0, 0, 900), m(0, 50, 10), m(0, 100, 20), m(1, 40, 30), m(1, 120, 800), m(1, 160)])] } as unknown as LiveRun;

    const byId = new Map(latencyFigures(run).map((f) => [f.id, f]));

    expect(byId.get('latency.p99.chats200')).toMatchObject({ value: 30, target: 50 });
    expect(byId.get('latency.all.p99.chats200')).toMatchObject({ value: 900 });
    expect(byId.get('latency.all.p99.chats200')).not.toHaveProperty('target');
    expect(byId.get('latency.lost.chats200')).toMatchObject({ value: 1, target: 0 });
  });

  it('refuses to make up a figure when the chats were never all under way at once', () => {
    const run = { phases: [phase(50, [m(0, 0, 1), m(1, 10, 1)])] } as unknown as LiveRun;

    expect(() => latencyFigures(run)).toThrow(/never had all its chats under way/);
  });
});
