// The analytics page's period: all time, or a year, quarter or month as the reports take it
// (`YYYY`, `YYYY-Qn`, `YYYY-MM`). The address keeps it as `period=` (`all` for all time; left
// out: this year), the API gets the text itself or nothing for all time.
import { defaultPeriod, parsePeriod, periodText, type PeriodKind, type PeriodParts } from '../targets/period';

export type AnalyticsPeriodKind = 'all' | PeriodKind;
/** A year, quarter or month; null for all time. */
export type AnalyticsPeriod = PeriodParts | null;

/** The address's value for all time. */
export const ALL_TIME = 'all';

/** The period an address's `period=` names; absent or unreadable: the year of `today` (YYYY-MM-DD). */
export function periodFromParam(param: string | null | undefined, today: string): AnalyticsPeriod {
  if (param === ALL_TIME) return null;
  return parsePeriod(param) ?? { kind: 'year', year: Number(today.slice(0, 4)), index: 1 };
}

/** The period as the address keeps it. */
export function periodParam(period: AnalyticsPeriod): string {
  return period ? periodText(period) : ALL_TIME;
}

/** The period as the reports take it: no parameter for all time. */
export function apiPeriod(period: AnalyticsPeriod): string | undefined {
  return period ? periodText(period) : undefined;
}

export function kindOf(period: AnalyticsPeriod): AnalyticsPeriodKind {
  return period ? period.kind : 'all';
}

/**
 * Another kind of period around the one shown: within the year shown, today's quarter or
 * month when the year is today's, else the year's first; all time drops the year.
 */
export function withKind(period: AnalyticsPeriod, kind: AnalyticsPeriodKind, today: string): AnalyticsPeriod {
  if (kind === 'all') return null;
  const year = period?.year ?? Number(today.slice(0, 4));
  return defaultPeriod(kind, year, today);
}

/** The years to pick from: five back to one ahead of today's, and the one shown if outside them. */
export function yearChoices(today: string, shown?: number): number[] {
  const current = Number(today.slice(0, 4));
  const years = Array.from({ length: 7 }, (_, i) => current - 5 + i);
  if (shown !== undefined && !years.includes(shown)) years.push(shown);
  return years.sort((a, b) => b - a);
}
