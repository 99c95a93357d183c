import { describe, expect, it } from 'vitest';
import { apiPeriod, kindOf, periodFromParam, periodParam, withKind, yearChoices } from './period';

const TODAY = '2026-05-20';

describe('analytics period', () => {
  it('reads the address: a year, quarter or month, all time, or this year by default', () => {
    expect(periodFromParam('2025', TODAY)).toEqual({ kind: 'year', year: 2025, index: 1 });
    expect(periodFromParam('2025-Q3', TODAY)).toEqual({ kind: 'quarter', year: 2025, index: 3 });
    expect(periodFromParam('2024-03', TODAY)).toEqual({ kind: 'month', year: 2024, index: 3 });
    expect(periodFromParam('all', TODAY)).toBeNull();
    expect(periodFromParam(null, TODAY)).toEqual({ kind: 'year', year: 2026, index: 1 });
    expect(periodFromParam('2024-13', TODAY)).toEqual({ kind: 'year', year: 2026, index: 1 });
  });

  it('writes YYYY, YYYY-Qn and YYYY-MM for the API, and nothing for all time', () => {
    expect(apiPeriod({ kind: 'year', year: 2026, index: 1 })).toBe('2026');
    expect(apiPeriod({ kind: 'quarter', year: 2026, index: 2 })).toBe('2026-Q2');
    expect(apiPeriod({ kind: 'month', year: 2024, index: 3 })).toBe('2024-03');
    expect(apiPeriod(null)).toBeUndefined();
    expect(periodParam(null)).toBe('all');
    expect(periodParam({ kind: 'month', year: 2024, index: 11 })).toBe('2024-11');
    expect(kindOf(null)).toBe('all');
  });

  it('switches kind within the year shown: today\'s quarter or month in this year, the first in another', () => {
    const thisYear = { kind: 'year' as const, year: 2026, index: 1 };
    expect(withKind(thisYear, 'quarter', TODAY)).toEqual({ kind: 'quarter', year: 2026, index: 2 });
    expect(withKind(thisYear, 'month', TODAY)).toEqual({ kind: 'month', year: 2026, index: 5 });
    expect(withKind({ kind: 'year', year: 2024, index: 1 }, 'month', TODAY)).toEqual({ kind: 'month', year: 2024, index: 1 });
    expect(withKind(thisYear, 'all', TODAY)).toBeNull();
    expect(withKind(null, 'year', TODAY)).toEqual({ kind: 'year', year: 2026, index: 1 });
  });

  it('offers five years back to one ahead, newest first, and the one shown', () => {
    expect(yearChoices(TODAY)).toEqual([2027, 2026, 2025, 2024, 2023, 2022, 2021]);
    expect(yearChoices(TODAY, 2015)).toEqual([2027, 2026, 2025, 2024, 2023, 2022, 2021, 2015]);
  });
});
