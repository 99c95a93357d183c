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
  /** 'true': open deals only, as the forecast counts them. */
  open?: string;
}
const KEYS = ['stage_id', 'owner_id', 'department_id', 'period', 'on_my_team', 'open'] as const;

export function queryFromParams(params: URLSearchParams): OpportunityQuery {
  const query: OpportunityQuery = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value) query[key] = value;
  }
  return query;
}

/** The page's filters as `GET /opportunities` takes them. */
export function listQuery({ on_my_team, open, ...filters }: OpportunityQuery): OpportunityListQuery {
  return {
    ...filters,
    ...(on_my_team === 'true' ? { on_my_team: true } : {}),
    ...(open === 'true' ? { open: true } : {}),
  };
}

/** Periods the forecast and the list take: this year, its quarters and its months, and next year. */
export function periodOptions(year = new Date().getFullYear()): string[] {
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  return [String(year), ...[1, 2, 3, 4].map((q) => `${year}-Q${q}`), ...months, String(year + 1)];
}

/** What a forecast figure stands for: the forecast's own filters, narrowed to a stage or an owner. */
export interface DrillTarget {
  period?: string;
  department_id?: string;
  owner_id?: string;
  stage_id?: string;
  /** 'true' for a figure of all open deals (a total, a rep): the list then leaves closed deals out. */
  open?: string;
}

/**
 * The opportunities list behind a forecast figure: the same period, department and owner,
 * and the figure's stage (or open deals only). The list reads these back with `queryFromParams`.
 */
export function forecastDrillUrl(target: DrillTarget): string {
  const params = new URLSearchParams({ view: 'list' });
  for (const key of ['period', 'department_id', 'owner_id', 'stage_id', 'open'] as const) {
    const value = target[key];
    if (value) params.set(key, value);
  }
  return `/opportunities?${params.toString()}`;
}
