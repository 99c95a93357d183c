// The approval engine: each approver's inbox and what the submitter sent, decisions, and the
// flows administrators keep (`settings.manage`). Same transport as `client.ts`.
import { readAll, request } from './client';
import type { Approval, ApprovalListQuery, Delegation, DelegationInput, Flow, FlowInput, Page } from './types';

/** What an approver may answer; reject and return need a comment. */
export type Decision = 'approve' | 'reject' | 'return';

export const approvalsApi = {
  list: (query: ApprovalListQuery) => request<Page<Approval>>('GET', '/approvals', { query: { ...query } }),
  /** Waiting for my decision (the inbox). */
  inbox: (limit = 100) => approvalsApi.list({ mine: true, status: 'pending', limit }),
  /** How many wait for my decision (the menu's badge). */
  waitingCount: () =>
    request<{ count: number }>('GET', '/approvals', { query: { mine: true, count: true } }).then((c) => c.count),
  /** The ones I submitted, newest first. */
  submitted: (limit = 100) => approvalsApi.list({ submitted: true, limit }),
  /** Every approval of a contract (its trail over revisions). */
  ofRecord: (recordId: string) => approvalsApi.list({ record_id: recordId, limit: 100 }).then((page) => page.items),
  get: (id: string) => request<Approval>('GET', `/approvals/${id}`),
  /** 403 when it is not the caller's turn; 409 `approval_decided` once decided or recalled. */
  decide: (id: string, decision: Decision, comment?: string) =>
    request<Approval>('POST', `/approvals/${id}/${decision}`, { body: { comment: comment?.trim() || null } }),
  recall: (id: string) => request<Approval>('POST', `/approvals/${id}/recall`),

  /** My delegations (whoever decides in my place, and when), latest start first. */
  delegations: () => request<Page<Delegation>>('GET', '/approvals/delegations').then((page) => page.items),
  /** 422 `delegate_id` unknown_reference (unknown, inactive or myself), `ends_on` before_start. */
  createDelegation: (body: DelegationInput) => request<Delegation>('POST', '/approvals/delegations', { body }),
  deleteDelegation: (id: string) => request<void>('DELETE', `/approvals/delegations/${id}`),

  flows: () => readAll<Flow>('/approval-flows'),
  createFlow: (body: FlowInput) => request<Flow>('POST', '/approval-flows', { body }),
  /** A new version of the flow; 412 when someone saved it since `version`. */
  updateFlow: (id: string, body: FlowInput, version: number) =>
    request<Flow>('PUT', `/approval-flows/${id}`, { body, ifMatch: version }),
};
