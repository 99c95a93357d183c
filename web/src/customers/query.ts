import type { ViewQuery } from '../api/freeform';
import { searchParams } from '../lib/searchParams';

export const SIZE_TIERS = ['micro', 'small', 'medium', 'large', 'enterprise'] as const;
/** A customer's size (`CustomerDto.size_tier`). */
export type SizeTier = (typeof SIZE_TIERS)[number];
export const GRADES = ['A', 'B', 'C', 'D'] as const;
/** A customer's grade by the tenant's cut-offs (`CustomerDto.grade`). */
export type Grade = (typeof GRADES)[number];

/** The orders the customer list offers; `-` means descending. */
export type CustomerSort = '-created_at' | 'created_at' | 'name' | '-name' | '-score' | 'score';

/** The filters of the customer list (the `GET /customers` parameters it sets); a saved view keeps exactly these. */
export type CustomerQuery = {
  q?: string;
  owner_id?: string;
  industry?: string;
  size_tier?: SizeTier;
  province?: string;
  grade?: Grade;
  sort?: CustomerSort;
};

const KEYS = ['q', 'owner_id', 'industry', 'size_tier', 'province', 'grade', 'sort'] as const;

/** The orders the server takes, as the sort picker lists them; the first is the default. */
export const CUSTOMER_SORTS: readonly CustomerSort[] = ['-created_at', 'created_at', '-score', 'score', 'name', '-name'];
export const DEFAULT_SORT: CustomerSort = '-created_at';

export function isSizeTier(value: string | null | undefined): value is SizeTier {
  return SIZE_TIERS.some((tier) => tier === value);
}

function isGrade(value: string): value is Grade {
  return GRADES.some((grade) => grade === value);
}

function isCustomerSort(value: string): value is CustomerSort {
  return CUSTOMER_SORTS.some((sort) => sort === value);
}

/**
 * The filters in a canonical form, from the list, the address or a saved view: trimmed, no
 * empty or unknown values, the default sort left out.
 */
export function normalizeQuery(query: ViewQuery): CustomerQuery {
  const out: CustomerQuery = {};
  for (const key of KEYS) {
    const value = query[key]?.toString().trim();
    if (!value) continue;
    const grade = value.toUpperCase();
    if (key === 'size_tier') {
      if (isSizeTier(value)) out.size_tier = value;
    } else if (key === 'grade') {
      if (isGrade(grade)) out.grade = grade;
    } else if (key === 'sort') {
      if (value !== DEFAULT_SORT && isCustomerSort(value)) out.sort = value;
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function queryFromParams(params: URLSearchParams): CustomerQuery {
  return normalizeQuery(Object.fromEntries(KEYS.map((key) => [key, params.get(key) ?? undefined])));
}

export function paramsFromQuery(query: CustomerQuery): URLSearchParams {
  return searchParams(normalizeQuery(query));
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
