import { describe, expect, it } from 'vitest';
import { filterCount, joinSort, normalizeQuery, paramsFromQuery, queryFromParams, splitSort } from './query';

describe('customer list query', () => {
  it('drops empty, unknown and default values and upper-cases the grade', () => {
    expect(
      normalizeQuery({
        q: '  星云 ',
        industry: '',
        size_tier: 'huge' as never,
        grade: 'b' as never,
        sort: '-created_at',
        province: '浙江',
      }),
    ).toEqual({ q: '星云', grade: 'B', province: '浙江' });
    expect(normalizeQuery({ sort: 'nonsense' as never })).toEqual({});
  });

  it('round-trips through the address', () => {
    const query = { owner_id: 'u1', size_tier: 'large' as const, grade: 'A' as const, sort: '-score' as const };
    expect(queryFromParams(paramsFromQuery(query))).toEqual(query);
    expect(paramsFromQuery({ q: 'x', sort: '-created_at' }).toString()).toBe('q=x');
  });

  it('counts filters but not the search or the order', () => {
    expect(filterCount({ q: 'x', sort: '-score' })).toBe(0);
    expect(filterCount({ industry: '金融', grade: 'C', owner_id: 'u' })).toBe(3);
  });

  it('splits and joins sorts', () => {
    expect(splitSort(undefined)).toEqual({ field: 'created_at', descending: true });
    expect(splitSort('-score')).toEqual({ field: 'score', descending: true });
    expect(joinSort('name', false)).toBe('name');
    expect(joinSort('score', true)).toBe('-score');
  });
});
