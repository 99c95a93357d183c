// Where a contract and its orders are in their lives, and what may be done to them there —
// the server's rules (crates/domain/src/contracts.rs) as the UI offers them.
import type { Contract } from '../api/types';

export const CONTRACT_STATUSES = ['draft', 'in_approval', 'active', 'completed', 'rejected', 'terminated'] as const;
/** A contract's status (`ContractDto.status`). */
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const ORDER_STATUSES = ['open', 'shipped', 'delivered', 'cancelled'] as const;
/** An order's delivery status (`OrderDto.status`). */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export function isContractStatus(value: string | null | undefined): value is ContractStatus {
  return CONTRACT_STATUSES.some((status) => status === value);
}

export function isOrderStatus(value: string | null | undefined): value is OrderStatus {
  return ORDER_STATUSES.some((status) => status === value);
}

/** The buttons a contract's page offers. */
export interface ContractActions {
  /** Change its fields in place: a draft, or a rejected contract being reworked. */
  edit: boolean;
  submit: boolean;
  /** A new revision of an active contract, unless one is already waiting for approval. */
  amend: boolean;
  terminate: boolean;
  complete: boolean;
  /** Fulfil part of it in an order. */
  order: boolean;
}

/** What a user who may write contracts (`contracts.write`) may do to this one now. */
export function contractActions(contract: Pick<Contract, 'status' | 'pending_revision'>, canWrite: boolean): ContractActions {
  const status = contract.status;
  const reworkable = canWrite && (status === 'draft' || status === 'rejected');
  const active = canWrite && status === 'active';
  return {
    edit: reworkable,
    submit: reworkable,
    amend: active && (contract.pending_revision === null || contract.pending_revision === undefined),
    terminate: active,
    complete: active,
    order: active,
  };
}

/** Orders move forward only: open → shipped → delivered; open or shipped → cancelled. */
export function orderMoves(status: string): OrderStatus[] {
  if (status === 'open') return ['shipped', 'delivered', 'cancelled'];
  if (status === 'shipped') return ['delivered', 'cancelled'];
  return [];
}
