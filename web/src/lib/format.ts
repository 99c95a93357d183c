// How the UI shows values: money, numbers, percentages, phone numbers, file sizes, dates and
// times, in the user's language. Every feature formats through here.
import type { Money } from '../api/types';
import type { Language } from '../i18n/messages';
import { toFen } from './money';

/** A plain decimal ("-1280.50"), which Intl formats from the text itself, digit for digit. */
function isDecimal(text: string): text is Intl.StringNumericLiteral {
  return /^-?\d+(\.\d+)?$/.test(text);
}

// ----- money -----

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
export function formatMoney(money: Money | null | undefined, language: Language): string {
  if (!money) return '';
  const amount = money.amount.trim();
  const format = currencyFormat(money.currency, language);
  return format && isDecimal(amount) ? format.format(amount) : `${money.amount} ${money.currency}`;
}

/** A signed amount: "+¥1,000.00", "−¥500.00", or the plain zero. */
export function formatMoneyDelta(money: Money, language: Language): string {
  const fen = toFen(money.amount);
  if (fen === 0n) return formatMoney(money, language);
  const abs = { ...money, amount: money.amount.replace(/^-/, '') };
  return `${fen > 0n ? '+' : '−'}${formatMoney(abs, language)}`;
}

/** The currency's sign in the user's language, e.g. "¥" / "CN¥", for an amount field's prefix. */
export function currencySymbol(currency: string, language: Language): string {
  const parts = currencyFormat(currency, language)?.formatToParts(0) ?? [];
  return parts.find((part) => part.type === 'currency')?.value ?? currency;
}

// ----- numbers -----

/**
 * A number with the user's digit grouping ("12,800"). A decimal string (a quantity such as
 * "2.500") goes to Intl as it is; any other text is shown unchanged.
 */
export function formatNumber(value: number | string, language: Language, maximumFractionDigits?: number): string {
  const format = new Intl.NumberFormat(language, { maximumFractionDigits });
  if (typeof value === 'number') return format.format(value);
  const text = value.trim();
  return isDecimal(text) ? format.format(text) : value;
}

/** A percentage as the API writes it ("12.5") or as formatted, with its sign: "12.5%". */
export function formatPercent(value: string | number): string {
  return `${value}%`;
}

/** 1 234 bytes → "1.2 KB"; binary multiples, one decimal below 10. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

// ----- phone numbers -----

/**
 * A stored phone as people read it: Chinese mobiles in 3-4-4 groups without the +86 ("139
 * 1252 6161"); masked pool numbers ("131****6789") and anything else as stored.
 */
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const mobile = /^\+86(1\d{2})(\d{4})(\d{4})$/.exec(phone);
  return mobile ? `${mobile[1]} ${mobile[2]} ${mobile[3]}` : phone;
}

// ----- dates and times -----

/** A date and time in the user's language, e.g. 2025-03-01 14:05 / 2025/3/1 14:05. */
export function formatDateTime(value: string | null | undefined, language: Language): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

/** The time of day in the user's language, e.g. 14:05 / 02:05 PM. */
export function formatTime(value: string | null | undefined, language: Language): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }).format(date);
}

export function formatDate(value: string | null | undefined, language: Language): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
}

/** A calendar day (YYYY-MM-DD) with its weekday, e.g. "Monday, March 2" / "3月2日星期一". */
export function formatDay(day: string, language: Language): string {
  const date = new Date(`${day}T12:00:00`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(language, { weekday: 'long', month: 'long', day: 'numeric' }).format(date);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

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

// ----- anything -----

/** A history value as text: strings as they are, the rest as JSON; empty as a dash. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
