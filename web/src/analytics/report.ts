// What the analytics page asks and where its figures lead: the report query from the page's
// filters, the drill-through to the opportunities list (for the groups it can filter by),
// and whether a rep's figure is worse than the team's.
import type { EfficiencyGroup, PipelineGroup } from '../api/analytics';
import type { EfficiencyRow, Money, ReportQuery } from '../api/types';
import { compareAmounts } from '../lib/money';

/** The page's filters: the period as the API takes it (absent: all time), a department and an owner. */
export interface ReportFilters {
  period?: string;
  department_id?: string;
  owner_id?: string;
}

export function reportQuery(filters: ReportFilters, groupBy: PipelineGroup | EfficiencyGroup): ReportQuery {
  const query: ReportQuery = { group_by: groupBy };
  if (filters.period) query.period = filters.period;
  if (filters.department_id) query.department_id = filters.department_id;
  if (filters.owner_id) query.owner_id = filters.owner_id;
  return query;
}

/**
 * The opportunities list behind a group of a report, with the page's filters; null for a
 * group the list cannot filter by (products, campaigns) and for the "none" group.
 */
export function drillUrl(groupBy: PipelineGroup | EfficiencyGroup, key: string | null | undefined, filters: ReportFilters): string | null {
  if (!key) return null;
  const target: Record<string, string | undefined> = { ...filters };
  if (groupBy === 'month') target.period = key;
  else if (groupBy === 'owner') target.owner_id = key;
  else if (groupBy === 'department') target.department_id = key;
  else return null;
  const params = new URLSearchParams({ view: 'list' });
  for (const key of ['owner_id', 'department_id', 'period'] as const) {
    const value = target[key];
    if (value) params.set(key, value);
  }
  return `/opportunities?${params.toString()}`;
}

/** Whether the groups of a report lead anywhere. */
export function drillable(groupBy: PipelineGroup | EfficiencyGroup): boolean {
  return groupBy === 'month' || groupBy === 'owner' || groupBy === 'department';
}

/** The figures of the efficiency table compared with the team's. */
export type EfficiencyFigure = 'win_rate_of_closed' | 'win_rate_of_all' | 'average_won_amount' | 'average_cycle_days';

function text(row: EfficiencyRow, figure: EfficiencyFigure): string | null {
  const value = row[figure] as string | Money | null | undefined;
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.amount;
}

/**
 * Whether a row's figure is worse than the team's: a lower win rate or average deal, a
 * longer cycle. Figures without a value (nothing closed yet) are never worse.
 */
export function worseThanTeam(row: EfficiencyRow, team: EfficiencyRow, figure: EfficiencyFigure): boolean {
  const mine = text(row, figure);
  const theirs = text(team, figure);
  if (mine === null || theirs === null) return false;
  const order = compareAmounts(mine, theirs);
  return figure === 'average_cycle_days' ? order > 0 : order < 0;
}
