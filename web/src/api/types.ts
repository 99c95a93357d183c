// The API's records and request bodies under the names the UI uses, each an alias of the
// schema `npm run gen:api` writes from the server's OpenAPI document (`schema.d.ts`). Where
// that document leaves a member free-form, its documented shape from `freeform.ts` takes
// the member's place. Nothing here is written by hand otherwise.
import type {
  PoolSettings,
  DedupeRules,
  RuleConditions,
  ScoreExplanation,
  ScoringModel,
  StageTask,
  ViewQuery,
} from './freeform';
import type { components, operations } from './schema';

type S = components['schemas'];
/** A generated record with some members in their documented shapes. */
type With<T, Members> = Omit<T, keyof Members> & Members;

// ----- any list, problems, money, jobs -----

/** A page of a list: its items and the cursor of the next page (null or absent on the last). */
export type Page<T> = With<S['ListOf_UserDto'], { items: T[] }>;
export type Count = S['Count'];
export type FieldProblem = S['FieldError'];
/** An RFC 9457 problem document; one that did not come from the server may lack members. */
export type Problem = Partial<S['Problem']>;
/** A decimal string with the currency's minor digits ("250000.00") and the currency. */
export type Money = S['MoneyDto'];
export type Job = S['JobDto'];

// ----- people, roles and the session -----

export type Tenant = S['TenantDto'];
export type User = S['UserDto'];
/** The signed-in user, with their company (which `/me` always names). */
export type CurrentUser = With<User, { tenant: Tenant }>;
export type SessionResponse = S['SignedIn'];
export type LoginRequest = S['LoginRequest'];
export type MePatch = S['UpdateMe'];
export type UserCreate = S['NewUser'];
export type UserPatch = S['UserPatch'];
export type Department = S['DepartmentDto'];
export type DepartmentCreate = S['NewDepartment'];
export type DepartmentPatch = S['DepartmentPatch'];
export type Role = S['RoleDto'];
export type RoleCreate = S['NewRole'];
export type RolePatch = S['RolePatch'];
export type PermissionInfo = S['PermissionDto'];
export type Notification = S['NotificationDto'];
export type HistoryEntry = S['HistoryEntryDto'];
export type HistoryChange = S['ChangeDto'];
export type History = S['HistoryDto'];

// ----- leads, the pool, imports, web forms, lead settings -----

export type Lead = S['LeadDto'];
export type LeadCreate = S['NewLead'];
export type LeadPatch = S['LeadPatch'];
export type Duplicate = S['DuplicateDto'];
export type DuplicateQuery = NonNullable<operations['duplicates']['parameters']['query']>;
export type ClaimQuota = S['ClaimQuotaDto'];
export type ConvertInput = S['Convert'];
export type Conversion = S['Conversion'];
export type Campaign = S['CampaignDto'];
export type CampaignInput = S['NewCampaign'];
export type AssignmentRule = With<S['AssignmentRuleDto'], { conditions: RuleConditions }>;
export type AssignmentRuleInput = With<S['RuleInput'], { conditions?: RuleConditions | null }>;
export type LeadSettings = With<S['LeadSettings'], { pool: PoolSettings; dedupe: DedupeRules }>;
export type LeadSettingsPatch = With<
  S['LeadSettingsPatch'],
  { pool?: Partial<PoolSettings> | null; dedupe?: Partial<DedupeRules> | null }
>;
export type LeadImport = S['ImportDto'];
export type ImportColumn = S['ColumnDto'];
export type ImportPreviewRow = S['PreviewRowDto'];
export type ImportStart = S['MappingInput'];
/** Column index (as a string) → field key, or '' to skip the column. */
export type ImportMapping = NonNullable<ImportStart['mapping']>;
export type CaptureForm = S['CaptureFormDto'];
export type CaptureFormInput = S['NewCaptureForm'];

// ----- activities, today, saved views -----

export type Activity = S['ActivityDto'];
export type ActivityInput = S['NewActivity'];
export type ActivityDone = S['Done'];
export type Today = S['Today'];
export type TodayItem = S['TodayItem'];
export type SavedView = With<S['SavedViewDto'], { query: ViewQuery }>;
export type SavedViewInput = With<S['NewSavedView'], { query: ViewQuery }>;

// ----- customers, contacts, transfers, the scoring model -----

export type Customer = S['CustomerDto'];
export type CustomerFields = S['CustomerFields'];
export type CustomerListQuery = NonNullable<operations['list_customers']['parameters']['query']>;
export type Contact = S['ContactDto'];
export type ContactFields = S['ContactFields'];
export type TimelineEntry = S['TimelineEntry'];
export type TeamMember = S['TeamMember'];
export type MoneySummary = S['MoneySummary'];
export type CustomerOverview = With<S['Overview'], { score_explanation: ScoreExplanation }>;
/** A file kept with a customer or an opportunity. */
export type CustomerDocument = S['DocumentDto'];
export type TransferRequest = S['TransferRequest'];
export type Transferred = S['Transferred'];
export type ScoringModelAnswer = With<S['ScoringModelDto'], { model: ScoringModel }>;
export type SavedScoringModel = With<S['SavedModel'], { model: ScoringModel }>;

// ----- opportunities, sales processes, quotes, products, the forecast -----

