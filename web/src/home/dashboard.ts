// The role home pages: which cards a role sees (in order), where each figure leads, and the
// sums and rates the cards show, computed exactly from the API's money strings.
import type { components } from '../api/schema';
import type { Money } from '../api/types';
import { fromFen, toFen } from '../lib/money';

export type Dashboard = components['schemas']['DashboardDto'];
export type PipelineFigures = components['schemas']['PipelineFiguresDto'];
export type TargetFigures = components['schemas']['TargetFiguresDto'];
export type StuckDeal = components['schemas']['StuckDealDto'];
export type MonthAmount = components['schemas']['MonthAmountDto'];
export type CampaignFigures = components['schemas']['CampaignFiguresDto'];

/** The home page's filters, as the address and the API keep them. */
export interface HomeFilters {
  period?: string;
  department_id?: string;
  owner_id?: string;
}

export type HomeKind = 'rep' | 'manager' | 'marketing' | 'other';
export type HomeCard = 'target' | 'pipeline' | 'forecast' | 'today' | 'trend' | 'stuck' | 'campaigns' | 'cash';

/** Which home a role gets: by its key, a tenant's own role by its data scope. */
export function homeKind(role: string, scope: string): HomeKind {
  if (role === 'sales_rep') return 'rep';
  if (role === 'sales_manager' || role === 'admin') return 'manager';
  if (role === 'marketing') return 'marketing';
  if (role === 'finance') return 'other';
  return scope === 'own' ? 'rep' : 'manager';
}

/** The cards of a home, in order; a card whose figures the role cannot read is left out. */
export function homeCards(kind: HomeKind, dashboard: Pick<Dashboard, 'pipeline' | 'target' | 'cash' | 'campaigns'>, canToday: boolean): HomeCard[] {
  const has = {
    pipeline: Boolean(dashboard.pipeline),
    target: Boolean(dashboard.target),
    cash: Boolean(dashboard.cash),
    campaigns: Boolean(dashboard.campaigns),
  };
  const cards: [HomeCard, boolean][] =
    kind === 'rep'
      ? [
          ['target', true],
          ['pipeline', has.pipeline],
          ['today', canToday],
          ['stuck', has.pipeline],
          ['cash', has.cash],
        ]
      : kind === 'manager'
        ? [
            ['forecast', has.pipeline || has.target],
            ['trend', has.pipeline],
            ['stuck', has.pipeline],
            ['cash', has.cash],
          ]
        : kind === 'marketing'
          ? [
              ['campaigns', has.campaigns],
              ['pipeline', has.pipeline],
              ['trend', has.pipeline],
              ['cash', has.cash],
            ]
          : [
              ['cash', has.cash],
              ['forecast', has.pipeline || has.target],
              ['trend', has.pipeline],
              ['campaigns', has.campaigns],
            ];
  return cards.filter(([, shown]) => shown).map(([card]) => card);
}

/** A rate the API writes ("57.98", may pass 100) as a progress bar's percent, 0–100. */
export function progressPercent(rate: string | null | undefined): number {
  const value = Number(rate ?? 0);
  if (!Number.isFinite(value) || value <= 0) return 0;
  return Math.min(100, value);
}

/** `part ÷ whole` in percent with two decimals, rounded half up; null when the whole is zero. */
export function ratio(part: bigint, whole: bigint): string | null {
  if (whole <= 0n) return null;
  const bp = (part * 20000n + whole) / (2n * whole); // basis points, half up
  const sign = bp < 0n ? '-' : '';
  const abs = bp < 0n ? -bp : bp;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** Converted ÷ leads, percent with two decimals; null without leads. */
export function conversionRate(figures: CampaignFigures): string | null {
  return ratio(BigInt(figures.converted_leads), BigInt(figures.leads));
}

/**
 * The forecast against the target: what is already counted (the target's actual) plus what
 * the open deals are expected to bring, and that sum's rate. Null without a money target.
 */
export function forecastFigures(target: TargetFigures | null | undefined, expected: Money | null | undefined): { total: Money; rate: string | null } | null {
  if (!target || !target.target.currency) return null;
  const total = toFen(target.actual.amount) + (expected ? toFen(expected.amount) : 0n);
  return { total: fromFen(total, target.target.currency), rate: ratio(total, toFen(target.target.amount)) };
}

function withParams(path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** The opportunities list with the home's filters (a month of the trend: that month instead of the period). */
export function opportunitiesUrl(filters: HomeFilters, period = filters.period): string {
  return withParams('/opportunities', { view: 'list', period, department_id: filters.department_id, owner_id: filters.owner_id });
}

/** The analytics page with the home's filters. */
export function analyticsUrl(filters: HomeFilters, extra: Record<string, string> = {}): string {
  return withParams('/analytics', { period: filters.period, department_id: filters.department_id, owner_id: filters.owner_id, ...extra });
}

/** The forecast page with the home's filters. */
export function forecastUrl(filters: HomeFilters): string {
  return withParams('/opportunities/forecast', { period: filters.period, department_id: filters.department_id, owner_id: filters.owner_id });
}

/** The target plan's completion screen. */
export function targetUrl(target: TargetFigures): string {
  return `/targets/${target.plan_id}/completion`;
}
