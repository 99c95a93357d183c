// The customer endpoints: customers, contacts, the 360 overview, activities on customers,
// a rep's today, transfers and the scoring model. Same transport as `client.ts`.
import { request } from './client';
import type { ScoringModel } from './freeform';
import type {
  Activity,
  ActivityDone,
  ActivityInput,
  Contact,
  ContactFields,
  Count,
  Customer,
  CustomerFields,
  CustomerListQuery,
  CustomerOverview,
  History,
  Page,
  SavedScoringModel,
  ScoringModelAnswer,
  Today,
  Transferred,
  TransferRequest,
} from './types';

type Query = Record<string, string | number | boolean | null | undefined>;

function customerQuery(query: CustomerListQuery): Query {
  return {
    q: query.q,
    owner_id: query.owner_id,
    industry: query.industry,
    size_tier: query.size_tier,
    province: query.province,
    grade: query.grade,
    sort: query.sort,
  };
}

export const customersApi = {
  list: (query: CustomerListQuery, page: { limit?: number; cursor?: string | null } = {}, signal?: AbortSignal) =>
    request<Page<Customer>>('GET', '/customers', { query: { ...customerQuery(query), ...page }, signal }),
  count: (query: CustomerListQuery) =>
    request<Count>('GET', '/customers', { query: { ...customerQuery(query), count: true } }),
  get: (id: string) => request<Customer>('GET', `/customers/${id}`),
  create: (body: CustomerFields) => request<Customer>('POST', '/customers', { body }),
  update: (id: string, body: CustomerFields, version: number) =>
    request<Customer>('PATCH', `/customers/${id}`, { body, ifMatch: version }),
  overview: (id: string) => request<CustomerOverview>('GET', `/customers/${id}/overview`),
  /** Takes a customer from the pool (the tenant's claim limits and cool-down apply). */
  claim: (id: string) => request<Customer>('POST', `/customers/${id}/claim`),
  history: (id: string) => request<History>('GET', `/customers/${id}/history`),
  transfer: (body: TransferRequest) => request<Transferred>('POST', '/customers/transfer', { body }),

  createContact: (body: ContactFields) => request<Contact>('POST', '/contacts', { body }),
  updateContact: (id: string, body: ContactFields, version: number) =>
    request<Contact>('PATCH', `/contacts/${id}`, { body, ifMatch: version }),

  /** The customer's latest activities (the same 200 the overview's timeline is made of). */
  activities: (customerId: string) =>
    request<Page<Activity>>('GET', '/activities', { query: { customer_id: customerId, limit: 200 } }),
  logActivity: (body: ActivityInput) => request<Activity>('POST', '/activities', { body }),
  today: () => request<Today>('GET', '/activities/today'),
  /** Marks one's own planned visit or task done (409 `activity_done` when it already is). */
  markDone: (id: string, version: number, body: ActivityDone = {}) =>
    request<Activity>('POST', `/activities/${id}/done`, { body, ifMatch: version }),

  scoringModel: () => request<ScoringModelAnswer>('GET', '/scoring-model'),
  saveScoringModel: (model: ScoringModel) => request<SavedScoringModel>('PUT', '/scoring-model', { body: model }),
};
