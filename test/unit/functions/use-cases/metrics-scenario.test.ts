/**
 * The scripted day of test/support/metrics-scenario.ts, folded by the metrics consumer into an
 * in-memory store and read back through the reports: every number must match the values worked
 * out by hand there. Then the same day delivered twice, and out of order for the redeliveries.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { reportQuerySchema } from '../../../../functions/contracts/reports';
import { recordMetrics } from '../../../../functions/use-cases/record-metrics';
import { runReport } from '../../../../functions/use-cases/reports';
import { AGENT_NAMES, EXPECTED_AGENTS, EXPECTED_DEPARTMENTS, EXPECTED_SUMMARY, EXPECTED_TAG_CLOSED, EXPECTED_TAGS, SCENARIO_DAY, scenarioEvents } from '../../../support/metrics-scenario';
import { onlineAgent, testDeps, type TestDeps } from '../fakes';

const supervisor = { role: 'supervisor' as const, userId: 's1' };
const query = (q: Record<string, string>) => reportQuerySchema.parse({ from: SCENARIO_DAY, to: SCENARIO_DAY, ...q });

let deps: TestDeps;

async function play(events = scenarioEvents()): Promise<string[]> {
  const results: string[] = [];
  for (const event of events) results.push(await recordMetrics(deps, event));
  return results;
}

beforeEach(() => {
  deps = testDeps();
  // The agents' profiles, as the runtime has them: the reports show their names.
  for (const [agentId, name] of Object.entries(AGENT_NAMES)) deps.store.agents.set(agentId, onlineAgent({ agentId, name }));
});

describe('the scripted day', () => {
  it('gives the fifteen metrics worked out by hand', async () => {
    await play();

    const { body } = await runReport(deps.store, supervisor, query({ report: 'summary' }));

    expect(body.summary).toEqual(EXPECTED_SUMMARY);
  });

  it('gives the agent performance report and leaderboard worked out by hand', async () => {
    await play();

    const { body } = await runReport(deps.store, supervisor, query({ report: 'agents' }));

    expect(body.agents).toEqual(EXPECTED_AGENTS);
  });

  it('counts closed chats per tag, and 20 chats in each of the 09:00 and 10:00 hours', async () => {
    await play();

    const tags = (await runReport(deps.store, supervisor, query({ report: 'tags' }))).body.tags as { key: string; closed: number }[];
    const series = (await runReport(deps.store, supervisor, query({ report: 'series', grouping: 'hour' }))).body.series as { bucket: string; chats: number; tickets: number }[];

    expect(Object.fromEntries(tags.map((t) => [t.key, t.closed]))).toEqual(EXPECTED_TAG_CLOSED);
    expect(series).toHaveLength(24);
    expect(series.filter((p) => p.chats > 0).map((p) => [p.bucket, p.chats])).toEqual([[`${SCENARIO_DAY}T09`, 20], [`${SCENARIO_DAY}T10`, 20]]);
    expect(series.find((p) => p.bucket === `${SCENARIO_DAY}T08`)?.tickets).toBe(2);
  });

  it('gives the same agent report over the whole month, read from the weekly rows (Nov 2–29) and the days around them', async () => {
    await play();

    const { body } = await runReport(deps.store, supervisor, reportQuerySchema.parse({ report: 'agents', from: '2026-11-01', to: '2026-11-30' }));

    expect(body.agents).toEqual(EXPECTED_AGENTS);
  });

  it('gives the tags table (a tag counted once per closed chat) and the departments table worked out by hand', async () => {
    await play();

    const tags = (await runReport(deps.store, supervisor, query({ report: 'tags' }))).body.tags;
    const departments = (await runReport(deps.store, supervisor, query({ report: 'departments' }))).body.departments;

    expect(tags).toEqual(EXPECTED_TAGS);
    expect(departments).toEqual(EXPECTED_DEPARTMENTS);
  });

  it('leaves every gauge of the live row at zero once the day is over', async () => {
    await play();

    const [live] = await deps.store.readRollups('LIVE', 'now', 'now');

    expect(Object.values(live?.counters ?? {}).every((v) => v === 0)).toBe(true);
    expect(Object.keys(live?.counters ?? {})).toEqual(expect.arrayContaining(['queued', 'active', 'agents.online', 'agents.busy']));
  });

  it('changes no number when every event is delivered twice, the second time in reverse order', async () => {
    const events = scenarioEvents();
    const first = await play(events);
    const again = await play([...events].reverse());

    const { body } = await runReport(deps.store, supervisor, query({ report: 'summary' }));
    const agents = (await runReport(deps.store, supervisor, query({ report: 'agents' }))).body.agents;

    expect(first.filter((r) => r === 'duplicate')).toEqual([]);
    expect(again.filter((r) => r === 'applied')).toEqual([]);
    expect(body.summary).toEqual(EXPECTED_SUMMARY);
    expect(agents).toEqual(EXPECTED_AGENTS);
  });

  it('shows an agent their own numbers only', async () => {
    await play();

    const own = await runReport(deps.store, { role: 'agent', userId: 'u-bob' }, query({ report: 'agents' }));

    expect(own.body.agents).toEqual([{ ...EXPECTED_AGENTS[1], rank: 1 }]);
    await expect(runReport(deps.store, { role: 'agent', userId: 'u-bob' }, query({ report: 'summary', agent: 'u-alice' }))).rejects.toThrow(/own numbers/);
    await expect(runReport(deps.store, { role: 'agent', userId: 'u-bob' }, query({ report: 'tags' }))).rejects.toThrow(/own numbers/);
  });
});
