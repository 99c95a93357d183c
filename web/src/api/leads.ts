// The lead endpoints: leads, the pool, activities, campaigns, routing, settings, imports and
// web forms. Same transport as `client.ts`.
import type { LeadExportFormat, LeadQuery } from '../leads/query';
import { apiUrl, readAll, request } from './client';
import type {
  Activity,
  ActivityInput,
  AssignmentRule,
  AssignmentRuleInput,
  Campaign,
  CampaignInput,
  CaptureForm,
  CaptureFormInput,
  ClaimQuota,
  Conversion,
  ConvertInput,
  Count,
  Duplicate,
  DuplicateQuery,
  History,
  ImportMapping,
  ImportStart,
  Job,
  Lead,
  LeadCreate,
  LeadImport,
  LeadPatch,
  LeadSettings,
  LeadSettingsPatch,
  Page,
} from './types';

/** The largest import file the server takes (256 MB). */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

type Query = Record<string, string | number | boolean | null | undefined>;

function leadQuery(query: LeadQuery): Query {
  return {
    q: query.q,
    status: query.status,
    source: query.source,
    campaign_id: query.campaign_id,
    owner_id: query.owner_id,
    sort: query.sort,
  };
}

export const leadsApi = {
  list: (query: LeadQuery, page: { limit?: number; cursor?: string | null } = {}, signal?: AbortSignal) =>
    request<Page<Lead>>('GET', '/leads', { query: { ...leadQuery(query), ...page }, signal }),
  count: (query: LeadQuery) => request<Count>('GET', '/leads', { query: { ...leadQuery(query), count: true } }),
  /** Every lead matching the filters, in the list's order, as a download link. */
  exportUrl: (query: LeadQuery, format: LeadExportFormat) => apiUrl('/leads', { ...leadQuery(query), format }),
  get: (id: string) => request<Lead>('GET', `/leads/${id}`),
  create: (body: LeadCreate) => request<Lead>('POST', '/leads', { body }),
  update: (id: string, body: LeadPatch, version: number) =>
    request<Lead>('PATCH', `/leads/${id}`, { body, ifMatch: version }),
  duplicates: (query: DuplicateQuery, signal?: AbortSignal) =>
    request<Page<Duplicate>>('GET', '/leads/duplicates', { query: { ...query }, signal }),
  history: (id: string) => request<History>('GET', `/leads/${id}/history`),

  pool: (query: { q?: string; limit?: number; cursor?: string | null }) =>
    request<Page<Lead>>('GET', '/lead-pool', { query }),
  /** The signed-in user's claims today and open leads held, beside the pool's limits. */
  poolQuota: () => request<ClaimQuota>('GET', '/lead-pool/quota'),
  claim: (id: string) => request<Lead>('POST', `/leads/${id}/claim`),
  release: (id: string, reason: string) => request<Lead>('POST', `/leads/${id}/release`, { body: { reason } }),
  /** The duplicate merges into `id` and is closed. */
  merge: (id: string, duplicateId: string) =>
    request<Lead>('POST', `/leads/${id}/merge`, { body: { duplicate_id: duplicateId } }),
  convert: (id: string, body: ConvertInput) => request<Conversion>('POST', `/leads/${id}/convert`, { body }),

  activities: (leadId: string) =>
    request<Page<Activity>>('GET', '/activities', { query: { lead_id: leadId, limit: 200 } }),
  logActivity: (body: ActivityInput) => request<Activity>('POST', '/activities', { body }),

  // Short lists, answered whole (a `next_cursor`, should one come, is followed).
  campaigns: () => readAll<Campaign>('/campaigns'),
  createCampaign: (body: CampaignInput) => request<Campaign>('POST', '/campaigns', { body }),

  rules: () => readAll<AssignmentRule>('/assignment-rules'),
  createRule: (body: AssignmentRuleInput) => request<AssignmentRule>('POST', '/assignment-rules', { body }),
  updateRule: (id: string, body: AssignmentRuleInput, version: number) =>
    request<AssignmentRule>('PATCH', `/assignment-rules/${id}`, { body, ifMatch: version }),

  settings: () => request<LeadSettings>('GET', '/settings/leads'),
  updateSettings: (body: LeadSettingsPatch) => request<LeadSettings>('PATCH', '/settings/leads', { body }),

  upload: (file: File) =>
    request<LeadImport>('POST', '/leads/imports', {
      rawBody: file,
      headers: { 'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
    }),
  importPreview: (id: string, mapping: ImportMapping) =>
    request<LeadImport>('POST', `/leads/imports/${id}/preview`, { body: { mapping } }),
  startImport: (id: string, body: ImportStart) =>
    request<Job>('POST', `/leads/imports/${id}/start`, { body }),
  importStatus: (id: string) => request<LeadImport>('GET', `/leads/imports/${id}`),
  rejectedUrl: (id: string) => apiUrl(`/leads/imports/${id}/rejected`),

  captureForms: () => readAll<CaptureForm>('/capture-forms'),
  createCaptureForm: (body: CaptureFormInput) => request<CaptureForm>('POST', '/capture-forms', { body }),
};
