// The receivables list's filters as the address keeps them (the aging report and the finance
// home link here), and the days the finance home's figures stand for.
import type { ReceivableListQuery } from '../api/types';
import { isBucket, type Bucket } from './aging';

export interface ReceivableFilters {
  status?: 'owing';
  bucket?: Bucket;
  as_of?: string;
  due_to?: string;
  customer_id?: string;
  contract_id?: string;
  owner_id?: string;
  department_id?: string;
  /** The name of the customer, owner or department filtered on, to show (not sent). */
  label?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const IDS = ['customer_id', 'contract_id', 'owner_id', 'department_id'] as const;

export function filtersFromParams(params: URLSearchParams): ReceivableFilters {
  const out: ReceivableFilters = {};
  if (params.get('status') === 'owing') out.status = 'owing';
  const bucket = params.get('bucket');
  if (isBucket(bucket)) out.bucket = bucket;
  for (const key of ['as_of', 'due_to'] as const) {
    const value = params.get(key)?.trim();
    if (value && DATE.test(value)) out[key] = value;
  }
  for (const key of IDS) {
    const value = params.get(key)?.trim();
    if (value) out[key] = value;
  }
  const label = params.get('label')?.trim();
  if (label) out.label = label;
  return out;
}

export function paramsFromFilters(filters: ReceivableFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, String(value));
  return params;
}

/** The filters as `GET /receivables` takes them (the label stays in the address). */
export function receivablesQuery(filters: ReceivableFilters): ReceivableListQuery {
  const { label: _label, ...query } = filters;
  void _label;
  return query;
}

/** A calendar day moved by `days` (YYYY-MM-DD in, YYYY-MM-DD out, no time zone involved). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}

/** The Sunday that ends the (Monday-first) week of a day. */
export function weekEnd(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(day, 6 - weekday);
}

/** Where each of the finance home's figures leads, for `today`. */
export function summaryLinks(today: string) {
  return {
    dueThisWeek: `/cash/receivables?${paramsFromFilters({ status: 'owing', bucket: 'not_due', as_of: today, due_to: weekEnd(today) })}`,
    overdue: `/cash/receivables?${paramsFromFilters({ status: 'owing', due_to: addDays(today, -1) })}`,
    outstanding: '/cash/receivables?status=owing',
    collected: '/cash/payments?status=posted',
    refunds: '/cash/refunds?status=open',
    unmatched: '/cash/payments?tab=unmatched',
  };
}

/**
 * Today as YYYY-MM-DD in the company's time zone (the server's "today" for due dates), or on
 * this device's calendar when the zone is unknown: a default the user can change.
 */
export function localToday(timeZone?: string, now = new Date()): string {
  if (timeZone) {
    try {
      return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
    } catch {
      // An unknown zone: RangeError; the device's calendar will do.
    }
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
