// Compile-time guard for `customer-types.ts`, as `schema-check.ts` is for the rest: every
// field of our hand-written customer wire types must exist in the server's OpenAPI document.
// (The overview's score explanation and the scoring model are free-form objects there.)
import type {
  ActivityDone,
  Contact,
  ContactFields,
  Customer,
  CustomerActivity,
  CustomerActivityInput,
  CustomerFields,
  CustomerOverview,
  MoneySummary,
  Opportunity,
  SavedScoringModel,
  ScoringModelAnswer,
  TeamMember,
  TimelineEntry,
  Today,
  TodayItem,
  Transferred,
  TransferRequest,
} from './customer-types';
import type { components } from './schema';

type S = components['schemas'];
type Unknown<Ours, Theirs> = Exclude<keyof Ours, keyof Theirs>;
type KnownKeys<Ours, Theirs> = [Unknown<Ours, Theirs>] extends [never] ? true : { notInSchema: Unknown<Ours, Theirs> };

export const customerWireTypesMatchSchema: [
  KnownKeys<Customer, S['CustomerDto']>,
  KnownKeys<CustomerFields, S['CustomerFields']>,
  KnownKeys<Contact, S['ContactDto']>,
  KnownKeys<ContactFields, S['ContactFields']>,
  KnownKeys<Opportunity, S['OpportunityDto']>,
  KnownKeys<CustomerOverview, S['Overview']>,
  KnownKeys<TimelineEntry, S['TimelineEntry']>,
  KnownKeys<TeamMember, S['TeamMember']>,
  KnownKeys<MoneySummary, S['MoneySummary']>,
  KnownKeys<CustomerActivity, S['ActivityDto']>,
  KnownKeys<CustomerActivityInput, S['NewActivity']>,
  KnownKeys<TodayItem, S['TodayItem']>,
  KnownKeys<Today, S['Today']>,
  KnownKeys<ActivityDone, S['Done']>,
  KnownKeys<TransferRequest, S['TransferRequest']>,
  KnownKeys<Transferred, S['Transferred']>,
  KnownKeys<ScoringModelAnswer, S['ScoringModelDto']>,
  KnownKeys<Omit<SavedScoringModel, keyof ScoringModelAnswer>, S['SavedModel']>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
