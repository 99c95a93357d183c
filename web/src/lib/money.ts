// Exact arithmetic on the API's money strings ("250000.00"): parsed as text or BigInt, never
// through a float, so no amount drifts. How money is shown is `format.ts`.
import type { Money } from '../api/types';

/** How many decimals the currency's amounts take (2 for yuan, 0 for yen). */
export function currencyDecimals(currency: string): number {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An unknown currency code: RangeError.
    return 2;
  }
}

/** A money string as whole fen (minor units), exactly ("1234.5" → 123450n). */
export function toFen(amount: string): bigint {
  const text = amount.trim();
  const negative = text.startsWith('-');
  const [whole, cents = ''] = text.replace(/^[-+]/, '').split('.');
  const value = BigInt(whole || '0') * 100n + BigInt((cents + '00').slice(0, 2));
  return negative ? -value : value;
}

/** Whole fen as money with two decimals (123450n → "1234.50"). */
export function fromFen(fen: bigint, currency: string): Money {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return { amount: `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`, currency };
}

/** Adds amounts exactly, in fen, so a column's sum has no floating-point drift. */
export function sumMoney(items: Money[], currency = 'CNY'): Money {
  const fen = items.reduce((sum, money) => sum + toFen(money.amount), 0n);
  return fromFen(fen, items[0]?.currency ?? currency);
}

/** Minor units (fen) as the API's decimal amount: 1234567 → "12345.67". */
export function minorToAmount(minor: number): string {
  if (!Number.isFinite(minor)) return String(minor);
  return fromFen(BigInt(Math.trunc(minor)), '').amount;
}

/** Splits a decimal string into sign, whole digits without leading zeros and fraction without trailing ones. */
function parts(amount: string): { negative: boolean; whole: string; fraction: string } {
  const text = amount.trim();
  const negative = text.startsWith('-');
  const [whole = '', fraction = ''] = text.replace(/^[-+]/, '').split('.');
  return { negative, whole: whole.replace(/^0+/, ''), fraction: fraction.replace(/0+$/, '') };
}

/** Orders two decimal strings exactly (negative, zero or positive, like a sort comparator). */
export function compareAmounts(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  const places = Math.max(x.fraction.length, y.fraction.length);
  const scaled = (p: typeof x) => {
    const value = BigInt(`${p.whole}${p.fraction.padEnd(places, '0')}` || '0');
    return p.negative ? -value : value;
  };
  const diff = scaled(x) - scaled(y);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

/**
 * A typed amount as the API's money string with exactly two decimals ("250000" →
 * "250000.00"), or null when it is not a non-negative amount with at most two decimals.
 * Group separators, spaces and the yuan sign are ignored.
 */
export function toMoneyAmount(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).replace(/[,\s¥]/g, '');
  const match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(text);
  if (!match) return null;
  const whole = match[1].replace(/^0+(?=\d)/, '');
  const cents = (match[2] ?? '').padEnd(2, '0');
  return `${whole}.${cents}`;
}

/** A typed amount ("12345.6", "12,345.67") as minor units, or null when it is not one. */
export function amountToMinor(amount: string | number | null | undefined): number | null {
  const money = toMoneyAmount(amount);
  return money === null ? null : Number(toFen(money));
}
