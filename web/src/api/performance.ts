// The performance endpoints: a deal's credit split among its team, each person's credited
// figures, and compensation — plans with their tiers, and runs per period with each person's
// pay, recalculation and closing. Same transport as `client.ts`.
//
// Typed by hand from the targets contract until the OpenAPI document names them. Amounts are
// decimal strings in the company's currency (money objects in an answer are read as their
// amounts, see `plainAmounts`); percentages decimal strings ("70", "120.00").
import { apiUrl } from './client';
import { call, type Period } from './targets';

// ----- splits -----

export type SplitKind = 'whole' | 'excess';
export type SplitBasis = 'ratio' | 'amount';

export interface SplitShare {
  user_id: string;
  name: string;
  active: boolean;
  /** Percent, when split by ratio. */
  ratio: string | null;
  /** Money, when split by amount. */
  amount: string | null;
  /** The deal's amount × its stage's win rate × the share. */
  credited_expected: string;
  /** The share of the deal's amount once it is won. */
  credited_won: string;
}

export interface Splits {
  kind: SplitKind;
  /** False while the deal was never split (its owner credited with 100 %). */
  split?: boolean;
  basis: SplitBasis;
  /** The deal's amount. */
  amount: string;
  /** Percent. */
  win_rate: string;
  shares: SplitShare[];
}

export interface SplitsInput {
  kind: SplitKind;
  shares: { user_id: string; ratio?: string; amount?: string }[];
}

// ----- credited performance -----

export interface PersonPerformance {
  user_id: string;
  name: string;
  credited_expected: string;
  credited_won: string;
  credited_contracts: string;
  credited_collected: string;
}

export interface PerformanceQuery {
  period?: Period;
  user_id?: string;
  department_id?: string;
}

// ----- compensation -----

export type PeriodKind = 'month' | 'quarter' | 'year';

export interface Tier {
  /** Percent of completion, from (inclusive). */
  from: string;
  /** Percent, up to; null: no upper end. */
  to: string | null;
  /** The multiplier of the pool in this band. */
  rate: string;
}

export interface CompensationPlan {
  id: string;
  name: string;
  target_plan_id: string;
  period_kind: PeriodKind;
  base_pay: string;
  /** Performance pay at 100 % completion. */
  pool: string;
  /** Percent: below it no performance pay. */
  threshold: string;
  /** Percent: completion counted at most; null for no cap. */
  cap: string | null;
  tiers: Tier[];
  /** The collections factor: bands of the collection ratio (percent) and the multiplier on performance pay; null: none. */
  collections?: Tier[] | null;
  /** The margin factor: bands of the gross margin (percent) of the contracts signed; null: none. */
  margin?: Tier[] | null;
  /** The forecast-accuracy factor: bands of the accuracy (percent) of the person's monthly forecasts; null: none. */
  forecast_accuracy?: Tier[] | null;
  created_at: string;
}

export type CompensationPlanInput = Omit<CompensationPlan, 'id' | 'created_at'>;

export interface ExplanationLine {
  /** In the caller's language. */
  label: string;
  amount: string;
}

export interface RunLine {
  user_id: string;
  name: string;
  target: string;
  actual: string;
  /** Percent; null where the person has no target. */
  completion: string | null;
  base_pay: string;
  performance_pay: string;
  /** Clawback or top-up for changes to closed periods. */
  adjustment: string;
  total: string;
  explanation: ExplanationLine[];
}

export type RunStatus = 'draft' | 'closed';

export interface CompensationRun {
  /** Null for a preview (not saved). */
  id: string | null;
  plan_id: string;
  plan_name: string;
  period: Period;
  status: RunStatus;
  /** Null for a preview. */
  created_at: string | null;
  closed_at: string | null;
  total: string;
  lines: RunLine[];
}

export interface RunChange {
  user_id: string;
  name: string;
  before: string;
  after: string;
  difference: string;
}

export const performanceApi = {
  splits: (opportunityId: string) => call<Splits>('GET', `/opportunities/${opportunityId}/splits`),
  /** 422 names `shares[i].ratio` / `shares[i].amount` / `shares[i].user_id`, or `shares` (`not_whole`). */
  putSplits: (opportunityId: string, body: SplitsInput) => call<Splits>('PUT', `/opportunities/${opportunityId}/splits`, { body }),

  performance: (query: PerformanceQuery) =>
    call<{ items: PersonPerformance[] }>('GET', '/performance', { query: { ...query } }).then((page) => page.items),

  plans: () => call<{ items: CompensationPlan[] }>('GET', '/compensation-plans').then((page) => page.items),
  plan: (id: string) => call<CompensationPlan>('GET', `/compensation-plans/${id}`),
  /** 422 `tiers[i].from` with `tier_gap` / `tier_overlap`. */
  createPlan: (body: CompensationPlanInput) => call<CompensationPlan>('POST', '/compensation-plans', { body }),

  runs: (planId?: string) =>
    call<{ items: CompensationRun[] }>('GET', '/compensation-runs', { query: { plan_id: planId } }).then((page) => page.items),
  run: (id: string) => call<CompensationRun>('GET', `/compensation-runs/${id}`),
  /** What a run would pay, not saved. */
  previewRun: (planId: string, period: Period) =>
    call<CompensationRun>('POST', '/compensation-runs/preview', { body: { plan_id: planId, period } }),
  createRun: (planId: string, period: Period) =>
    call<CompensationRun>('POST', '/compensation-runs', { body: { plan_id: planId, period } }),
  /** What recalculating the run now would change, per person. */
  recalculation: (id: string) =>
    call<{ changes: RunChange[] }>('GET', `/compensation-runs/${id}/recalculation`).then((answer) => answer.changes),
  /** Draft only; 409 `run_closed`. */
  recalculate: (id: string) => call<CompensationRun>('POST', `/compensation-runs/${id}/recalculate`, { body: {} }),
  close: (id: string) => call<CompensationRun>('POST', `/compensation-runs/${id}/close`, { body: {} }),
  exportUrl: (id: string, format: 'csv' | 'xlsx') => apiUrl(`/compensation-runs/${id}/export`, { format }),
};
