// Hand-written wire types for the endpoints the UI uses. `npm run gen:api` writes
// `schema.d.ts` from the server's OpenAPI document; these shapes follow the same names.

export type Language = 'zh-CN' | 'en-US';
export type DataScope = 'own' | 'department' | 'subtree' | 'tenant';

export interface TenantRef {
  id: string;
  slug: string;
  name: string;
  time_zone?: string;
  currency?: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role_id: string;
  role_key: string;
  department_id: string;
  language: Language | null;
  active: boolean;
  permissions: string[];
  data_scope: DataScope;
  version: number;
  created_at: string;
}

export interface CurrentUser extends User {
  tenant: TenantRef;
}

export interface SessionResponse {
  user: CurrentUser;
  csrf_token: string;
}

export interface LoginRequest {
  tenant: string;
  email: string;
  password: string;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface ListQuery {
  limit?: number;
  cursor?: string | null;
  q?: string;
}

export interface Department {
  id: string;
  name: string;
  parent_id: string | null;
  is_sales_region: boolean;
  head_user_id: string | null;
  version: number;
}

export interface DepartmentInput {
  name?: string;
  parent_id?: string | null;
  is_sales_region?: boolean;
  head_user_id?: string | null;
}

export interface UserCreate {
  email: string;
  name: string;
  password: string;
  role_id: string;
  department_id?: string;
  language?: Language | null;
}

export interface UserPatch {
  name?: string;
  department_id?: string;
  role_id?: string;
  language?: Language | null;
}

export interface MePatch {
  language?: Language;
  name?: string;
}

export interface Role {
  id: string;
  key: string;
  name: string;
  data_scope: DataScope;
  permissions: string[];
  is_builtin: boolean;
  version: number;
}

export interface RoleInput {
  key?: string;
  name?: string;
  data_scope?: DataScope;
  permissions?: string[];
}

export interface PermissionInfo {
  key: string;
  area: string;
}

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

export interface HistoryChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface HistoryEntry {
  at: string;
  actor: { id: string; name: string } | null;
  action: string;
  changes: HistoryChange[];
}

export type HistoryResource = 'departments' | 'users' | 'roles' | 'leads';

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** An RFC 9457 problem document as the server sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: FieldProblem[];
}

// ----- leads -----

export type LeadStatus = 'new' | 'contacted' | 'qualified' | 'converted' | 'invalid';
export type DuplicateReason = 'same_credit_code' | 'same_phone' | 'same_email' | 'same_company' | 'similar_company';
export type DuplicateRecordType = 'lead' | 'contact' | 'customer';

/** A record that looks like the one being entered (a warning unless a rule blocks). */
export interface Duplicate {
  record_type: DuplicateRecordType | string;
  id: string;
  name: string;
  /** 0–100. */
  score: number;
  reasons: (DuplicateReason | string)[];
}

export interface Lead {
  id: string;
  company_name: string;
  contact_name: string | null;
  title: string | null;
  /** E.164; masked (`131****6789`) while the lead is in the pool. */
  phone: string | null;
  email: string | null;
  source: string;
  campaign_id: string | null;
  province: string | null;
  city: string | null;
  industry: string | null;
  website: string | null;
  description: string | null;
  credit_code: string | null;
  status: LeadStatus;
  invalid_reason: string | null;
  owner_id: string | null;
  in_pool: boolean;
  assigned_at: string | null;
  last_follow_up_at: string | null;
  protected_until: string | null;
  customer_id: string | null;
  contact_id: string | null;
  opportunity_id: string | null;
  merged_into_id: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** Present on the answers of create and PATCH. */
  duplicates?: Duplicate[] | null;
}

/** The typed fields of a lead, as create and PATCH take them. */
export interface LeadFieldsInput {
  company_name?: string;
  contact_name?: string | null;
  title?: string | null;
  phone?: string | null;
  email?: string | null;
  source?: string;
  campaign_id?: string | null;
  province?: string | null;
  city?: string | null;
  industry?: string | null;
  website?: string | null;
  description?: string | null;
  credit_code?: string | null;
  owner_id?: string;
}

export interface LeadCreate extends LeadFieldsInput {
  company_name: string;
}

export interface LeadPatch extends LeadFieldsInput {
  status?: LeadStatus;
  invalid_reason?: string;
}

/** The filters of the leads list; a saved view keeps exactly these. */
export interface LeadQuery {
  q?: string;
  status?: LeadStatus;
  source?: string;
  campaign_id?: string;
  owner_id?: string;
  sort?: LeadSort;
}

/** The orders the leads list offers; `-` means descending. */
export type LeadSort = '-created_at' | 'created_at' | 'company_name' | '-company_name' | '-updated_at' | 'updated_at';

/** The download formats of the leads list. */
export type LeadExportFormat = 'csv' | 'xlsx';

/** How much of the pool's limits the signed-in user has used. */
export interface ClaimQuota {
  claimed_today: number;
  daily_limit: number;
  /** Open leads held now. */
  held: number;
  max_held: number;
}

