// A compensation plan's tiers: bands of completion (from, to in percent; the last open-ended)
// each paying the pool at a rate — and, optionally, factors (margin 毛利, collections 回款,
// forecast accuracy 预测准确率): bands of a ratio each multiplying the performance pay. Every
// table follows the same rules,
// checked live here (they start at 0, each from where the one before ends, only the last
// open-ended), and the plan's request body.
import type { CompensationPlan, CompensationPlanInput, PeriodKind, Tier } from '../api/performance';

/** A plan's input, with the optional collections factor. */
export type PlanInput = CompensationPlanInput;

/** A plan as the server answers it, with the collections factor (null: none). */
export type PlanWithCollections = CompensationPlan;

export interface TierValues {
  from?: string | null;
  to?: string | null;
  rate?: string | null;
}

export interface PlanFormValues {
  name: string;
  target_plan_id: string;
  period_kind: PeriodKind;
  base_pay: string;
  pool: string;
  threshold: string;
  cap?: string | null;
  tiers: TierValues[];
  /** Weigh the performance pay by the collection ratio (回款系数). */
  weigh_collections?: boolean;
  collections?: TierValues[];
  /** Weigh the performance pay by the gross margin of the contracts signed (毛利系数). */
  weigh_margin?: boolean;
  margin?: TierValues[];
  /** Weigh the performance pay by how accurate the person's forecasts were (预测准确率). */
  weigh_forecast_accuracy?: boolean;
  forecast_accuracy?: TierValues[];
}

/** The factors a plan may weigh performance pay by, in the order they apply. */
export const FACTORS = ['margin', 'collections', 'forecast_accuracy'] as const;
export type Factor = (typeof FACTORS)[number];

const text = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value).trim());
const num = (value: string | number | null | undefined) => (text(value) === '' ? null : Number(text(value)));

export type TierProblem = 'gap' | 'overlap' | 'open_end' | 'empty';

/**
 * What is wrong with each tier, by index: it does not start where the one before ends (a gap
 * or an overlap; the first must start at 0), it is open-ended but not the last, or it ends
 * where it starts. An empty map when the tiers are sound.
 */
export function checkTiers(tiers: TierValues[]): Map<number, TierProblem> {
  const problems = new Map<number, TierProblem>();
  let end: number | null = 0;
  tiers.forEach((tier, i) => {
    const from = num(tier.from);
    const to = num(tier.to);
    if (from === null) return;
    if (end !== null && from > end) problems.set(i, 'gap');
    else if (end !== null && from < end) problems.set(i, 'overlap');
    else if (to !== null && to <= from) problems.set(i, 'empty');
    if (to === null && i < tiers.length - 1 && !problems.has(i)) problems.set(i, 'open_end');
    end = to;
  });
  return problems;
}

/** The tiers a new plan starts with: below 100 % at 1×, above at 1.5×. */
export const DEFAULT_TIERS: TierValues[] = [
  { from: '0', to: '100', rate: '1' },
  { from: '100', to: null, rate: '1.5' },
];

/** The collections factor a plan starts with when switched on: below 50 % × 0.5, to 80 % × 0.8, above × 1. */
export const DEFAULT_COLLECTIONS: TierValues[] = [
  { from: '0', to: '50', rate: '0.5' },
  { from: '50', to: '80', rate: '0.8' },
  { from: '80', to: null, rate: '1' },
];

/** The margin factor a plan starts with when switched on: below 20 % × 0.8, to 40 % × 1, above × 1.2. */
export const DEFAULT_MARGIN: TierValues[] = [
  { from: '0', to: '20', rate: '0.8' },
  { from: '20', to: '40', rate: '1' },
  { from: '40', to: null, rate: '1.2' },
];

/** The forecast-accuracy factor a plan starts with when switched on: below 70 % × 0.9, to 90 % × 1, above × 1.1. */
export const DEFAULT_FORECAST_ACCURACY: TierValues[] = [
  { from: '0', to: '70', rate: '0.9' },
  { from: '70', to: '90', rate: '1' },
  { from: '90', to: null, rate: '1.1' },
];

/** Each factor's starting bands. */
export const FACTOR_DEFAULTS: Record<Factor, TierValues[]> = {
  margin: DEFAULT_MARGIN,
  collections: DEFAULT_COLLECTIONS,
  forecast_accuracy: DEFAULT_FORECAST_ACCURACY,
};

/** A table's rows as the server takes them: trimmed, an empty `to` as null (open-ended). */
export function tierInputs(tiers: TierValues[] | null | undefined): Tier[] {
  return (tiers ?? []).map((tier): Tier => ({ from: text(tier.from), to: text(tier.to) || null, rate: text(tier.rate) }));
}

/** POST /compensation-plans: each factor's bands only when the plan is weighed by it. */
export function planBody(values: PlanFormValues): PlanInput {
  return {
    name: values.name.trim(),
    target_plan_id: values.target_plan_id,
    period_kind: values.period_kind,
    base_pay: text(values.base_pay),
    pool: text(values.pool),
    threshold: text(values.threshold),
    cap: text(values.cap) || null,
    tiers: tierInputs(values.tiers),
    ...(values.weigh_margin ? { margin: tierInputs(values.margin) } : {}),
    ...(values.weigh_collections ? { collections: tierInputs(values.collections) } : {}),
    ...(values.weigh_forecast_accuracy ? { forecast_accuracy: tierInputs(values.forecast_accuracy) } : {}),
  };
}
