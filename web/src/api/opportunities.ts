// The opportunity endpoints: sales processes, opportunities and their stage moves, quotes,
// the deal team and the forecast (the catalogue is `products.ts`). Same transport as `client.ts`.
import { apiUrl, readAll, request } from './client';
import type {
  Activity,
  DealImport,
  DealImportStart,
  Forecast,
  ForecastQuery,
  Job,
  LearnedRate,
  MonthAccuracy,
  NewOpportunity,
  Opportunity,
  OpportunityListQuery,
  OpportunityPatch,
  OpportunityTeamMember,
  Page,
  Process,
  ProcessInput,
  Quote,
  QuoteInput,
  StageHistory,
  StageMove,
  TeamMemberInput,
} from './types';

export const opportunitiesApi = {
  processes: () => readAll<Process>('/sales-processes'),
  updateProcess: (id: string, body: ProcessInput) => request<Process>('PUT', `/sales-processes/${id}`, { body }),

  list: (query: OpportunityListQuery, page: { limit?: number; cursor?: string | null } = {}) =>
    request<Page<Opportunity>>('GET', '/opportunities', { query: { ...query, ...page } }),
  get: (id: string) => request<Opportunity>('GET', `/opportunities/${id}`),
  create: (body: NewOpportunity) => request<Opportunity>('POST', '/opportunities', { body }),
  update: (id: string, body: OpportunityPatch, version: number) =>
    request<Opportunity>('PATCH', `/opportunities/${id}`, { body, ifMatch: version }),
  /** Moves to `stage_id`; 409 `required_tasks_open`, 412 when moved meanwhile, 422 `loss_reason`. */
  move: (id: string, body: StageMove, version: number) =>
    request<Opportunity>('POST', `/opportunities/${id}/stage`, { body, ifMatch: version }),
  tickTask: (id: string, taskKey: string, done: boolean) =>
    request<Opportunity>('POST', `/opportunities/${id}/tasks`, { body: { task_key: taskKey, done } }),
  stageHistory: (id: string) => request<StageHistory>('GET', `/opportunities/${id}/stage-history`),
  team: (id: string) =>
    request<Page<OpportunityTeamMember>>('GET', `/opportunities/${id}/team`).then((page) => page.items),
  /** Replaces the whole team; 422 names `members[i].user_id` / `members[i].role`. */
  setTeam: (id: string, members: TeamMemberInput[]) =>
    request<Page<OpportunityTeamMember>>('PUT', `/opportunities/${id}/team`, { body: { members } }).then((page) => page.items),
  activities: (id: string) =>
    request<Page<Activity>>('GET', '/activities', { query: { opportunity_id: id, limit: 200 } }),

  quotes: (opportunityId: string) =>
    request<Page<Quote>>('GET', '/quotes', { query: { opportunity_id: opportunityId } }).then((page) => page.items),
  createQuote: (body: QuoteInput) => request<Quote>('POST', '/quotes', { body }),
  quotePrintUrl: (id: string) => `/api/v1/quotes/${id}/print`,
  /** The same printed quote as a PDF file (with the company's logo when one is set). */
  quotePdfUrl: (id: string) => `/api/v1/quotes/${id}/print?format=pdf`,

  forecast: (query: ForecastQuery) => request<Forecast>('GET', '/forecast', { query: { ...query } }),
  learnedWinRates: () => request<Page<LearnedRate>>('GET', '/forecast/learned-win-rates').then((page) => page.items),
  accuracy: (months = 6) =>
    request<Page<MonthAccuracy>>('GET', '/forecast/accuracy', { query: { months } }).then((page) => page.items),
};

/** The opportunity import: upload a file, map its columns and values, preview, start, read the counts. */
export const dealImportApi = {
  upload: (file: File) =>
    request<DealImport>('POST', '/opportunities/imports', {
      rawBody: file,
      headers: { 'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
    }),
  preview: (id: string, body: DealImportStart) =>
    request<DealImport>('POST', `/opportunities/imports/${id}/preview`, { body }),
  /** Starts the import in the background (202 with the job); a refused (failed) import may start again. */
  start: (id: string, body: DealImportStart) => request<Job>('POST', `/opportunities/imports/${id}/start`, { body }),
  status: (id: string) => request<DealImport>('GET', `/opportunities/imports/${id}`),
  rejectedUrl: (id: string) => apiUrl(`/opportunities/imports/${id}/rejected`),
};