export interface DuplicateQuery {
  company_name?: string;
  phone?: string;
  email?: string;
  credit_code?: string;
}

export interface Money {
  /** A decimal string with the currency's minor digits, e.g. "250000.00". */
  amount: string;
  currency: string;
}

export interface ConvertInput {
  create_opportunity: boolean;
  opportunity_name?: string;
  amount?: Money;
  stage_id?: string;
}

export interface CustomerRef {
  id: string;
  name: string;
  owner_id?: string | null;
  version: number;
}

export interface ContactRef {
  id: string;
  name: string;
  customer_id?: string | null;
  version: number;
}

export interface OpportunityRef {
  id: string;
  name: string;
  customer_id: string;
  amount: Money;
  stage?: { id: string; key: string; name: string; win_rate: string } | null;
  version: number;
}

export interface Conversion {
  customer: CustomerRef;
  /** The lead joined a customer that existed already. */
  existing_customer: boolean;
  contact: ContactRef;
  opportunity?: OpportunityRef | null;
  lead: Lead;
}

export type ActivityKind = 'call' | 'visit' | 'note' | 'task';

export interface Activity {
  id: string;
  kind: ActivityKind | string;
  subject: string;
  body: string | null;
  lead_id: string | null;
  owner_id: string;
  occurred_at: string | null;
  planned_for: string | null;
  location: string | null;
  created_at: string;
  version: number;
}

export interface ActivityInput {
  kind: ActivityKind;
  subject: string;
  body?: string;
  lead_id: string;
  occurred_at?: string;
  planned_for?: string;
  location?: string;
}

export interface Campaign {
  id: string;
  name: string;
  channel: string | null;
  starts_on: string | null;
  ends_on: string | null;
  cost: Money;
  version: number;
}

export interface CampaignInput {
  name: string;
  channel?: string;
  starts_on?: string;
  ends_on?: string;
  cost?: Money;
}

export interface RuleConditions {
  provinces: string[];
  industries: string[];
  sources: string[];
  campaign_ids: string[];
}

export interface AssignmentRule {
  id: string;
  name: string;
  position: number;
  active: boolean;
  conditions: RuleConditions;
  /** A named user, or null for round-robin in `group_user_ids`. */
  target_user_id: string | null;
  group_user_ids: string[];
  version: number;
}

export interface AssignmentRuleInput {
  name?: string;
  position?: number;
  active?: boolean;
  conditions?: RuleConditions;
  target_user_id?: string;
  group_user_ids?: string[];
}

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
export type DedupeRules = Record<DedupeKind, DedupeRule>;

export interface LeadSettings {
  pool: PoolSettings;
  dedupe: DedupeRules;
}

export interface LeadSettingsPatch {
  pool?: Partial<PoolSettings>;
  dedupe?: Partial<Record<DedupeKind, Partial<DedupeRule>>>;
}

export interface Stage {
  id: string;
  key: string;
  name: string;
  name_en: string;
  win_rate: string;
  is_won: boolean;
  is_lost: boolean;
  position: number;
}

export interface SalesProcess {
  id: string;
  name: string;
  is_default: boolean;
  stages: Stage[];
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface Job {
  id: string;
  kind?: string;
  status: JobStatus;
  progress: { done: number; total: number };
  result?: unknown;
  error?: string | null;
}

export interface SavedView {
  id: string;
  resource: 'leads' | string;
  name: string;
  query: LeadQuery;
}

export interface SavedViewInput {
  resource: 'leads';
  name: string;
  query: LeadQuery;
}

export interface ImportColumn {
  index: number;
  header: string;
  /** The lead field the column fills, or null to skip it. */
  field: string | null;
}

export interface ImportPreviewRow {
  /** 1-based data row. */
  row: number;
  values: Record<string, string>;
  errors: FieldProblem[];
  duplicates: Duplicate[];
}

export type ImportStatus = 'uploaded' | 'running' | 'done' | 'failed';

export interface LeadImport {
  id: string;
  file_name: string;
  status: ImportStatus;
  columns: ImportColumn[];
  /** Every field key a column may map to. */
  fields: string[];
  rows_total: number;
  preview: ImportPreviewRow[];
  job_id: string | null;
  /** Chosen when the import was started. */
  keep_good_rows: boolean;
  imported: number;
  rejected: number;
  warnings: number;
  /** Why a failed import stopped (server text, English). */
  error?: string | null;
}

/** Column index (as a string) → field key, or '' to skip the column. */
export type ImportMapping = Record<string, string>;

export interface ImportStart {
  mapping?: ImportMapping;
  keep_good_rows: boolean;
}

export interface CaptureForm {
  form_key: string;
  name: string;
  source: string;
  campaign_id: string | null;
  active: boolean;
  url: string;
}

export interface CaptureFormInput {
  name: string;
  source?: string;
  campaign_id?: string;
}
