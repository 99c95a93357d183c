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

// ----- amounts at a glance -----

/** One step of a compact scale: amounts from `from` (in minor units, fen) are shown in it. */
interface Step {
  from: bigint;
  suffix: string;
}

const FEN = 100n;
const ZH_STEPS: Step[] = [
  { from: 10n ** 12n * FEN, suffix: '万亿' },
  { from: 10n ** 8n * FEN, suffix: '亿' },
  { from: 10n ** 4n * FEN, suffix: '万' },
];
const EN_STEPS: Step[] = [
  { from: 10n ** 12n * FEN, suffix: 'T' },
  { from: 10n ** 9n * FEN, suffix: 'B' },
  { from: 10n ** 6n * FEN, suffix: 'M' },
  { from: 10n ** 3n * FEN, suffix: 'K' },
];

/** `numerator ÷ denominator` rounded half up to `places` decimals, as digits ("8977", 1 → 897.7). */
function divideRounded(numerator: bigint, denominator: bigint, places: number): bigint {
  const scaled = numerator * 10n ** BigInt(places) * 2n;
  return (scaled + denominator) / (2n * denominator);
}

/** Digits with `places` decimals as text, trailing zeros dropped: 8977n, 1 → "897.7"; 10n, 1 → "1". */
function decimalText(digits: bigint, places: number): string {
  const text = digits.toString().padStart(places + 1, '0');
  const whole = text.slice(0, text.length - places);
  const fraction = text.slice(text.length - places).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/**
 * A non-negative amount in fen as a rounded figure and its unit: Chinese in 万 and 亿 with
 * one decimal ("897.7", "万"), English in K, M, B with three significant digits ("8.98",
 * "M"). A figure that rounds up to the next unit moves there (9,999.96万 → 1亿). Null below
 * the smallest unit.
 */
function scaled(fen: bigint, language: Language): { figure: string; suffix: string } | null {
  const steps = language === 'zh-CN' ? ZH_STEPS : EN_STEPS;
  for (let i = steps.length - 1; i >= 0; i -= 1) {
    const step = steps[i];
    const larger = steps[i - 1];
    if (fen < step.from || (larger && fen >= larger.from)) continue;
    const wholeDigits = (fen / step.from).toString().length;
    const places = language === 'zh-CN' ? 1 : Math.max(0, 3 - wholeDigits);
    const digits = divideRounded(fen, step.from, places);
    // Rounded up into the next unit (999.96K → 1000K): show it there.
    if (larger && digits * step.from >= larger.from * 10n ** BigInt(places)) {
      const largerPlaces = language === 'zh-CN' ? 1 : 2;
      return { figure: decimalText(divideRounded(fen, larger.from, largerPlaces), largerPlaces), suffix: larger.suffix };
    }
    return { figure: decimalText(digits, places), suffix: step.suffix };
  }
  return null;
}

function narrowCurrency(currency: string, language: Language, fractionDigits: number): Intl.NumberFormat | null {
  try {
    return new Intl.NumberFormat(language, {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
  } catch {
    return null;
  }
}

/**
 * Money to read at a glance, on cards, KPI tiles and chart labels: "¥897.7万" / "¥1.2亿" in
 * Chinese, "¥8.98M" / "¥120K" in English; below 1万 (1K) the amount itself ("¥8,500",
 * "¥8,500.50"). Rounded — the exact figure belongs in tables and tooltips (`formatMoney`).
 * Computed from the decimal string in whole fen, so the rounding is exact.
 */
export function formatMoneyCompact(money: Money | null | undefined, language: Language): string {
  if (!money) return '';
  const amount = money.amount.trim();
  if (!isDecimal(amount)) return formatMoney(money, language);
  const fen = toFen(amount);
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const sign = negative ? '-' : '';
  const step = scaled(abs, language);
  if (!step) {
    const format = narrowCurrency(money.currency, language, abs % FEN === 0n ? 0 : 2);
    const plain = fromFenText(abs);
    return format ? `${sign}${format.format(plain)}` : `${sign}${plain} ${money.currency}`;
  }
  const symbol = narrowCurrency(money.currency, language, 0)?.formatToParts(0).find((part) => part.type === 'currency')?.value;
  return symbol ? `${sign}${symbol}${step.figure}${step.suffix}` : `${sign}${step.figure}${step.suffix} ${money.currency}`;
}

/**
 * A stored amount in minor units (a history entry's `amount_minor`: 123450 or "123450") as
 * money: "¥1,234.50". Exact (whole fen, never a float); `null` when it is not a whole number.
 */
export function formatMinorUnits(value: unknown, currency: string, language: Language): string | null {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^-?\d+$/.test(text)) return null;
  const fen = BigInt(text);
  const negative = fen < 0n;
  return formatMoney({ amount: `${negative ? '-' : ''}${fromFenText(negative ? -fen : fen)}`, currency }, language);
}

/** Whole fen as a plain decimal string with two places (123450n → "1234.50"). */
function fromFenText(fen: bigint): Intl.StringNumericLiteral {
  return `${fen / FEN}.${String(fen % FEN).padStart(2, '0')}` as Intl.StringNumericLiteral;
}

/** A chart's figure (a float, already only for display) in whole fen. */
function chartFen(value: number): bigint {
  return BigInt(Math.round(value * 100));
}

/**
 * A figure on a chart axis, rounded the same way without a currency sign: 8977000 →
 * "897.7万" / "8.98M"; below 1万 (1K) with the user's digit grouping.
 */
export function formatCompactNumber(value: number, language: Language): string {
  if (!Number.isFinite(value)) return String(value);
  const fen = chartFen(value);
  const negative = fen < 0n;
  const step = scaled(negative ? -fen : fen, language);
  if (!step) return formatNumber(value, language, 2);
  return `${negative ? '-' : ''}${step.figure}${step.suffix}`;
}

/** An amount on a chart axis (a float from the chart), rounded: "¥123.5万" / "¥1.23M"; without a currency the figure alone. */
export function formatAxisAmount(value: number, currency: string | null | undefined, language: Language): string {
  if (!currency || !Number.isFinite(value)) return formatCompactNumber(value, language);
  const fen = chartFen(value);
  const negative = fen < 0n;
  return formatMoneyCompact({ amount: `${negative ? '-' : ''}${fromFenText(negative ? -fen : fen)}`, currency }, language);
}

// ----- periods -----

/** A month key ("2026-03") as people read it: "Mar 2026" / "2026年3月"; without the year "Mar" / "3月". */
export function formatMonth(key: string, language: Language, withYear = true): string {
  const match = /^(\d{4})-(\d{2})$/.exec(key);
  if (!match) return key;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, 15);
  return new Intl.DateTimeFormat(language, withYear ? { year: 'numeric', month: 'short' } : { month: 'short' }).format(date);
}

/**
 * A period as the API writes it — a year "2026", a quarter "2026-Q1" or a month "2026-03" —
 * as people read it: "2026年" / "2026", "2026年第1季度" / "Q1 2026", "2026年3月" / "Mar 2026".
 * Anything else is shown as it is.
 */
export function formatPeriod(period: string | null | undefined, language: Language): string {
  if (!period) return '';
  const year = /^(\d{4})$/.exec(period);
  if (year) return language === 'zh-CN' ? `${year[1]}年` : year[1];
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return language === 'zh-CN' ? `${quarter[1]}年第${quarter[2]}季度` : `Q${quarter[2]} ${quarter[1]}`;
  return formatMonth(period, language);
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
 * A stored phone as people read it, the same everywhere: Chinese mobiles in 3-4-4 groups
 * without the +86 ("139 1252 6161"), masked pool numbers too ("131 **** 6789"); anything
 * else as stored.
 */
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const mobile = /^(?:\+?86)?[\s-]*(1\d{2})[\s-]*([\d*]{4})[\s-]*(\d{4})$/.exec(phone.trim());
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
