// What a payment plan splits and where the plan editor saves it: a contract as a whole
// (PUT /contracts/{id}/payment-plan) or one of its orders (PUT /orders/{id}/payment-plan).
// The editor is the same; only these differ.
import { cashApi } from '../api/cash';
import type { Contract, Money, Order, OrderPaymentPlan, PaymentPlan, PaymentPlanInput, Receivable } from '../api/types';

export interface PlanTarget {
  kind: 'contract' | 'order';
  /** Who the plan is of, for the editor's title: the contract's number, or it with the order's label. */
  name: string;
  /** What the installments must add up to: the contract's amount or the order's. */
  total: Money;
  /** Of the total, what no installment covers yet (shown for an order). */
  unplanned: Money | null;
  /** The plan as it stands (none: a new plan). */
  receivables: Receivable[];
  /** Saves the installments where they belong. */
  save: (body: PaymentPlanInput) => Promise<unknown>;
}

/** The contract's plan as a whole. */
export function contractPlanTarget(contract: Pick<Contract, 'id' | 'number' | 'amount'>, plan: PaymentPlan | null): PlanTarget {
  return {
    kind: 'contract',
    name: contract.number,
    total: plan?.contract_amount ?? contract.amount,
    unplanned: null,
    receivables: plan?.receivables ?? [],
    save: (body) => cashApi.putPlan(contract.id, body),
  };
}

/** One order's plan; `label` is the order as the orders card names it ("Order 2"). */
export function orderPlanTarget(contract: Pick<Contract, 'number'>, order: Pick<Order, 'id' | 'amount'>, label: string, plan: OrderPaymentPlan | null): PlanTarget {
  return {
    kind: 'order',
    name: `${contract.number} · ${label}`,
    total: plan?.order_amount ?? order.amount,
    unplanned: plan?.unplanned ?? order.amount,
    receivables: plan?.receivables ?? [],
    save: (body) => cashApi.putOrderPlan(order.id, body),
  };
}
