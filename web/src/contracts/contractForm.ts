// The contract form's values and the bodies it sends: a draft's changes (PATCH) and an
// amendment (only what changes, with its reason). Amounts stay decimal strings throughout.
import type { AmendmentInput, Contract, ContractInput, QuoteLineInput } from '../api/types';
import { compareAmounts, toFen, toMoneyAmount } from '../lib/money';

export interface LineValues {
  product_id?: string | null;
  description?: string;
  /** As typed ("2", "2.5"). */
  quantity?: string | number | null;
  /** Empty: the product's list price. */
  unit_price?: string | number | null;
  /** Percent; empty is none. */
  discount?: string | number | null;
}

export interface ContractValues {
  name?: string;
  /** Without lines: the contract's amount. */
  amount?: string | number | null;
  /** YYYY-MM-DD, empty when not set. */
  signed_on?: string;
  starts_on?: string;
  ends_on?: string;
  terms?: string;
  lines?: LineValues[];
  /** Why an amendment is made. */
  reason?: string;
}

const text = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value).trim());

/** The form's starting values for a contract. */
export function valuesFromContract(contract: Contract): ContractValues {
  return {
    name: contract.name,
    amount: contract.amount.amount,
    signed_on: contract.signed_on ?? '',
    starts_on: contract.starts_on ?? '',
    ends_on: contract.ends_on ?? '',
    terms: contract.terms ?? '',
    lines: contract.lines.map((line) => ({
      product_id: line.product_id ?? undefined,
      description: line.description,
      quantity: line.quantity,
      unit_price: line.unit_price.amount,
      discount: line.discount,
    })),
  };
}

/** A typed amount as money to send; what is not an amount goes as typed, so the server names it. */
function money(typed: string | number | null | undefined, currency: string) {
  return { amount: toMoneyAmount(typed) ?? text(typed), currency };
}

export function lineInputs(lines: LineValues[], currency: string): QuoteLineInput[] {
  return lines.map((line) => ({
    product_id: line.product_id || null,
    description: text(line.description) || null,
    quantity: text(line.quantity) || '1',
    unit_price: text(line.unit_price) ? money(line.unit_price, currency) : null,
    discount: text(line.discount) || null,
  }));
}

/** Whether the form's lines say the same as the contract's (same products, texts and figures). */
export function sameLines(values: LineValues[], contract: Pick<Contract, 'lines'>): boolean {
  if (values.length !== contract.lines.length) return false;
  return values.every((line, i) => {
    const old = contract.lines[i];
    const price = toMoneyAmount(line.unit_price);
    return (
      (line.product_id || null) === (old.product_id ?? null) &&
      text(line.description) === old.description.trim() &&
      compareAmounts(text(line.quantity) || '0', old.quantity) === 0 &&
      price !== null &&
      toFen(price) === toFen(old.unit_price.amount) &&
      compareAmounts(text(line.discount) || '0', old.discount) === 0
    );
  });
}

type Changes = Pick<ContractInput, 'name' | 'amount' | 'lines' | 'signed_on' | 'starts_on' | 'ends_on' | 'terms'>;

/** The fields whose values differ from the contract's; a cleared date or terms is sent as null. */
function changes(values: ContractValues, contract: Contract): Changes {
  const body: Changes = {};
  const currency = contract.amount.currency;
  if (values.name !== undefined && text(values.name) !== contract.name) body.name = text(values.name);
  if (contract.lines.length > 0 || (values.lines?.length ?? 0) > 0) {
    if (values.lines && !sameLines(values.lines, contract)) body.lines = lineInputs(values.lines, currency);
  } else if (values.amount !== undefined && values.amount !== null) {
    const amount = toMoneyAmount(values.amount);
    if (amount === null || toFen(amount) !== toFen(contract.amount.amount)) body.amount = money(values.amount, currency);
  }
  for (const field of ['signed_on', 'starts_on', 'ends_on', 'terms'] as const) {
    const value = values[field];
    if (value === undefined) continue;
    const now = text(value) || null;
    if (now !== (contract[field] ?? null)) body[field] = now;
  }
  return body;
}

/** PATCH /contracts/{id} for a draft: only what changed. */
export function editBody(values: ContractValues, contract: Contract): ContractInput {
  return changes(values, contract);
}

/** POST /contracts/{id}/amendments: the reason and what changes. */
export function amendmentBody(values: ContractValues, contract: Contract): AmendmentInput {
  return { reason: text(values.reason), ...changes(values, contract) };
}
