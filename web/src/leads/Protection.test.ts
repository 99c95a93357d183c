import { describe, expect, it } from 'vitest';
import { protectionOf } from './Protection';

describe('protection', () => {
  const now = Date.parse('2026-03-01T00:00:00Z');
  it('is urgent under a day and overdue when past', () => {
    expect(protectionOf(null, now)).toBe('none');
    expect(protectionOf('2026-03-03T00:00:00Z', now)).toBe('safe');
    expect(protectionOf('2026-03-01T20:00:00Z', now)).toBe('urgent');
    expect(protectionOf('2026-02-28T00:00:00Z', now)).toBe('overdue');
  });
});
