import type { Language } from '../i18n/messages';
import type { Money } from '../api/types';

const DECIMAL = /^-?\d+(\.\d+)?$/;

function currencyFormat(currency: string, language: Language): Intl.NumberFormat | null {
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency });
  } catch {
    // An unknown currency code: RangeError.
    return null;
  }
}

/**
 * Money as people read it ("¥1,280.50", "CN¥1,280.50"). The decimal string goes to Intl as
 * it is — never through a float — so an amount of any size shows exactly.
 */
export function formatMoneyExact(money: Money | null | undefined, language: Language): string {
  if (!money) return '';
  const amount = money.amount.trim();
  const format = DECIMAL.test(amount) ? currencyFormat(money.currency, language) : null;
  return format ? format.format(amount as Intl.StringNumericLiteral) : `${money.amount} ${money.currency}`;
}

/** The currency's sign in the user's language, e.g. "¥" / "CN¥", for an amount field's prefix. */
export function currencySymbol(currency: string, language: Language): string {
  const parts = currencyFormat(currency, language)?.formatToParts(0) ?? [];
  return parts.find((part) => part.type === 'currency')?.value ?? currency;
}

/** How many decimals the currency's amounts take (2 for yuan, 0 for yen). */
export function currencyDecimals(currency: string): number {
  return currencyFormat(currency, 'en-US')?.resolvedOptions().maximumFractionDigits ?? 2;
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
