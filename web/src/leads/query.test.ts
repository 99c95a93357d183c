import { describe, expect, it } from 'vitest';
import { leadsApi } from '../api/leads';
import { filterCount, joinSort, LEAD_SORTS, normalizeQuery, paramsFromQuery, queryFromParams, sameQuery, splitSort, type LeadQuery } from './query';
import { duplicateQueryOf } from './useDuplicateCheck';

describe('lead list queries', () => {
  it('keep every sort the server takes, except the default', () => {
    for (const sort of LEAD_SORTS.filter((s) => s !== '-created_at')) {
      expect(queryFromParams(new URLSearchParams({ sort, status: 'new' }))).toEqual({ status: 'new', sort });
    }
    expect(queryFromParams(new URLSearchParams({ sort: '-created_at' }))).toEqual({});
    expect(queryFromParams(new URLSearchParams({ sort: 'score' }))).toEqual({});
  });

  it('put the sort in the address and in a saved view', () => {
    const query: LeadQuery = { q: '星云', sort: '-company_name' };
    expect(paramsFromQuery(query).toString()).toBe(`q=${encodeURIComponent('星云')}&sort=-company_name`);
    expect(normalizeQuery(query)).toEqual(query);
    expect(sameQuery({ sort: '-created_at' }, {})).toBe(true);
    expect(sameQuery({ sort: 'company_name' }, {})).toBe(false);
  });

  it('split a sort into its column and direction, and back', () => {
    expect(splitSort(undefined)).toEqual({ field: 'created_at', descending: true });
    expect(splitSort('company_name')).toEqual({ field: 'company_name', descending: false });
    for (const sort of LEAD_SORTS) {
      const { field, descending } = splitSort(sort);
      expect(joinSort(field, descending)).toBe(sort);
    }
  });

  it('export the filters and the order, as CSV or Excel', () => {
    const url = new URL(leadsApi.exportUrl({ status: 'new', sort: '-updated_at' }, 'xlsx'), 'http://x');
    expect(url.pathname).toBe('/api/v1/leads');
    expect(Object.fromEntries(url.searchParams)).toEqual({ status: 'new', sort: '-updated_at', format: 'xlsx' });
    expect(new URL(leadsApi.exportUrl({}, 'csv'), 'http://x').searchParams.get('format')).toBe('csv');
  });
});

describe('lead query', () => {
  it('drops empty values, the default sort and unknown statuses', () => {
    expect(normalizeQuery({ q: ' ', status: 'new', sort: '-created_at' })).toEqual({ status: 'new' });
    expect(normalizeQuery({ status: 'nonsense' as never, sort: 'created_at' })).toEqual({ sort: 'created_at' });
    expect(sameQuery({ status: 'new', sort: '-created_at' }, { status: 'new' })).toBe(true);
    expect(sameQuery({ status: 'new' }, { status: 'contacted' })).toBe(false);
  });

  it('round-trips through the URL and counts only narrowing filters', () => {
    const query = { q: '星云', status: 'qualified' as const, owner_id: 'u1', sort: 'created_at' as const };
    expect(queryFromParams(paramsFromQuery(query))).toEqual(query);
    expect(filterCount(query)).toBe(2);
  });
});

describe('duplicateQueryOf', () => {
  it('asks only about values worth a lookup', () => {
    expect(duplicateQueryOf({ company_name: 'A', phone: '123', email: 'x', credit_code: 'short' })).toEqual({});
    expect(
      duplicateQueryOf({
        company_name: ' 星云 ',
        phone: '131 2345 6789',
        email: 'a@b.cn',
        credit_code: '91350100M000100Y43',
      }),
    ).toEqual({ company_name: '星云', phone: '131 2345 6789', email: 'a@b.cn', credit_code: '91350100M000100Y43' });
    // Masked pool values would match nothing useful.
    expect(duplicateQueryOf({ phone: '131****6789', email: 'z***@***.cn' })).toEqual({});
  });
});
