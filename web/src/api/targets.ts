// The target endpoints: target plans and their allocations down the organisation, the
// suggestion by resources, locking and versions, completion per unit and period, and the
// visit rules with each rep's weekly visit tasks. Same transport as `client.ts`.
//
// Typed by hand from the targets contract until the OpenAPI document names them. Amounts are
// decimal strings in the company's currency ("1000000.00"); for the counted metrics
// (new customers, visits) they are plain integers ("5"). Percentages are decimal strings ("33.33").
import { request, type RequestOptions } from './client';

/**
 * Money in these answers may come as the API's money objects (`{amount, currency}`) or as
 * plain decimal strings; the screens work on the strings (the currency is the company's), so
 * every answer has its money objects replaced by their amounts.
 */
export function plainAmounts<T>(value: unknown): T {
  if (Array.isArray(value)) return value.map((item) => plainAmounts(item)) as T;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 2 && typeof record.amount === 'string' && typeof record.currency === 'string') return record.amount as T;
    return Object.fromEntries(keys.map((key) => [key, plainAmounts(record[key])])) as T;
  }
  return value as T;
}

/** A request whose answer has its money as plain amounts. */
export function call<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  return request<unknown>(method, path, options).then((answer) => plainAmounts<T>(answer));
}

export type TargetMetric = 'contract_amount' | 'payments' | 'won_amount' | 'new_customers' | 'visits';
export const TARGET_METRICS: readonly TargetMetric[] = ['contract_amount', 'payments', 'won_amount', 'new_customers', 'visits'];
export type PlanStatus = 'draft' | 'locked';
export type UnitKind = 'department' | 'user';

/** What a unit has to work with: the weights a suggestion splits by. */
export interface UnitResources {
  active_customers: number;
  /** Money: the open pipeline's potential. */
  potential: string;
}

/** A department or a person with their part of the plan, month by month. */
export interface TargetUnit {
  kind: UnitKind;
  id: string;
  name: string;
  /** The nearest allocated ancestor unit; null directly under the company. */
  parent_id: string | null;
  /** Twelve amounts, January first. */
  months: string[];
  total: string;
  resources: UnitResources;
}

export interface TargetPlan {
  id: string;
  name: string;
  metric: TargetMetric;
  year: number;
  total: string;
  status: PlanStatus;
  version: number;
  /** Why this version was made. */
  reason: string | null;
  previous_id: string | null;
  superseded_by: string | null;
  created_at: string;
  locked_at: string | null;
  units: TargetUnit[];
}

export interface TargetPlanInput {
  name: string;
  metric: TargetMetric;
  year: number;
  total: string;
}

/** One unit of PUT allocations: a department or a person, and its twelve months. */
export interface AllocationInput {
  department_id?: string;
  user_id?: string;
  months: string[];
}

export type SuggestionBasis = 'active_customers' | 'potential' | 'even';
export const SUGGESTION_BASES: readonly SuggestionBasis[] = ['active_customers', 'potential', 'even'];

export interface SuggestionInput {
  /** Null: the company's children (the root's sub-departments and the people directly in it). */
  department_id: string | null;
  basis: SuggestionBasis;
  remainder_to?: string;
  /** The parent's twelve months as the screen has them now (default: as saved). */
  parent_months?: string[];
}

export interface SuggestedUnit {
  kind: UnitKind;
  id: string;
  name: string;
  resources: UnitResources;
  /** Percent of the siblings' resources. */
  share: string;
  months: string[];
  total: string;
}

export interface Suggestion {
  units: SuggestedUnit[];
}

/** `2026`, `2026-Q1` or `2026-03`. */
export type Period = string;

export interface PeriodFigures {
  period: Period;
  target: string;
  actual: string;
  /** Percent; null when the target is zero. */
  rate: string | null;
}

export interface CompletionRow {
  unit: { kind: 'company' | UnitKind; id: string | null; name: string };
  parent_id: string | null;
  target: string;
  actual: string;
  rate: string | null;
  /** Target minus actual; negative when exceeded. */
  gap: string;
  /** The period before, of the same length. */
  previous: PeriodFigures | null;
}

export interface CompletionMonth {
  /** `2026-01`. */
  month: string;
  target: string;
  actual: string;
}

export interface Completion {
  plan_id: string;
  metric: TargetMetric;
  period: Period;
  rows: CompletionRow[];
  /** The company's twelve months, or those of `department_id`'s unit when given. */
  months: CompletionMonth[];
}

// ----- visit rules and tasks -----

export type VisitCounts = 'new_customers' | 'customers' | 'visits';
export const VISIT_COUNTS: readonly VisitCounts[] = ['new_customers', 'customers', 'visits'];

export interface VisitRule {
  id: string;
  name: string;
  per_week: number;
  counts: VisitCounts;
  department_id: string | null;
  role_id: string | null;
  active: boolean;
  created_at: string;
}

export interface VisitRuleInput {
  name: string;
  per_week: number;
  counts: VisitCounts;
  department_id?: string | null;
  role_id?: string | null;
}

export interface VisitTask {
  rule_id: string;
  rule_name: string;
  user_id: string;
  user_name: string;
  counts: VisitCounts;
  required: number;
  done: number;
  percent: string;
}

export interface VisitTasks {
  /** ISO week, `2026-W49`. */
  week: string;
  from: string;
  to: string;
  items: VisitTask[];
}

export interface VisitTaskQuery {
  week?: string;
  user_id?: string;
  department_id?: string;
}

export const targetsApi = {
  plans: (year?: number) =>
    call<{ items: TargetPlan[]; next_cursor?: string | null }>('GET', '/target-plans', { query: { year } }).then((page) => page.items),
  plan: (id: string) => call<TargetPlan>('GET', `/target-plans/${id}`),
  createPlan: (body: TargetPlanInput) => call<TargetPlan>('POST', '/target-plans', { body }),
  /** Draft only; 409 `plan_locked`. */
  updatePlan: (id: string, body: { name?: string; total?: string }) => call<TargetPlan>('PATCH', `/target-plans/${id}`, { body }),
  /**
   * Replaces the allocations. 422 names `units[i].months[m]` (code `unbalanced`) where a
   * month of a unit's children does not add up to the unit's, or `total` where the top units
   * do not add up to the plan's total.
   */
  putAllocations: (id: string, units: AllocationInput[]) =>
    call<TargetPlan>('PUT', `/target-plans/${id}/allocations`, { body: { units } }),
  /** A split of the company's (or a department's) part among its children by their resources. */
  suggest: (id: string, body: SuggestionInput) => call<Suggestion>('POST', `/target-plans/${id}/suggestion`, { body }),
  lock: (id: string) => call<TargetPlan>('POST', `/target-plans/${id}/lock`, { body: {} }),
  /** A new draft version (allocations copied); the old one is superseded by it. */
  newVersion: (id: string, reason: string) => call<TargetPlan>('POST', `/target-plans/${id}/versions`, { body: { reason } }),
  completion: (id: string, period: Period, departmentId?: string | null) =>
    call<Completion>('GET', `/target-plans/${id}/completion`, { query: { period, department_id: departmentId } }),

  visitRules: () => call<{ items: VisitRule[] }>('GET', '/visit-rules').then((page) => page.items),
  createVisitRule: (body: VisitRuleInput) => call<VisitRule>('POST', '/visit-rules', { body }),
  deleteVisitRule: (id: string) => call<void>('DELETE', `/visit-rules/${id}`),
  visitTasks: (query: VisitTaskQuery = {}) => call<VisitTasks>('GET', '/visit-tasks', { query: { ...query } }),
};
