import { describe, expect, it } from 'vitest';
import { HUMAN_MS_PER_KEY, humanTyping, typingFrames } from '../../bench/typing-model';

describe('typingFrames (the real typing signal on a clock of its own)', () => {
  const text = 'Message 00000000 about order #1234';

  it('counts a preview frame per word of a message typed at a human speed, not one per keystroke', () => {
    expect(typingFrames(text, HUMAN_MS_PER_KEY, 300)).toBe(5);
  });

  it('counts a word in progress when the typist pauses longer than the preview pause', () => {
    expect(typingFrames('abcdef', 1500, 300)).toBe(6);
  });

  it('counts the bare signal as once, then again each repeat interval (4 s) while typing goes on', () => {
    expect(typingFrames(text, HUMAN_MS_PER_KEY)).toBe(3);
    expect(typingFrames('ok', HUMAN_MS_PER_KEY)).toBe(1);
  });

  it('gives the widget and the console side by side', () => {
    expect(humanTyping(text)).toEqual({ visitorFrames: 5, agentFrames: 3 });
  });
});
