// Wire types of the customer endpoints: customers, contacts, the 360 overview, activities
// on customers, "today", transfers and the scoring model. Same conventions as `types.ts`;
// `customer-schema-check.ts` holds them against the OpenAPI document.
import type { Activity, Duplicate, Job, Money } from './types';

export type SizeTier = 'micro' | 'small' | 'medium' | 'large' | 'enterprise';
export type Grade = 'A' | 'B' | 'C' | 'D';
export type DecisionRole =
  | 'decision_maker'
  | 'economic_buyer'
  | 'influencer'
  | 'champion'
  | 'evaluator'
  | 'user'
  | 'gatekeeper'
  | 'other';

export interface Customer {
  id: string;
  name: string;
  /** Null while the customer is in the customer pool. */
  owner_id: string | null;
  industry: string | null;
  size_tier: SizeTier | string | null;
  employee_count: number | null;
  annual_revenue: Money | null;
  province: string | null;
  city: string | null;
  address: string | null;
  /** E.164. */
  phone: string | null;
  email: string | null;
  website: string | null;
  credit_code: string | null;
  source: string | null;
  lead_id: string | null;
  /** 0–100 by the tenant's scoring model. */
  score: number | null;
  grade: Grade | string | null;
  last_activity_at: string | null;
  protected_until: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** Present on the answers of create and PATCH when similar records exist. */
  duplicates?: Duplicate[] | null;
}

/** The fields create and PATCH take; on PATCH `null` clears one. */
export interface CustomerFields {
  name?: string | null;
  owner_id?: string | null;
  industry?: string | null;
  size_tier?: SizeTier | null;
  employee_count?: number | null;
  annual_revenue?: Money | null;
  province?: string | null;
  city?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
  website?: string | null;
  credit_code?: string | null;
  source?: string | null;
}

/** The orders the customer list offers; `-` means descending. */
export type CustomerSort = '-created_at' | 'created_at' | 'name' | '-name' | '-score' | 'score';

/** The filters of the customer list; a saved view keeps exactly these (all text). */
export interface CustomerQuery {
  q?: string;
  owner_id?: string;
  industry?: string;
  size_tier?: SizeTier;
  province?: string;
  grade?: Grade;
  sort?: CustomerSort;
}

/** A named set of the list's filters, kept on the server for its user. */
export interface CustomerSavedView {
  id: string;
  resource: 'customers' | string;
  name: string;
  query: CustomerQuery;
}

export interface Contact {
  id: string;
  customer_id: string | null;
  name: string;
  title: string | null;
  department: string | null;
  decision_role: DecisionRole | string | null;
  phone: string | null;
  email: string | null;
  owner_id: string | null;
  lead_id: string | null;
  version: number;
  duplicates?: Duplicate[] | null;
}

export interface ContactFields {
  /** Required on create, refused on PATCH. */
  customer_id?: string;
  name?: string | null;
  title?: string | null;
  department?: string | null;
  decision_role?: DecisionRole | null;
  phone?: string | null;
  email?: string | null;
}

export interface Opportunity {
  id: string;
  customer_id: string;
  name: string;
  amount: Money;
  expected_close_date: string | null;
  lead_id: string | null;
  owner_id: string | null;
  stage?: { id: string; key: string; name: string; win_rate: string } | null;
  version: number;
}

/** Why a scoring rule matched or not. */
export type RuleReason = 'in_set' | 'not_in_set' | 'missing' | 'in_range' | 'below_range' | 'above_range' | 'never_active';

export type ConditionKind =
  | 'field_in'
  | 'number_between'
  | 'days_since_last_activity'
  | 'activities_in_last_days'
  | 'won_amount';

/** How one rule judged the customer. */
export interface RuleOutcome {
  key: string;
  label: string;
  kind: ConditionKind | string;
  weight: number;
  matched: boolean;
  /** `weight` when matched, else 0. */
  points: number;
  reason: RuleReason | string;
  /** The customer's value the rule looked at: text, a number, days, a count or minor units. */
  value?: string | number | null;
}

export interface ScoreExplanation {
  score: number;
  grade: Grade | string;
  points: number;
  max_points: number;
  rules: RuleOutcome[];
}

export type TimelineKind = 'activity' | 'lead' | 'opportunity' | 'document';

export interface TimelineEntry {
  at: string;
  kind: TimelineKind | string;
  id: string;
  title: string;
  /** For activities their kind; for leads and opportunities their status or stage key. */
  detail: string | null;
  user_id: string | null;
}

export interface TeamMember {
  id: string;
  name: string;
  email: string;
  role: 'owner' | 'member' | string;
}

export interface MoneySummary {
  open_pipeline: Money;
  open_count: number;
  won: Money;
  won_count: number;
}

export interface CustomerOverview {
  customer: Customer;
  score_explanation: ScoreExplanation;
  timeline: TimelineEntry[];
  contacts: Contact[];
  opportunities: Opportunity[];
  team: TeamMember[];
  money: MoneySummary;
}

/** An activity as the customer endpoints answer it (any of the four parents). */
export interface CustomerActivity extends Activity {
  customer_id: string | null;
  contact_id: string | null;
  opportunity_id: string | null;
}

export interface CustomerActivityInput {
  kind: 'visit' | 'call' | 'note' | 'task';
  subject: string;
  body?: string;
  /** Exactly one of the two: the customer, or one of its opportunities. */
  customer_id?: string;
  opportunity_id?: string;
  occurred_at?: string;
  planned_for?: string;
  /** Free text; from a phone "lat,lng". */
  location?: string;
}

export interface TodayItem extends CustomerActivity {
  /** Planned before today and not done yet. */
  overdue: boolean;
  /** The name of the customer or lead the work is for. */
  record_name?: string | null;
}

export interface Today {
  /** The caller's today, in the company's time zone (YYYY-MM-DD). */
  date: string;
  items: TodayItem[];
}

export interface ActivityDone {
  occurred_at?: string;
  outcome?: string;
}

export interface TransferRequest {
  from_user_id: string;
  to_user_id: string;
  customer_ids?: string[];
  all?: boolean;
}

export interface Transferred {
  transferred: number;
}

export type TextField = 'industry' | 'size_tier' | 'province' | 'city' | 'source';
export type NumberField = 'employee_count' | 'annual_revenue';

/** What a rule tests; bounds are inclusive, money in minor units (fen). */
export type Condition =
  | { kind: 'field_in'; field: TextField; values: string[] }
  | { kind: 'number_between'; field: NumberField; min: number | null; max: number | null }
  | { kind: 'days_since_last_activity'; min: number | null; max: number | null }
  | { kind: 'activities_in_last_days'; days: number; min: number | null; max: number | null }
  | { kind: 'won_amount'; min: number | null; max: number | null };

export interface ScoringRule {
  key: string;
  label: string;
  /** Points earned when the condition holds, 0–1000. */
  weight: number;
  condition: Condition;
}

export interface GradeCutoffs {
  a: number;
  b: number;
  c: number;
}

export interface ScoringModel {
  rules: ScoringRule[];
  grades: GradeCutoffs;
}

export interface ScoringModelAnswer {
  model: ScoringModel;
  max_points: number;
}

export interface SavedScoringModel extends ScoringModelAnswer {
  /** The job recomputing every customer's score under the new model. */
  recompute: Job;
}
