import type { Language } from '../i18n/messages';
import { formatMoneyExact } from '../lib/money';
import type { Money } from '../api/types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "in 3 days", "2 hours ago", "3天后" … in the user's language. */
export function relativeTime(value: string | null | undefined, language: Language, now = Date.now()): string {
  if (!value) return '';
  const at = new Date(value).getTime();
  if (Number.isNaN(at)) return value;
  const diff = at - now;
  const abs = Math.abs(diff);
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  if (abs >= DAY) return format.format(Math.round(diff / DAY), 'day');
  if (abs >= HOUR) return format.format(Math.round(diff / HOUR), 'hour');
  return format.format(Math.round(diff / MINUTE), 'minute');
}

export type Protection = 'none' | 'safe' | 'urgent' | 'overdue';

/** How close a lead is to going back to the pool: urgent under a day, overdue when past. */
export function protectionOf(protectedUntil: string | null | undefined, now = Date.now()): Protection {
  if (!protectedUntil) return 'none';
  const left = new Date(protectedUntil).getTime() - now;
  if (Number.isNaN(left)) return 'none';
  if (left <= 0) return 'overdue';
  return left < DAY ? 'urgent' : 'safe';
}

/**
 * A typed amount as the API's money string with exactly two decimals ("250000" →
 * "250000.00"), or null when it is not a non-negative amount with at most two decimals.
 * Works on the text, so no floating-point rounding sneaks in.
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

export function formatMoney(money: Money | null | undefined, language: Language): string {
  // The decimal string goes to Intl as it is: never through a float.
  return formatMoneyExact(money, language);
}

/**
 * A stored phone as people read it: Chinese mobiles in 3-4-4 groups without the +86 ("139
 * 1252 6161"); masked pool numbers and anything else as stored.
 */
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const mobile = /^\+86(1\d{2})(\d{4})(\d{4})$/.exec(phone);
  return mobile ? `${mobile[1]} ${mobile[2]} ${mobile[3]}` : phone;
}
