// The payment plan form: installments by ratio (adding to exactly 100 %) or by amount (adding
// to exactly the contract's amount), the live sum check, what each installment comes to, and
// the body of PUT /contracts/{id}/payment-plan. Money stays in whole fen (BigInt) throughout.
import type { Money, PaymentPlan, PaymentPlanInput, Receivable } from '../api/types';
import { fromFen, toFen, toMoneyAmount } from '../lib/money';

export type PlanMode = 'ratio' | 'amount';

export interface InstallmentValues {
  /** YYYY-MM-DD. */
  due_on?: string;
  /** Percent as typed ("30", "33.3333"). */
  ratio?: string | number | null;
  /** As typed ("300000", "300,000.00"). */
  amount?: string | number | null;
}

export interface PlanValues {
  mode: PlanMode;
  installments: InstallmentValues[];
}

/** 100 % in the server's units: millionths of the whole (four decimals of a percent). */
export const RATIO_WHOLE = 1_000_000n;

const text = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value).trim());

/**
 * A typed percentage in millionths of the whole ("30" → 300000n, "33.3333" → 333333n), or null
 * when it is not a percentage above 0 and at most 100 with up to four decimals — the server's rule.
 */
export function parseRatio(value: string | number | null | undefined): bigint | null {
  const match = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(text(value));
  if (!match) return null;
  const units = BigInt(match[1]) * 10_000n + BigInt((match[2] ?? '').padEnd(4, '0'));
  return units > 0n && units <= RATIO_WHOLE ? units : null;
}

/** Millionths of the whole as a percentage without trailing zeros (333333n → "33.3333"). */
export function formatRatio(units: bigint): string {
  const sign = units < 0n ? '-' : '';
  const abs = units < 0n ? -units : units;
  const fraction = String(abs % 10_000n).padStart(4, '0').replace(/0+$/, '');
  return `${sign}${abs / 10_000n}${fraction ? `.${fraction}` : ''}`;
}

/** `a × b ÷ c` rounded half up (all non-negative). */
function mulDivHalfUp(a: bigint, b: bigint, c: bigint): bigint {
  return (a * b * 2n + c) / (2n * c);
}

/**
 * What installments by ratio come to, as the server splits them: each rounded half up to the
 * fen, the last taking the remainder, so they add up exactly (¥1,000,000.01 at 30/60/10 →
 * 300000.00, 600000.01, 100000.00).
 */
export function splitByRatio(totalFen: bigint, ratios: bigint[]): bigint[] {
  let taken = 0n;
  return ratios.map((ratio, i) => {
    const part = i === ratios.length - 1 ? totalFen - taken : mulDivHalfUp(totalFen, ratio, RATIO_WHOLE);
    taken += part;
    return part;
  });
}

export interface PlanCheck {
  /** What the rows add up to: a percentage ("90") or an amount ("900000.00"). */
  sum: string;
  /** What they must add up to: "100" or the contract's amount. */
  target: string;
  /** Target minus sum: a percentage or an amount still to plan (negative when over). */
  left: string;
  /** Every row is filled in well and they add up exactly. */
  whole: boolean;
  /** Each row's amount (by ratio: as the server will split it once the ratios are whole), null where not known. */
  amounts: (Money | null)[];
  /** Rows whose date or share is missing or not a valid value. */
  badRows: number[];
}

/** The live sum check under the plan form. */
export function checkPlan(values: PlanValues, contractAmount: Money): PlanCheck {
  const currency = contractAmount.currency;
  const total = toFen(contractAmount.amount);
  const rows = values.installments ?? [];
  const badRows: number[] = [];
  rows.forEach((row, i) => {
    const share = values.mode === 'ratio' ? parseRatio(row.ratio) : toMoneyAmount(row.amount);
    const positive = share !== null && (values.mode === 'ratio' || toFen(share as string) > 0n);
    if (!text(row.due_on) || !positive) badRows.push(i);
  });

  if (values.mode === 'ratio') {
    const ratios = rows.map((row) => parseRatio(row.ratio));
    const sum = ratios.reduce<bigint>((acc, r) => acc + (r ?? 0n), 0n);
    const whole = rows.length > 0 && badRows.length === 0 && sum === RATIO_WHOLE;
    const known = ratios.every((r) => r !== null) && sum === RATIO_WHOLE;
    const split = known ? splitByRatio(total, ratios as bigint[]) : [];
    return {
      sum: formatRatio(sum),
      target: formatRatio(RATIO_WHOLE),
      left: formatRatio(RATIO_WHOLE - sum),
      whole,
      amounts: rows.map((_row, i) => {
        if (known) return fromFen(split[i], currency);
        const ratio = ratios[i];
        return ratio === null ? null : fromFen(mulDivHalfUp(total, ratio, RATIO_WHOLE), currency);
      }),
      badRows,
    };
  }

  const amounts = rows.map((row) => toMoneyAmount(row.amount));
  const sum = amounts.reduce<bigint>((acc, a) => acc + (a === null ? 0n : toFen(a)), 0n);
  return {
    sum: fromFen(sum, currency).amount,
    target: contractAmount.amount,
    left: fromFen(total - sum, currency).amount,
    whole: rows.length > 0 && badRows.length === 0 && sum === total,
    amounts: amounts.map((a) => (a === null ? null : { amount: a, currency })),
    badRows,
  };
}

