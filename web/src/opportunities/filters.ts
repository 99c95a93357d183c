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
  /** The list's order: `amount`, `name`, `updated_at` or `created_at`, `-` first backwards. */
  sort?: string;
}
const KEYS = ['stage_id', 'owner_id', 'department_id', 'period', 'on_my_team', 'open', 'sort'] as const;
const SORT_FIELDS: readonly string[] = ['created_at', 'amount', 'name', 'updated_at'];

export function queryFromParams(params: URLSearchParams): OpportunityQuery {
  const query: OpportunityQuery = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (key === 'sort' && value && !SORT_FIELDS.includes(value.replace(/^-/, ''))) continue;
    if (value) query[key] = value;
  }
  return query;
}

/** The column a sort orders by (newest first when none), and whether it runs backwards. */
export function splitSort(sort: string | undefined): { field: string; descending: boolean } {
  const value = sort ?? '-created_at';
  return { field: value.replace(/^-/, ''), descending: value.startsWith('-') };
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
