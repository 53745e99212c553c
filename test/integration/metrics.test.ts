/**
 * The scripted day of test/support/metrics-scenario.ts through the real local runtime: each
 * event goes onto the bus with the real EventBridge client, the metrics consumer folds it into
 * DynamoDB Local, and GET /reports gives the numbers worked out by hand. Then the whole day is
 * published again (at-least-once delivery) and no number moves. Also: who may read which report.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventPublisher } from '../../functions/adapters/event-publisher';
import { LOCAL_BUS_NAME } from '../../lib/local/event-bus';
import { EXPECTED_AGENTS, EXPECTED_DEPARTMENTS, EXPECTED_SUMMARY, EXPECTED_TAGS, SCENARIO_DAY, scenarioEvents } from '../support/metrics-scenario';
import { agentToken, connectAgent, useRuntime, visitorSession, WAIT_MS } from './harness';

const local = useRuntime();
const tokens: Record<string, string> = {};

/** GET /reports as `who` (null: without a token). */
async function report(query: Record<string, string>, who: string | null = 'supervisor'): Promise<Response> {
  const params = new URLSearchParams({ from: SCENARIO_DAY, to: SCENARIO_DAY, ...query });
  const token = who === null ? undefined : tokens[who];
  return fetch(`${local.runtime.urls.http}/reports?${params}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(WAIT_MS) });
}

/**
 * The first time one event at a time, as a day's events happen: presence intervals depend on
 * the order of an agent's events. A redelivery may come in any order, so ten at a time.
 */
async function publishDay(batch: number): Promise<void> {
  const publisher = new EventPublisher(new EventBridgeClient({ endpoint: local.runtime.urls.aws }), LOCAL_BUS_NAME);
  const events = scenarioEvents();
  for (let i = 0; i < events.length; i += batch) {
    await publisher.publish(events.slice(i, i + batch));
    await local.runtime.idle();
  }
}

beforeAll(async () => {
  const { runtime } = local;
  tokens.supervisor = await agentToken(runtime, 'sam@demo.parley');
  tokens.admin = await agentToken(runtime, 'ada@demo.parley');
  tokens.bob = await agentToken(runtime, 'bob@demo.parley');
  tokens.visitor = (await visitorSession(runtime)).token;
  // Their first sign-in writes the agents' profiles (offline, nothing published): the reports name them.
  local.keep(...(await Promise.all(['alice', 'bob', 'carol'].map((name) => connectAgent(runtime, `${name}@demo.parley`)))));
  await runtime.idle();
  await publishDay(1);
}, 120_000);

describe('metrics through the local runtime', () => {
  it('reports the fifteen metrics worked out by hand', async () => {
    const res = await report({ report: 'summary' });

    expect(res.status).toBe(200);
    expect(((await res.json()) as { summary: unknown }).summary).toEqual(EXPECTED_SUMMARY);
  });

  it('reports the agent leaderboard worked out by hand, and as CSV', async () => {
    const json = (await (await report({ report: 'agents' })).json()) as { agents: unknown };
    const csv = await report({ report: 'agents', format: 'csv' });
    const lines = (await csv.text()).trim().split('\r\n');

    expect(json.agents).toEqual(EXPECTED_AGENTS);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain(`parley-agents-${SCENARIO_DAY}-${SCENARIO_DAY}.csv`);
    expect(lines[0]?.split(',').slice(0, 4)).toEqual(['agentId', 'agentName', 'chatsTaken', 'takenByTransfer']);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['u-alice,Alice', 'u-bob,Bob', 'u-carol,Carol']);
  });

  it('reports the tags and departments tables worked out by hand', async () => {
    const tags = ((await (await report({ report: 'tags' })).json()) as { tags: unknown }).tags;
    const departments = ((await (await report({ report: 'departments' })).json()) as { departments: unknown }).departments;

    expect(tags).toEqual(EXPECTED_TAGS);
    expect(departments).toEqual(EXPECTED_DEPARTMENTS);
  });

  it('changes no number when the whole day is delivered again', async () => {
    await publishDay(10);

    const summary = ((await (await report({ report: 'summary' })).json()) as { summary: unknown }).summary;
    const agents = ((await (await report({ report: 'agents' })).json()) as { agents: unknown }).agents;

    expect(summary).toEqual(EXPECTED_SUMMARY);
    expect(agents).toEqual(EXPECTED_AGENTS);
  }, 120_000);

  // The authorization matrix of GET /reports (docs/security.md).
  it.each<{ who: string | null; query: Record<string, string>; status: number }>([
    { who: null, query: { report: 'summary' }, status: 401 },
    { who: 'visitor', query: { report: 'summary' }, status: 403 },
    { who: 'bob', query: { report: 'summary' }, status: 200 },
    { who: 'bob', query: { report: 'summary', agent: 'u-alice' }, status: 403 },
    { who: 'bob', query: { report: 'tags' }, status: 403 },
    { who: 'supervisor', query: { report: 'summary', agent: 'u-alice' }, status: 200 },
    { who: 'admin', query: { report: 'departments' }, status: 200 },
  ])('answers $who asking for $query with $status', async ({ who, query, status }) => {
    expect((await report(query, who)).status).toBe(status);
  });

  it('shows an agent their own line of the agent report only', async () => {
    const body = (await (await report({ report: 'agents' }, 'bob')).json()) as { agents: { agentId: string }[] };

    expect(body.agents.map((a) => a.agentId)).toEqual(['u-bob']);
  });

  it.each([
    [{ report: 'summary', from: '2026-11-21', to: '2026-11-20' }, 'from'],
    [{ report: 'series', grouping: 'hour', agent: 'u-bob' }, 'grouping'],
    [{ report: 'nope' }, 'report'],
  ])('refuses a bad query %j, naming the field', async (query, field) => {
    const res = await report(query);

    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field?: string; message: string } }).error.message).toContain(field);
  });
});