export type ProcessStage = With<S['StageDto'], { tasks: StageTask[] }>;
export type Process = With<S['ProcessDto'], { stages: ProcessStage[] }>;
export type ProcessInput = S['ProcessInput'];
export type Opportunity = S['OpportunityDto'];
export type NewOpportunity = S['NewOpportunity'];
export type OpportunityPatch = S['OpportunityPatch'];
export type OpportunityListQuery = NonNullable<operations['list_opportunities']['parameters']['query']>;
export type StageMove = S['StageMoveRequest'];
export type StageHistory = S['StageHistoryDto'];
export type Competitor = S['CompetitorDto'];
export type OpportunityTeamMember = S['TeamMemberDto'];
export type TeamMemberInput = S['TeamMemberInput'];
export type Quote = S['QuoteDto'];
export type QuoteInput = S['QuoteInput'];
export type QuoteLineInput = S['QuoteLineInput'];
export type Product = S['ProductDto'];
export type ProductInput = S['ProductInput'];
export type ProductListQuery = NonNullable<operations['list_products']['parameters']['query']>;
export type Forecast = S['ForecastDto'];
export type ForecastQuery = NonNullable<operations['get_forecast']['parameters']['query']>;
export type LearnedRate = S['LearnedRateDto'];
export type MonthAccuracy = S['MonthAccuracyDto'];
/** An opportunity import: its columns, preview, the stage and product values that name nothing, and its counts. */
export type DealImport = S['DealImportDto'];
export type DealPreviewRow = S['DealPreviewRowDto'];
export type DealImportStart = S['DealMappingInput'];
/** A stage or product value of an import file that names nothing yet, with how many rows carry it. */
export type UnmatchedValue = S['UnmatchedValueDto'];
/** Values of an import file → the ids of the stages and products they stand for. */
export type ValueMapping = S['ValueMapping'];

// ----- analytics -----

export type Pipeline = S['PipelineDto'];
export type PipelineRow = S['PipelineRowDto'];
export type Efficiency = S['EfficiencyDto'];
export type EfficiencyRow = S['EfficiencyRowDto'];
export type StageDwell = S['StageDwellDto'];
export type ReportQuery = NonNullable<operations['get_pipeline']['parameters']['query']>;

// ----- contracts, orders, approvals and their flows -----

export type Contract = S['ContractDto'];
export type ContractInput = S['ContractInput'];
export type ContractLine = S['ContractLineDto'];
export type ContractListQuery = NonNullable<operations['list_contracts']['parameters']['query']>;
export type AmendmentInput = S['AmendmentInput'];
export type Amendment = S['AmendmentDto'];
export type Revision = S['RevisionDto'];
export type LineDifference = S['LineDifferenceDto'];
export type Order = S['OrderDto'];
export type OrderInput = S['OrderInput'];
export type OrderLineInput = S['OrderLineInput'];
export type Approval = S['ApprovalDto'];
export type ApprovalStep = S['StepDto'];
export type ApprovalTrailEntry = S['TrailDto'];
export type ApprovalDecision = S['DecisionDto'];
export type ApprovalListQuery = NonNullable<operations['list_approvals']['parameters']['query']>;
export type Flow = S['FlowDto'];
export type FlowInput = S['FlowInput'];
export type FlowStep = S['StepRule'];
export type FlowApprovers = S['Approvers'];
export type FlowCondition = S['Condition'];
/** A stand-in deciding an approver's steps for a date range (`starts_on`–`ends_on`, both included). */
export type Delegation = S['DelegationDto'];
export type DelegationInput = S['DelegationInput'];

// ----- outgoing webhooks -----

export type Webhook = S['WebhookDto'];
export type WebhookInput = S['WebhookInput'];
export type WebhookDelivery = S['DeliveryDto'];
export type WebhookEvents = S['EventList'];

// ----- cash: payment plans, invoices, payments, changes, refunds, aging, bank statements -----

export type PaymentPlan = S['PaymentPlanDto'];
export type PaymentPlanInput = S['PaymentPlanInput'];
/** An order's share of its contract's plan: the order's amount split into receivables of the contract. */
export type OrderPaymentPlan = S['OrderPaymentPlanDto'];
export type InstallmentInput = S['InstallmentInput'];
export type Receivable = S['ReceivableDto'];
export type ReceivableChange = S['ReceivableChangeDto'];
export type ReceivableListQuery = NonNullable<operations['list_receivables']['parameters']['query']>;
export type Invoice = S['InvoiceDto'];
export type InvoiceInput = S['InvoiceInput'];
export type InvoiceListQuery = NonNullable<operations['list_invoices']['parameters']['query']>;
export type Payment = S['PaymentDto'];
export type PaymentInput = S['PaymentInput'];
export type Allocation = S['AllocationDto'];
export type PaymentListQuery = NonNullable<operations['list_payments']['parameters']['query']>;
export type ContractChange = S['ContractChangeDto'];
export type ContractChangeInput = S['ContractChangeInput'];
export type Refund = S['RefundDto'];
export type RefundInput = S['RefundInput'];
export type RefundListQuery = NonNullable<operations['list_refunds']['parameters']['query']>;
export type Aging = S['AgingDto'];
export type AgingRow = S['AgingRowDto'];
export type AgingFigures = S['AgingFigures'];
export type CashSummary = S['CashSummary'];
export type BankImport = S['BankImportDto'];
/** `POST /payments/imports/preview`: a statement's header row, what was recognised and its first rows. */
export type BankPreview = S['StatementPreviewDto'];
export type BankLine = S['BankLineDto'];
export type BankLineMatch = S['MatchInput'];
export type CashSettings = S['CashSettingsDto'];
export type CashSettingsInput = S['CashSettingsInput'];
export type EmailSettings = S['EmailSettingsDto'];
export type EmailSettingsInput = S['EmailSettingsInput'];
export type EmailTestResult = S['TestEmailDto'];
