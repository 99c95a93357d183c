// The bodies the cash forms send: a payment (with or without named receivables), an invoice,
// a contract change (a fee waived), and the amounts the forms start from.
import type { ContractChangeInput, InvoiceInput, Money, PaymentInput, Receivable } from '../api/types';
import { fromFen, toFen, toMoneyAmount } from '../lib/money';

const text = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value).trim());

/** A typed amount as money to send; what is not an amount goes as typed, so the server names it. */
export function moneyInput(typed: string | number | null | undefined, currency: string): Money {
  return { amount: toMoneyAmount(typed) ?? text(typed), currency };
}

export interface AllocationValues {
  receivable_id: string;
  amount?: string | number | null;
}

export interface PaymentValues {
  amount?: string | number | null;
  /** YYYY-MM-DD. */
  received_on?: string;
  reference?: string;
  payer_name?: string;
  /** `auto`: earliest due first; `named`: the amounts given per receivable. */
  allocate?: 'auto' | 'named';
  allocations?: AllocationValues[];
}

/** POST /payments: named allocations only when chosen, and only the receivables given an amount above zero. */
export function paymentBody(values: PaymentValues, target: { customer_id: string; contract_id?: string | null }, currency: string): PaymentInput {
  const body: PaymentInput = {
    customer_id: target.customer_id,
    contract_id: target.contract_id ?? null,
    amount: moneyInput(values.amount, currency),
    received_on: text(values.received_on),
    reference: text(values.reference) || null,
    payer_name: text(values.payer_name) || null,
  };
  if (values.allocate === 'named') {
    body.allocations = (values.allocations ?? [])
      .filter((a) => {
        const amount = toMoneyAmount(a.amount);
        return text(a.amount) !== '' && (amount === null || toFen(amount) > 0n);
      })
      .map((a) => ({ receivable_id: a.receivable_id, amount: moneyInput(a.amount, currency) }));
  }
  return body;
}

/** What the named allocations add up to, and what of the payment is left for credit (negative: more named than paid). */
export function allocationSums(values: PaymentValues, currency: string): { named: Money; left: Money } {
  const named = (values.allocations ?? []).reduce((sum, a) => {
    const amount = toMoneyAmount(a.amount);
    return sum + (amount === null ? 0n : toFen(amount));
  }, 0n);
  const paid = toMoneyAmount(values.amount);
  return { named: fromFen(named, currency), left: fromFen((paid === null ? 0n : toFen(paid)) - named, currency) };
}

/** Named allocations starting with each owing receivable's outstanding amount, earliest due first, until the payment runs out. */
export function prefillAllocations(receivables: Receivable[], amount: string | number | null | undefined): AllocationValues[] {
  const typed = toMoneyAmount(amount);
  let left = typed === null ? 0n : toFen(typed);
  return [...receivables]
    .filter((r) => toFen(r.outstanding.amount) > 0n)
    .sort((a, b) => a.due_on.localeCompare(b.due_on) || a.position - b.position)
    .map((r) => {
      const owed = toFen(r.outstanding.amount);
      const take = left < owed ? left : owed;
      left -= take;
      return { receivable_id: r.id, amount: take > 0n ? fromFen(take, r.outstanding.currency).amount : '' };
    });
}

export interface InvoiceValues {
  receivable_id?: string;
  kind?: 'vat_special' | 'vat_ordinary';
  tax_rate?: string | number | null;
  amount?: string | number | null;
  number?: string;
  issued_on?: string;
}

/** POST /invoices. */
export function invoiceBody(values: InvoiceValues, currency: string): InvoiceInput {
  return {
    receivable_id: values.receivable_id ?? '',
    kind: values.kind ?? 'vat_special',
    tax_rate: text(values.tax_rate) || '0',
    amount: moneyInput(values.amount, currency),
    number: text(values.number),
    issued_on: text(values.issued_on) || null,
  };
}

/** What a receivable leaves to invoice: its amount less what was invoiced on it (not below zero). */
export function invoiceable(receivable: Pick<Receivable, 'amount' | 'invoiced'>): Money {
  const left = toFen(receivable.amount.amount) - toFen(receivable.invoiced.amount);
  return fromFen(left > 0n ? left : 0n, receivable.amount.currency);
}

/**
 * The amount left once `percent` of it is waived, the waived part rounded half up to the fen:
 * ¥100,000.00 with 10 % waived → ¥90,000.00. Null when the percentage is not one (0–100, up to two decimals).
 */
export function afterWaiver(amount: Money, percent: string | number | null | undefined): Money | null {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text(percent));
  if (!match) return null;
  const hundredths = BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  if (hundredths > 10_000n) return null;
  const fen = toFen(amount.amount);
  const waived = (fen * hundredths * 2n + 10_000n) / 20_000n;
  return fromFen(fen - waived, amount.currency);
}

export interface ChangeValues {
  receivable_id?: string;
  /** Percent waived, which fills in the new amount. */
  percent?: string | number | null;
  new_amount?: string | number | null;
  reason?: string;
}

/** POST /contracts/{id}/changes for one receivable's new amount. */
export function changeBody(values: ChangeValues, currency: string): ContractChangeInput {
  return {
    reason: text(values.reason),
    receivables: [{ receivable_id: values.receivable_id ?? '', new_amount: moneyInput(values.new_amount, currency) }],
  };
}

/** A part of a whole as a whole percentage, for progress bars (the figures beside them are exact). */
export function percentOf(part: Money, whole: Money): number {
  const total = toFen(whole.amount);
  if (total <= 0n) return 0;
  const share = (toFen(part.amount) * 100n) / total;
  return Number(share < 0n ? 0n : share > 100n ? 100n : share);
}
