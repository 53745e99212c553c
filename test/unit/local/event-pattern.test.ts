import { describe, expect, it } from 'vitest';
import { compilePattern, type EventPattern } from '../../../lib/local/event-pattern';

const event = {
  version: '0',
  source: 'parley',
  'detail-type': 'chat.closed',
  detail: {
    chatId: 'c-42',
    department: 'Billing',
    outcome: 'resolved',
    tags: ['refund', 'vip'],
    durationMs: 1500,
    agent: { id: 'u-alice', level: 3 },
    note: null,
  },
};

describe('compilePattern', () => {
  it.each<[string, EventPattern, boolean]>([
    ['exact value', { source: ['parley'] }, true],
    ['exact value that differs', { source: ['other'] }, false],
    ['one of several values', { 'detail-type': ['chat.requested', 'chat.closed'] }, true],
    ['a number compared exactly', { detail: { durationMs: [1500] } }, true],
    ['a string never equals a number', { detail: { durationMs: ['1500'] } }, false],
    ['null matches a null field', { detail: { note: [null] } }, true],
    ['prefix', { 'detail-type': [{ prefix: 'chat.' }] }, true],
    ['prefix that differs', { 'detail-type': [{ prefix: 'agent.' }] }, false],
    ['prefix ignoring case', { detail: { department: [{ prefix: { 'equals-ignore-case': 'BIL' } }] } }, true],
    ['suffix', { 'detail-type': [{ suffix: '.closed' }] }, true],
    ['suffix that differs', { 'detail-type': [{ suffix: '.opened' }] }, false],
    ['wildcard', { 'detail-type': [{ wildcard: 'chat.*d' }] }, true],
    ['wildcard that differs', { 'detail-type': [{ wildcard: 'agent.*' }] }, false],
    ['wildcard escapes regex characters', { 'detail-type': [{ wildcard: 'chat?closed' }] }, false],
    ['anything-but a value', { detail: { outcome: [{ 'anything-but': 'escalated' }] } }, true],
    ['anything-but the value it has', { detail: { outcome: [{ 'anything-but': ['resolved', 'x'] }] } }, false],
    ['anything-but a prefix', { 'detail-type': [{ 'anything-but': { prefix: 'agent.' } }] }, true],
    ['anything-but a missing field', { detail: { missing: [{ 'anything-but': 'x' }] } }, false],
    ['numeric range inside', { detail: { durationMs: [{ numeric: ['>', 1000, '<=', 1500] }] } }, true],
    ['numeric range outside', { detail: { durationMs: [{ numeric: ['<', 1000] }] } }, false],
    ['numeric on a string', { detail: { chatId: [{ numeric: ['>', 0] }] } }, false],
    ['exists on a present field', { detail: { chatId: [{ exists: true }] } }, true],
    ['exists on a missing field', { detail: { missing: [{ exists: true }] } }, false],
    ['not exists on a missing field', { detail: { missing: [{ exists: false }] } }, true],
    ['not exists on a present field', { detail: { chatId: [{ exists: false }] } }, false],
    ['exists on an object field', { detail: { agent: [{ exists: true }] } }, false],
    ['equals-ignore-case', { detail: { department: [{ 'equals-ignore-case': 'billing' }] } }, true],
    ['equals-ignore-case that differs', { detail: { department: [{ 'equals-ignore-case': 'support' }] } }, false],
    ['nested objects', { detail: { agent: { id: ['u-alice'], level: [{ numeric: ['>=', 3] }] } } }, true],
    ['nested object on a leaf', { detail: { chatId: { id: ['x'] } } }, false],
    ['array field, one element matches', { detail: { tags: ['vip'] } }, true],
    ['array field, no element matches', { detail: { tags: ['spam'] } }, false],
    ['$or, second branch matches', { $or: [{ source: ['x'] }, { detail: { tags: [{ prefix: 'ref' }] } }] }, true],
    ['$or, no branch matches', { $or: [{ source: ['x'] }, { detail: { outcome: ['escalated'] } }] }, false],
    ['every field must match', { source: ['parley'], 'detail-type': ['chat.requested'] }, false],
  ])('%s → %s', (_name, pattern, expected) => {
    // Arrange
    const matches = compilePattern(pattern);

    // Act
    const result = matches(event);

    // Assert
    expect(result).toBe(expected);
  });

  it.each<[string, EventPattern, RegExp]>([
    ['an unknown operator', { source: [{ regex: 'x' }] }, /unknown operator "regex"/],
    ['a bare value instead of a list', { source: 'parley' }, /"source" must be a list/],
    ['an empty list', { source: [] }, /empty list/],
    ['a $or with one branch', { $or: [{ source: ['x'] }] }, /at least two/],
    ['an odd numeric list', { detail: { n: [{ numeric: ['>'] }] } }, /numeric/],
  ])('refuses %s', (_name, pattern, message) => {
    // Act / Assert
    expect(() => compilePattern(pattern)).toThrow(message);
  });
});
