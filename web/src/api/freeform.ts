// The JSON members the OpenAPI document declares as free-form objects (`Record<string, never>`
// in `schema.d.ts`, which nothing can be read from) or as `unknown`, in the shapes their
// descriptions there give. `types.ts` puts them in place of those members of the generated
// schemas; everything else about the records comes from `schema.d.ts` unchanged.

/** `AssignmentRuleDto.conditions`: an empty list matches anything. */
export interface RuleConditions {
  provinces: string[];
  industries: string[];
  sources: string[];
  campaign_ids: string[];
}

/** `LeadSettings.pool`: `recycle_days` (N), `max_protect_days`, `warn_days`, `cooldown_days` (M), `daily_claims`, `max_held`. */
export interface PoolSettings {
  recycle_days: number;
  max_protect_days: number;
  warn_days: number;
  cooldown_days: number;
  daily_claims: number;
  max_held: number;
}

export type DedupeAction = 'off' | 'warn' | 'block';
export type DedupeKind = 'company' | 'phone' | 'email' | 'credit_code';
export interface DedupeRule {
  on_create: DedupeAction;
  on_update: DedupeAction;
}
/** `LeadSettings.dedupe`: for each kind, `{"on_create", "on_update"}` each `off`, `warn` or `block`. */
export type DedupeRules = Record<DedupeKind, DedupeRule>;

/** `SavedViewDto.query`: the list's query parameters, e.g. `{"status": "new", "sort": "-created_at"}`. */
export type ViewQuery = Partial<Record<string, string>>;

/** One item of `StageDto.tasks`: a checklist task of the stage. */
export interface StageTask {
  key: string;
  label: string;
  /** Must be done before the opportunity leaves the stage. */
  required: boolean;
}

// ----- the scoring model (`ScoringModelDto.model`) and a score's explanation (`Overview.score_explanation`) -----

export type TextField = 'industry' | 'size_tier' | 'province' | 'city' | 'source';
export type NumberField = 'employee_count' | 'annual_revenue';

/** What a rule tests; bounds are inclusive, money in minor units (fen). */
export type Condition =
  | { kind: 'field_in'; field: TextField; values: string[] }
  | { kind: 'number_between'; field: NumberField; min: number | null; max: number | null }
  | { kind: 'days_since_last_activity'; min: number | null; max: number | null }
  | { kind: 'activities_in_last_days'; days: number; min: number | null; max: number | null }
  | { kind: 'won_amount'; min: number | null; max: number | null };

export type ConditionKind = Condition['kind'];

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

/** How one rule judged the customer. */
export interface RuleOutcome {
  key: string;
  label: string;
  /** A `ConditionKind`. */
  kind: string;
  weight: number;
  matched: boolean;
  /** `weight` when matched, else 0. */
  points: number;
  /** `in_set`, `not_in_set`, `missing`, `in_range`, `below_range`, `above_range` or `never_active`. */
  reason: string;
  /** The customer's value the rule looked at: text, a number, days, a count or minor units. */
  value?: string | number | null;
}

export interface ScoreExplanation {
  score: number;
  /** A–D. */
  grade: string;
  points: number;
  max_points: number;
  rules: RuleOutcome[];
}

/** A row of a bank statement refused by the import: its row number in the file, the column and why. */
export interface BankRejectedRow {
  row: number;
  /** `date`, `payer`, `amount` or `currency`. */
  field: string;
  /** `invalid_format`, `required` or `not_allowed`. */
  code: string;
}

/** `JobDto.result` of a `payment-import` job: what the statement's rows came to. */
export interface BankImportResult {
  rows: number;
  /** Rows of money paid out (only in the debit column, or a negative amount): skipped. */
  outgoing: number;
  paid_in: number;
  unmatched: number;
  duplicates: number;
  /** Row numbers of rows paid in before (the first thousand). */
  duplicate_rows: number[];
  rejected: number;
  rejected_rows: BankRejectedRow[];
}
