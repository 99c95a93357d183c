// The contract list's filters: what the address keeps and a saved view stores.
import type { ViewQuery } from '../api/freeform';
import type { ContractListQuery } from '../api/types';
import { searchParams } from '../lib/searchParams';
import { isContractStatus, type ContractStatus } from './lifecycle';

/** The filters of the contract list (the `GET /contracts` parameters it sets). */
export type ContractQuery = {
  status?: ContractStatus;
  customer_id?: string;
  opportunity_id?: string;
};

const KEYS = ['status', 'customer_id', 'opportunity_id'] as const;

/** The filters in canonical form, from the address or a saved view: trimmed, no empty or unknown values. */
export function normalizeQuery(query: ViewQuery): ContractQuery {
  const out: ContractQuery = {};
  for (const key of KEYS) {
    const value = query[key]?.toString().trim();
    if (!value) continue;
    if (key === 'status') {
      if (isContractStatus(value)) out.status = value;
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
