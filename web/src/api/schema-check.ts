// Compile-time guard: every field name of the hand-written wire types in `types.ts` must exist
// in the server's OpenAPI document (`schema.d.ts`, made by `npm run gen:api`). A renamed or
// removed field on the server fails `npm run typecheck` here instead of at run time.
import type { components } from './schema';
import type {
  Activity,
  ActivityInput,
  AssignmentRule,
  AssignmentRuleInput,
  Campaign,
  CampaignInput,
  ContactRef,
  Conversion,
  ConvertInput,
  CustomerRef,
  Duplicate,
  Job,
  Lead,
  LeadCreate,
  LeadPatch,
  LeadSettings,
  LeadSettingsPatch,
  Money,
  OpportunityRef,
  SalesProcess,
  Stage,
  CurrentUser,
  Department,
  DepartmentInput,
  HistoryChange,
  HistoryEntry,
  LoginRequest,
  MePatch,
  Notification,
  PermissionInfo,
  Problem,
  Role,
  RoleInput,
  SessionResponse,
  TenantRef,
  User,
  UserCreate,
  UserPatch,
} from './types';

type S = components['schemas'];
type Unknown<Ours, Theirs> = Exclude<keyof Ours, keyof Theirs>;
/** `true` when every key of Ours is a key of Theirs; otherwise names the strays. */
type KnownKeys<Ours, Theirs> = [Unknown<Ours, Theirs>] extends [never] ? true : { notInSchema: Unknown<Ours, Theirs> };

export const wireTypesMatchSchema: [
  KnownKeys<User, S['UserDto']>,
  KnownKeys<Omit<CurrentUser, keyof User>, S['UserDto']>,
  KnownKeys<TenantRef, S['TenantDto']>,
  KnownKeys<SessionResponse, S['SignedIn']>,
  KnownKeys<LoginRequest, S['LoginRequest']>,
  KnownKeys<MePatch, S['UpdateMe']>,
  KnownKeys<Department, S['DepartmentDto']>,
  KnownKeys<DepartmentInput, S['NewDepartment']>,
  KnownKeys<DepartmentInput, S['DepartmentPatch']>,
  KnownKeys<UserCreate, S['NewUser']>,
  KnownKeys<UserPatch, S['UserPatch']>,
  KnownKeys<Role, S['RoleDto']>,
  KnownKeys<RoleInput, S['NewRole']>,
  KnownKeys<Omit<RoleInput, 'key'>, S['RolePatch']>,
  KnownKeys<PermissionInfo, S['PermissionDto']>,
  KnownKeys<Notification, S['NotificationDto']>,
  KnownKeys<HistoryEntry, S['HistoryEntryDto']>,
  KnownKeys<HistoryChange, S['ChangeDto']>,
  KnownKeys<Problem, S['Problem']>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];

// Leads. Saved views, imports and web forms (`SavedView`, `LeadImport`, `CaptureForm` …) are
// not in the OpenAPI document yet; add them here once `npm run gen:api` brings them in.
export const leadWireTypesMatchSchema: [
  KnownKeys<Lead, S['LeadDto']>,
  KnownKeys<LeadCreate, S['NewLead']>,
  KnownKeys<LeadPatch, S['LeadPatch']>,
  KnownKeys<Duplicate, S['DuplicateDto']>,
  KnownKeys<Activity, S['ActivityDto']>,
  KnownKeys<ActivityInput, S['NewActivity']>,
  KnownKeys<Campaign, S['CampaignDto']>,
  KnownKeys<CampaignInput, S['NewCampaign']>,
  KnownKeys<AssignmentRule, S['AssignmentRuleDto']>,
  KnownKeys<AssignmentRuleInput, S['RuleInput']>,
  KnownKeys<LeadSettings, S['LeadSettings']>,
  KnownKeys<LeadSettingsPatch, S['LeadSettingsPatch']>,
  KnownKeys<SalesProcess, S['ProcessDto']>,
  KnownKeys<Stage, S['StageDto']>,
  KnownKeys<Conversion, S['Conversion']>,
  KnownKeys<ConvertInput, S['Convert']>,
  KnownKeys<Money, S['MoneyDto']>,
  KnownKeys<Money, S['MoneyInput']>,
  KnownKeys<CustomerRef, S['CustomerDto']>,
  KnownKeys<ContactRef, S['ContactDto']>,
  KnownKeys<OpportunityRef, S['OpportunityDto']>,
  KnownKeys<Job, S['JobDto']>,
] = [
  true, true, true, true, true, true, true, true, true, true, true,
  true, true, true, true, true, true, true, true, true, true, true,
];
