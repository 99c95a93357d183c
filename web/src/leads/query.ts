import type { ViewQuery } from '../api/freeform';
import { searchParams } from '../lib/searchParams';
import { isLeadStatus, type LeadStatus } from './status';

/** The orders the leads list offers; `-` means descending. */
export type LeadSort = '-created_at' | 'created_at' | 'company_name' | '-company_name' | '-updated_at' | 'updated_at';

/** The filters of the leads list (the `GET /leads` parameters it sets); a saved view keeps exactly these. */
export type LeadQuery = {
  q?: string;
  status?: LeadStatus;
  source?: string;
  campaign_id?: string;
  owner_id?: string;
  sort?: LeadSort;
};

/** The download formats of the leads list. */
export type LeadExportFormat = 'csv' | 'xlsx';

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

function isLeadSort(value: string): value is LeadSort {
  return LEAD_SORTS.some((sort) => sort === value);
}

/**
 * The filters in a canonical form, from the list, the address or a saved view: no empty or
 * unknown values, the default sort left out, keys in one order.
 */
export function normalizeQuery(query: ViewQuery): LeadQuery {
  const out: LeadQuery = {};
  for (const key of KEYS) {
    const value = query[key]?.toString().trim();
    if (!value) continue;
    if (key === 'status') {
      if (isLeadStatus(value)) out.status = value;
    } else if (key === 'sort') {
      if (value !== DEFAULT_SORT && isLeadSort(value)) out.sort = value;
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function sameQuery(a: ViewQuery, b: ViewQuery): boolean {
  return JSON.stringify(normalizeQuery(a)) === JSON.stringify(normalizeQuery(b));
}

export function queryFromParams(params: URLSearchParams): LeadQuery {
  return normalizeQuery(Object.fromEntries(KEYS.map((key) => [key, params.get(key) ?? undefined])));
}

export function paramsFromQuery(query: LeadQuery): URLSearchParams {
  return searchParams(normalizeQuery(query));
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
