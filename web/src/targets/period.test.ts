import { describe, expect, it } from 'vitest';
import { defaultPeriod, lastFinished, parsePeriod, periodOfDay, periodText, previousPeriod } from './period';

describe('periods', () => {
  it('write and read the API form', () => {
    expect(periodText({ kind: 'year', year: 2026, index: 1 })).toBe('2026');
    expect(periodText({ kind: 'quarter', year: 2026, index: 1 })).toBe('2026-Q1');
    expect(periodText({ kind: 'month', year: 2026, index: 3 })).toBe('2026-03');
    expect(parsePeriod('2026-Q4')).toEqual({ kind: 'quarter', year: 2026, index: 4 });
    expect(parsePeriod('2026-12')).toEqual({ kind: 'month', year: 2026, index: 12 });
    expect(parsePeriod('2026-13')).toBeNull();
    expect(parsePeriod('')).toBeNull();
  });

  it('step back one period, over the year end', () => {
    expect(periodText(previousPeriod({ kind: 'month', year: 2026, index: 1 }))).toBe('2025-12');
    expect(periodText(previousPeriod({ kind: 'quarter', year: 2026, index: 3 }))).toBe('2026-Q2');
    expect(periodText(previousPeriod({ kind: 'year', year: 2026, index: 1 }))).toBe('2025');
  });

  it('know the last finished month or quarter of a plan’s year', () => {
    expect(periodText(lastFinished('month', 2026, '2026-05-20') ?? periodOfDay('year', '2000-01-01'))).toBe('2026-04');
    expect(lastFinished('month', 2026, '2026-01-20')).toBeNull();
    expect(lastFinished('quarter', 2026, '2026-02-01')).toBeNull();
    expect(periodText(lastFinished('quarter', 2026, '2026-08-01') ?? periodOfDay('year', '2000-01-01'))).toBe('2026-Q2');
    expect(periodText(lastFinished('month', 2025, '2026-03-01') ?? periodOfDay('year', '2000-01-01'))).toBe('2025-12');
    expect(lastFinished('month', 2027, '2026-03-01')).toBeNull();
  });

  it('start the picker on today’s period in the plan’s year, else the year’s first', () => {
    expect(defaultPeriod('month', 2026, '2026-07-04')).toEqual({ kind: 'month', year: 2026, index: 7 });
    expect(defaultPeriod('quarter', 2027, '2026-07-04')).toEqual({ kind: 'quarter', year: 2027, index: 1 });
  });
});
