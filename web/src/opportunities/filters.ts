import type { OpportunityListQuery } from '../api/types';

/** The filters of the opportunities page, as its address keeps them. */
export interface OpportunityQuery {
  stage_id?: string;
  owner_id?: string;
  department_id?: string;
  period?: string;
  customer_id?: string;
  /** 'true': the deals whose team I am on, wherever they sit in the organisation. */
  on_my_team?: string;
}
const KEYS = ['stage_id', 'owner_id', 'department_id', 'period', 'on_my_team'] as const;

export function queryFromParams(params: URLSearchParams): OpportunityQuery {
  const query: OpportunityQuery = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value) query[key] = value;
  }
  return query;
}

/** The page's filters as `GET /opportunities` takes them. */
export function listQuery({ on_my_team, ...filters }: OpportunityQuery): OpportunityListQuery {
  return on_my_team === 'true' ? { ...filters, on_my_team: true } : filters;
}

/** Periods the forecast and the list take: this year, its quarters and its months, and next year. */
export function periodOptions(year = new Date().getFullYear()): string[] {
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  return [String(year), ...[1, 2, 3, 4].map((q) => `${year}-Q${q}`), ...months, String(year + 1)];
}
