// The contract endpoints: contracts with their revisions and amendments, the orders that
// fulfil them. Approvals and their flows are `approvals.ts`. Same transport as `client.ts`.
import { request } from './client';
import type {
  Amendment,
  AmendmentInput,
  Contract,
  ContractInput,
  ContractListQuery,
  Order,
  OrderInput,
  Page,
  Revision,
} from './types';

export const contractsApi = {
  list: (query: ContractListQuery, page: { limit?: number; cursor?: string | null } = {}) =>
    request<Page<Contract>>('GET', '/contracts', { query: { ...query, ...page } }),
  get: (id: string) => request<Contract>('GET', `/contracts/${id}`),
  /** From a won opportunity (`opportunity_id`) or a quote (`quote_id`, its lines copied); 409 `opportunity_not_won`. */
  create: (body: ContractInput) => request<Contract>('POST', '/contracts', { body }),
  /** A draft or rejected contract's fields; 409 `contract_not_editable` otherwise. */
  update: (id: string, body: ContractInput, version: number) =>
    request<Contract>('PATCH', `/contracts/${id}`, { body, ifMatch: version }),
  /** To approval (or straight to active when no flow applies). */
  submit: (id: string, version: number) => request<Contract>('POST', `/contracts/${id}/submit`, { ifMatch: version }),
  /** A new revision of an active contract, re-approved where the flow says so. */
  amend: (id: string, body: AmendmentInput, version: number) =>
    request<Amendment>('POST', `/contracts/${id}/amendments`, { body, ifMatch: version }),
  revisions: (id: string) => request<Page<Revision>>('GET', `/contracts/${id}/revisions`).then((page) => page.items),
  terminate: (id: string, reason: string, version: number) =>
    request<Contract>('POST', `/contracts/${id}/terminate`, { body: { reason }, ifMatch: version }),
  complete: (id: string, version: number) => request<Contract>('POST', `/contracts/${id}/complete`, { ifMatch: version }),

  orders: (contractId: string) =>
    request<Page<Order>>('GET', '/orders', { query: { contract_id: contractId, limit: 500 } }).then((page) => page.items),
  /** 422 `exceeds_remaining` on a line asking for more than the contract leaves. */
  createOrder: (body: OrderInput) => request<Order>('POST', '/orders', { body }),
  /** `shipped`, `delivered` or `cancelled`; 409 `order_status` for a move backwards, `order_planned` to cancel an order with a payment plan. */
  moveOrder: (id: string, status: string, version: number) =>
    request<Order>('POST', `/orders/${id}/status`, { body: { status }, ifMatch: version }),
};