/** PUT /contracts/{id}/payment-plan: every row by the form's mode; what is not a value goes as typed, so the server names it. */
export function planBody(values: PlanValues, currency: string): PaymentPlanInput {
  return {
    installments: (values.installments ?? []).map((row) =>
      values.mode === 'ratio'
        ? { due_on: text(row.due_on), ratio: text(row.ratio) }
        : { due_on: text(row.due_on), amount: { amount: toMoneyAmount(row.amount) ?? text(row.amount), currency } },
    ),
  };
}

/** The form's starting values: the plan as it stands (by amount), or one installment of 100 %. */
export function valuesFromPlan(plan: Pick<PaymentPlan, 'receivables'> | null | undefined): PlanValues {
  const rows = [...(plan?.receivables ?? [])].sort((a, b) => a.position - b.position);
  if (rows.length === 0) return { mode: 'ratio', installments: [{ due_on: '', ratio: '100' }] };
  return { mode: 'amount', installments: rows.map((r) => ({ due_on: r.due_on, amount: r.amount.amount })) };
}

/**
 * The same rows switched to the other mode, keeping what the user typed as far as it
 * converts: ratios become the amounts they come to, amounts the percentages they are.
 */
export function switchMode(values: PlanValues, mode: PlanMode, contractAmount: Money): PlanValues {
  if (mode === values.mode) return values;
  const total = toFen(contractAmount.amount);
  if (mode === 'amount') {
    const check = checkPlan(values, contractAmount);
    return {
      mode,
      installments: values.installments.map((row, i) => ({ due_on: row.due_on, amount: check.amounts[i]?.amount ?? '' })),
    };
  }
  return {
    mode,
    installments: values.installments.map((row) => {
      const amount = toMoneyAmount(row.amount);
      if (amount === null || total <= 0n) return { due_on: row.due_on, ratio: '' };
      return { due_on: row.due_on, ratio: formatRatio(mulDivHalfUp(toFen(amount), RATIO_WHOLE, total)) };
    }),
  };
}

/** The contract is planned order by order: its installments belong to its orders (a whole-contract plan is refused). */
export function plannedByOrders(plan: { receivables: Pick<Receivable, 'order_id'>[] } | null | undefined): boolean {
  return (plan?.receivables ?? []).some((r) => Boolean(r.order_id));
}

/**
 * The installments as the plan lists them: by position when planned as a whole; order by order
 * by due date (then the order's number and its own position), as the server lists them.
 */
export function planRows<R extends Pick<Receivable, 'order_id' | 'position' | 'due_on'>>(receivables: R[], orderNumberOf: (orderId: string) => number | undefined = () => undefined): R[] {
  if (!plannedByOrders({ receivables })) return [...receivables].sort((a, b) => a.position - b.position);
  const number = (r: R) => (r.order_id ? (orderNumberOf(r.order_id) ?? Number.MAX_SAFE_INTEGER) : 0);
  return [...receivables].sort((a, b) => a.due_on.localeCompare(b.due_on) || number(a) - number(b) || a.position - b.position);
}

/** Each order's installments, by the order's id. */
export function installmentsByOrder<R extends Pick<Receivable, 'order_id'>>(receivables: R[]): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const r of receivables) {
    if (!r.order_id) continue;
    out.set(r.order_id, [...(out.get(r.order_id) ?? []), r]);
  }
  return out;
}

/** An installment as lists name it: with its order ("Order 2 · installment 1") when it belongs to one. */
export function inOrder(order: string | undefined, installment: string): string {
  return order ? `${order} · ${installment}` : installment;
}
