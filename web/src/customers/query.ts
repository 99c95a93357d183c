import type { CustomerQuery, CustomerSort, Grade, SizeTier } from '../api/customer-types';

const KEYS = ['q', 'owner_id', 'industry', 'size_tier', 'province', 'grade', 'sort'] as const;

export const SIZE_TIERS: readonly SizeTier[] = ['micro', 'small', 'medium', 'large', 'enterprise'];
export const GRADES: readonly Grade[] = ['A', 'B', 'C', 'D'];

/** The orders the server takes, as the sort picker lists them; the first is the default. */
export const CUSTOMER_SORTS: readonly CustomerSort[] = ['-created_at', 'created_at', '-score', 'score', 'name', '-name'];
export const DEFAULT_SORT: CustomerSort = '-created_at';

/** The filters in a canonical form: trimmed, no empty or unknown values, the default sort left out. */
export function normalizeQuery(query: CustomerQuery): CustomerQuery {
  const out: Record<string, string> = {};
  for (const key of KEYS) {
    const value = query[key]?.toString().trim();
    if (!value) continue;
    if (key === 'size_tier' && !SIZE_TIERS.includes(value as SizeTier)) continue;
    if (key === 'grade' && !GRADES.includes(value.toUpperCase() as Grade)) continue;
    if (key === 'sort' && (value === DEFAULT_SORT || !CUSTOMER_SORTS.includes(value as CustomerSort))) continue;
    out[key] = key === 'grade' ? value.toUpperCase() : value;
  }
  return out as CustomerQuery;
}

export function queryFromParams(params: URLSearchParams): CustomerQuery {
  const raw: Record<string, string> = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value) raw[key] = value;
  }
  return normalizeQuery(raw as CustomerQuery);
}

export function paramsFromQuery(query: CustomerQuery): URLSearchParams {
  return new URLSearchParams(normalizeQuery(query) as Record<string, string>);
}

/** How many filters narrow the list (the sort and the search box do not count). */
export function filterCount(query: CustomerQuery): number {
  const q = normalizeQuery(query);
  return (['owner_id', 'industry', 'size_tier', 'province', 'grade'] as const).filter((key) => q[key]).length;
}

export type SortField = 'created_at' | 'name' | 'score';

export function splitSort(sort: CustomerSort | undefined): { field: SortField; descending: boolean } {
  const value = sort ?? DEFAULT_SORT;
  return { field: value.replace(/^-/, '') as SortField, descending: value.startsWith('-') };
}

export function joinSort(field: SortField, descending: boolean): CustomerSort {
  return (descending ? `-${field}` : field) as CustomerSort;
}
