import { describe, expect, it } from 'vitest';
import { joinSort, listQuery, normalizeQuery, paramsFromQuery, queryFromParams, splitSort } from './query';

describe('contract list filters', () => {
  it('keep known statuses and trimmed ids, nothing empty or unknown', () => {
    expect(normalizeQuery({ status: 'active', customer_id: ' c1 ', q: 'x' } as Record<string, string>)).toEqual({ status: 'active', customer_id: 'c1' });
    expect(normalizeQuery({ status: 'approved', customer_id: '' })).toEqual({});
  });

  it('round-trip through the address', () => {
    const params = paramsFromQuery({ status: 'in_approval', opportunity_id: 'o1' });
    expect(params.toString()).toBe('status=in_approval&opportunity_id=o1');
    expect(queryFromParams(params)).toEqual({ status: 'in_approval', opportunity_id: 'o1' });
    expect(listQuery(queryFromParams(new URLSearchParams('status=bogus')))).toEqual({});
  });

  it('keep a known order, the default left out', () => {
    expect(normalizeQuery({ sort: '-amount' })).toEqual({ sort: '-amount' });
    expect(normalizeQuery({ sort: 'name' })).toEqual({ sort: 'name' });
    expect(normalizeQuery({ sort: '-created_at' })).toEqual({});
    expect(normalizeQuery({ sort: 'probability' })).toEqual({});
    expect(listQuery(queryFromParams(new URLSearchParams('sort=-amount&status=active')))).toEqual({ status: 'active', sort: '-amount' });
    expect(splitSort(undefined)).toEqual({ field: 'created_at', descending: true });
    expect(splitSort('amount')).toEqual({ field: 'amount', descending: false });
    expect(joinSort('amount', true)).toBe('-amount');
  });
});
