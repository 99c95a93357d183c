import type { LeadQuery, LeadSort, LeadStatus } from '../api/types';
import { LEAD_STATUSES } from './status';

const KEYS = ['q', 'status', 'source', 'campaign_id', 'owner_id', 'sort'] as const;

/** The orders the server takes, in the order the sort picker lists them; the first is the default. */
export const LEAD_SORTS: readonly LeadSort[] = [
  '-created_at',
  'created_at',
  '-updated_at',
  'updated_at',
  'company_name',
  '-company_name',
];
export const DEFAULT_SORT: LeadSort = '-created_at';

/** The filters in a canonical form: no empty values, the default sort left out, keys sorted. */
export function normalizeQuery(query: LeadQuery): LeadQuery {
  const out: Record<string, string> = {};
  for (const key of KEYS) {
    const value = query[key]?.toString().trim();
    if (!value) continue;
    if (key === 'status' && !LEAD_STATUSES.includes(value as LeadStatus)) continue;
    if (key === 'sort' && (value === DEFAULT_SORT || !LEAD_SORTS.includes(value as LeadSort))) continue;
    out[key] = value;
  }
  return out as LeadQuery;
}

export function sameQuery(a: LeadQuery, b: LeadQuery): boolean {
  return JSON.stringify(normalizeQuery(a)) === JSON.stringify(normalizeQuery(b));
}

export function queryFromParams(params: URLSearchParams): LeadQuery {
  const raw: Record<string, string> = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value) raw[key] = value;
  }
  return normalizeQuery(raw as LeadQuery);
}

export function paramsFromQuery(query: LeadQuery): URLSearchParams {
  return new URLSearchParams(normalizeQuery(query) as Record<string, string>);
}

/** How many filters narrow the list (the sort and the search box do not count). */
export function filterCount(query: LeadQuery): number {
  const q = normalizeQuery(query);
  return (['status', 'source', 'campaign_id', 'owner_id'] as const).filter((key) => q[key]).length;
}

export type SortField = 'created_at' | 'updated_at' | 'company_name';

/** The column a sort orders by, and whether it runs backwards. */
export function splitSort(sort: LeadSort | undefined): { field: SortField; descending: boolean } {
  const value = sort ?? DEFAULT_SORT;
  return { field: value.replace(/^-/, '') as SortField, descending: value.startsWith('-') };
}

export function joinSort(field: SortField, descending: boolean): LeadSort {
  return (descending ? `-${field}` : field) as LeadSort;
}
