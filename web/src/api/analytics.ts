// The results endpoints: the pipeline, sales-efficiency, win/loss and regions reports (JSON, or the same address
// with `format=csv|xlsx` as a download). Same transport as `client.ts`.
import { apiUrl, request } from './client';
import type { components } from './schema';
import type { Efficiency, Pipeline, ReportQuery } from './types';

/** What the pipeline report's rows are; the first is the server's default. */
export const PIPELINE_GROUPS = ['month', 'owner', 'department', 'product', 'product_line', 'product_type', 'campaign'] as const;
export type PipelineGroup = (typeof PIPELINE_GROUPS)[number];
/** What the efficiency report's rows are. */
export const EFFICIENCY_GROUPS = ['owner', 'department'] as const;
export type EfficiencyGroup = (typeof EFFICIENCY_GROUPS)[number];

export type ReportName = 'pipeline' | 'efficiency' | 'campaign-roi' | 'win-loss' | 'regions';
export type ExportFormat = 'csv' | 'xlsx';

/** The query as the API takes it: empty members left out. */
function clean(query: ReportQuery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) if (value) out[key] = value;
  return out;
}

export const analyticsApi = {
  pipeline: (query: ReportQuery) => request<Pipeline>('GET', '/analytics/pipeline', { query: clean(query) }),
  efficiency: (query: ReportQuery) => request<Efficiency>('GET', '/analytics/efficiency', { query: clean(query) }),
  /** Each campaign from cost to leads, deals and won amount, with ROI; lead channels. */
  campaignRoi: (query: ReportQuery) => request<components['schemas']['CampaignRoiDto']>('GET', '/analytics/campaign-roi', { query: clean(query) }),
  /** Loss reasons, stages lost at and competitors met, for deals closed in the period. */
  winLoss: (query: ReportQuery) => request<components['schemas']['WinLossDto']>('GET', '/analytics/win-loss', { query: clean(query) }),
  /** Each region's target, actual, pipeline, customers and coverage for the period. */
  regions: (query: ReportQuery) => request<components['schemas']['RegionsDto']>('GET', '/analytics/regions', { query: clean(query) }),
  /** The caller's home page figures for a period (default: this year), a department and an owner. */
  dashboard: (query: Pick<ReportQuery, 'period' | 'department_id' | 'owner_id'>) =>
    request<components['schemas']['DashboardDto']>('GET', '/dashboards', { query: clean(query) }),
  /** The report as a file: the same address with `format`. */
  exportUrl: (report: ReportName, query: ReportQuery, format: ExportFormat) =>
    apiUrl(`/analytics/${report}`, { ...clean(query), format }),
};
