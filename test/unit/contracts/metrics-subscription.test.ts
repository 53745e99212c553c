import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../functions/contracts/events';
import { manifest } from '../../../functions/manifest';
import { compilePattern } from '../../../lib/local/event-pattern';

const metrics = manifest.subscriptions.find((s) => s.name === 'metrics');
const matches = compilePattern(metrics?.pattern ?? {});
const event = (detailType: string, detail: Record<string, unknown>) => ({ source: 'parley', 'detail-type': detailType, detail });

describe('the metrics subscription', () => {
  it('takes an agent’s first reply but no ordinary message (so messages cost no metrics invocation)', () => {
    expect(matches(event('message.created', { senderRole: 'agent', firstResponseMs: 4000 }))).toBe(true);
    expect(matches(event('message.created', { senderRole: 'agent' }))).toBe(false);
    expect(matches(event('message.created', { senderRole: 'visitor', cannedId: 'x' }))).toBe(false);
  });

  const UNUSED = ['visitor.blocked', 'chat.offered', 'chat.tagged', 'team.feedback.sent'];

  it.each(EVENT_TYPES.filter((t) => t !== 'message.created' && !UNUSED.includes(t)))('takes every %s', (type) => {
    expect(matches(event(type, {}))).toBe(true);
  });

  it.each(UNUSED)('leaves out %s, which no metric uses', (type) => {
    expect(matches(event(type, {}))).toBe(false);
  });
});
