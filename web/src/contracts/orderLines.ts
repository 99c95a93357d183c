// What an order may still take from a contract, and the order a form's quantities make.
// Quantities ("2.500") are counted exactly in thousandths, never through a float.
import type { Contract, ContractLine, Order, OrderInput } from '../api/types';
import type { FieldPath } from '../lib/formProblems';
import { compareAmounts, fromFen, toFen, toMoneyAmount } from '../lib/money';

/** A quantity ("2.5", "2.500") as whole thousandths (2500n); null when it is not a plain decimal. */
export function toMilli(quantity: string | number | null | undefined): bigint | null {
  const text = String(quantity ?? '').trim();
  const match = /^(\d*)(?:\.(\d{0,3}))?$/.exec(text);
  if (!match || text === '' || text === '.') return null;
  return BigInt(match[1] || '0') * 1000n + BigInt((match[2] ?? '').padEnd(3, '0'));
}

/** Thousandths as a quantity without insignificant zeros (2500n → "2.5"). */
export function fromMilli(milli: bigint): string {
  const whole = milli / 1000n;
  const fraction = String(milli % 1000n).padStart(3, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** Orders that count against the contract: all but the cancelled ones. */
export function countingOrders(orders: Order[]): Order[] {
  return orders.filter((order) => order.status !== 'cancelled');
}

/** For each contract line (by id), the quantity no order has taken yet. */
export function remainingByLine(lines: ContractLine[], orders: Order[]): Map<string, string> {
  const taken = new Map<string, bigint>();
  for (const order of countingOrders(orders)) {
    for (const line of order.lines) {
      if (!line.contract_line_id) continue;
      taken.set(line.contract_line_id, (taken.get(line.contract_line_id) ?? 0n) + (toMilli(line.quantity) ?? 0n));
    }
  }
  return new Map(
    lines.map((line) => {
      const left = (toMilli(line.quantity) ?? 0n) - (taken.get(line.id) ?? 0n);
      return [line.id, fromMilli(left > 0n ? left : 0n)];
    }),
  );
}

/** The contract's amount no order has taken yet (never below zero). */
export function remainingAmount(contract: Pick<Contract, 'amount' | 'ordered'>): string {
  const left = toFen(contract.amount.amount) - toFen(contract.ordered.amount);
  return fromFen(left > 0n ? left : 0n, contract.amount.currency).amount;
}

export interface OrderValues {
  /** Contract line id → quantity to deliver, as typed. */
  quantities?: Record<string, string | number | null | undefined>;
  /** For a contract without lines: the amount this order delivers. */
  amount?: string | number | null;
  deliver_by?: string;
  notes?: string;
}

/**
 * The body of POST /orders: the lines given a quantity above zero, in the contract's order
 * (or the amount, for a contract without lines). A quantity that is not a number is sent as
 * typed so the server names the line.
 */
export function orderBody(contract: Pick<Contract, 'id' | 'lines' | 'amount'>, values: OrderValues): OrderInput {
  const body: OrderInput = { contract_id: contract.id, lines: [] };
  if (contract.lines.length === 0) {
    const typed = values.amount ?? '';
    body.lines.push({ amount: { amount: toMoneyAmount(typed) ?? String(typed), currency: contract.amount.currency } });
  } else {
    for (const line of contract.lines) {
      const typed = values.quantities?.[line.id];
      if (typed === null || typed === undefined || String(typed).trim() === '') continue;
      const milli = toMilli(typed);
      if (milli === 0n) continue;
      body.lines.push({ contract_line_id: line.id, quantity: milli === null ? String(typed).trim() : fromMilli(milli) });
    }
  }
  if (values.deliver_by) body.deliver_by = values.deliver_by;
  if (values.notes?.trim()) body.notes = values.notes.trim();
  return body;
}

/** Whether a typed quantity is more than a line leaves (false for what is not a number). */
export function exceeds(typed: string | number | null | undefined, left: string): boolean {
  const milli = toMilli(typed);
  return milli !== null && compareAmounts(fromMilli(milli), left) > 0;
}

/** Where the order form shows a problem the server names on the body: `lines[1].quantity` → that line's quantity. */
export function orderFieldPath(path: FieldPath, body: OrderInput): FieldPath {
  if (path[0] !== 'lines' || typeof path[1] !== 'number') return path;
  if (path[2] === 'amount') return ['amount'];
  const lineId = body.lines[path[1]]?.contract_line_id;
  return lineId ? ['quantities', lineId] : path;
}
