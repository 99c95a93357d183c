import type { LeadQuery, LeadStatus } from '../api/types';
import { LEAD_STATUSES } from './status';

const KEYS = ['q', 'status', 'source', 'campaign_id', 'owner_id', 'sort'] as const;

/** The filters in a canonical form: no empty values, the default sort left out, keys sorted. */
export function normalizeQuery(query: LeadQuery): LeadQuery {
  const out: Record<string, string> = {};
  for (const key of KEYS) {
    const value = query[key]?.toString().trim();
    if (!value) continue;
    if (key === 'sort' && value === '-created_at') continue;
    if (key === 'status' && !LEAD_STATUSES.includes(value as LeadStatus)) continue;
    if (key === 'sort' && value !== 'created_at') continue;
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
