// The opportunity endpoints: sales processes, opportunities and their stage moves, quotes,
// products and the forecast. Same transport as `client.ts`.
import { request } from './client';
import type { CustomerActivity } from './customer-types';
import type { components } from './schema';
import type { Money, Page } from './types';

type Schemas = components['schemas'];

export interface StageTask {
  key: string;
  label: string;
  required: boolean;
}

export type ProcessStage = Omit<Schemas['StageDto'], 'tasks'> & { tasks: StageTask[] };

export interface Process {
  id: string;
  name: string;
  is_default?: boolean;
  version?: number;
  stages: ProcessStage[];
}

export type ProcessInput = Schemas['ProcessInput'];
export type StageRef = Schemas['StageRef'];
export type Opportunity = Schemas['OpportunityDto'];
export type OpportunityPatch = Schemas['OpportunityPatch'];
export type NewOpportunity = Schemas['NewOpportunity'];
export type StageHistory = Schemas['StageHistoryDto'];
export type Product = Schemas['ProductDto'];
export type Quote = Schemas['QuoteDto'];
export type QuoteInput = Schemas['QuoteInput'];
export type QuoteLineInput = Schemas['QuoteLineInput'];
export type Forecast = Schemas['ForecastDto'];
export type OpportunityTeamMember = Schemas['TeamMemberDto'];
export type TeamMemberInput = Schemas['TeamMemberInput'];
export type Competitor = Schemas['CompetitorDto'];

/** The roles a colleague can have on a deal's team (the owner is on every deal already). */
export const TEAM_ROLES = ['sales', 'presales', 'technical', 'executive', 'support'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
export type LearnedRate = Schemas['LearnedRateDto'];
export type MonthAccuracy = Schemas['MonthAccuracyDto'];

export interface OpportunityQuery {
  stage_id?: string;
  owner_id?: string;
  department_id?: string;
  period?: string;
  customer_id?: string;
  /** 'true': the deals whose team I am on, wherever they sit in the organisation. */
  on_my_team?: string;
}

export interface ForecastQuery {
  period?: string;
  department_id?: string;
  owner_id?: string;
}

export const opportunitiesApi = {
  processes: () => request<Page<Process>>('GET', '/sales-processes').then((page) => page.items),
  updateProcess: (id: string, body: ProcessInput) => request<Process>('PUT', `/sales-processes/${id}`, { body }),

  list: (query: OpportunityQuery, page: { limit?: number; cursor?: string | null } = {}) =>
    request<Page<Opportunity>>('GET', '/opportunities', { query: { ...query, ...page } }),
  get: (id: string) => request<Opportunity>('GET', `/opportunities/${id}`),
  create: (body: NewOpportunity) => request<Opportunity>('POST', '/opportunities', { body }),
  update: (id: string, body: OpportunityPatch, version: number) =>
    request<Opportunity>('PATCH', `/opportunities/${id}`, { body, ifMatch: version }),
  /** Moves to `stage_id`; 409 `required_tasks_open`, 412 when moved meanwhile, 422 `loss_reason`. */
  move: (id: string, body: { stage_id: string; loss_reason?: string }, version: number) =>
    request<Opportunity>('POST', `/opportunities/${id}/stage`, { body, ifMatch: version }),
  tickTask: (id: string, taskKey: string, done: boolean) =>
    request<Opportunity>('POST', `/opportunities/${id}/tasks`, { body: { task_key: taskKey, done } }),
  stageHistory: (id: string) => request<StageHistory>('GET', `/opportunities/${id}/stage-history`),
  team: (id: string) =>
    request<{ items: OpportunityTeamMember[] }>('GET', `/opportunities/${id}/team`).then((page) => page.items),
  /** Replaces the whole team; 422 names `members[i].user_id` / `members[i].role`. */
  setTeam: (id: string, members: TeamMemberInput[]) =>
    request<{ items: OpportunityTeamMember[] }>('PUT', `/opportunities/${id}/team`, { body: { members } }).then((page) => page.items),
  activities: (id: string) =>
    request<Page<CustomerActivity>>('GET', '/activities', { query: { opportunity_id: id, limit: 200 } }),

  products: () => request<Page<Product>>('GET', '/products').then((page) => page.items),
  quotes: (opportunityId: string) =>
    request<Page<Quote>>('GET', '/quotes', { query: { opportunity_id: opportunityId } }).then((page) => page.items),
  createQuote: (body: QuoteInput) => request<Quote>('POST', '/quotes', { body }),
  quotePrintUrl: (id: string) => `/api/v1/quotes/${id}/print`,

  forecast: (query: ForecastQuery) => request<Forecast>('GET', '/forecast', { query: { ...query } }),
  learnedWinRates: () => request<Page<LearnedRate>>('GET', '/forecast/learned-win-rates').then((page) => page.items),
  accuracy: (months = 6) =>
    request<Page<MonthAccuracy>>('GET', '/forecast/accuracy', { query: { months } }).then((page) => page.items),
};

/** Adds money strings exactly, in fen, so a column's sum has no floating-point drift. */
export function sumMoney(items: Money[], currency = 'CNY'): Money {
  let fen = 0n;
  for (const money of items) {
    const [whole, cents = ''] = money.amount.split('.');
    const negative = whole.startsWith('-');
    const value = BigInt(whole.replace('-', '') || '0') * 100n + BigInt((cents + '00').slice(0, 2));
    fen += negative ? -value : value;
  }
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return { amount: `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`, currency: items[0]?.currency ?? currency };
}
