// The contract list's filters: what the address keeps and a saved view stores.
import type { ViewQuery } from '../api/freeform';
import type { ContractListQuery } from '../api/types';
import { searchParams } from '../lib/searchParams';
import { isContractStatus, type ContractStatus } from './lifecycle';

/** What the list can be ordered by; `-` first runs it backwards (the default: newest first). */
export type SortField = 'created_at' | 'amount' | 'name' | 'updated_at';
export type ContractSort = SortField | `-${SortField}`;
const SORT_FIELDS: readonly string[] = ['created_at', 'amount', 'name', 'updated_at'];
const DEFAULT_SORT: ContractSort = '-created_at';

/** The filters of the contract list (the `GET /contracts` parameters it sets). */
export type ContractQuery = {
  status?: ContractStatus;
  customer_id?: string;
  opportunity_id?: string;
  sort?: ContractSort;
};

const KEYS = ['status', 'customer_id', 'opportunity_id', 'sort'] as const;

/** The column a sort orders by, and whether it runs backwards. */
export function splitSort(sort: ContractSort | undefined): { field: SortField; descending: boolean } {
  const value = sort ?? DEFAULT_SORT;
  return { field: value.replace(/^-/, '') as SortField, descending: value.startsWith('-') };
}

export function joinSort(field: SortField, descending: boolean): ContractSort {
  return descending ? `-${field}` : field;
}

/** The filters in canonical form, from the address or a saved view: trimmed, no empty or unknown values. */
export function normalizeQuery(query: ViewQuery): ContractQuery {
  const out: ContractQuery = {};
  for (const key of KEYS) {
    const value = query[key]?.toString().trim();
    if (!value) continue;
    if (key === 'status') {
      if (isContractStatus(value)) out.status = value;
    } else if (key === 'sort') {
      if (SORT_FIELDS.includes(value.replace(/^-/, '')) && value !== DEFAULT_SORT) out.sort = value as ContractSort;
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function queryFromParams(params: URLSearchParams): ContractQuery {
  return normalizeQuery(Object.fromEntries(KEYS.map((key) => [key, params.get(key) ?? undefined])));
}

export function paramsFromQuery(query: ContractQuery): URLSearchParams {
  return searchParams(normalizeQuery(query));
}

/** The filters as the list endpoint takes them. */
export function listQuery(query: ContractQuery): ContractListQuery {
  return { ...normalizeQuery(query) };
}
