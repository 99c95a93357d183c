// Periods as the target and performance endpoints write them: a year ("2026"), a quarter
// ("2026-Q1") or a month ("2026-03"); the period picker's parts, the period before one, and
// the one just finished as of a day (the closed loop: how last month went).
export type PeriodKind = 'year' | 'quarter' | 'month';

export interface PeriodParts {
  kind: PeriodKind;
  year: number;
  /** The quarter (1–4) or month (1–12); ignored for a year. */
  index: number;
}

export function periodText({ kind, year, index }: PeriodParts): string {
  if (kind === 'year') return String(year);
  if (kind === 'quarter') return `${year}-Q${index}`;
  return `${year}-${String(index).padStart(2, '0')}`;
}

export function parsePeriod(text: string | null | undefined): PeriodParts | null {
  const value = (text ?? '').trim();
  let match = /^(\d{4})$/.exec(value);
  if (match) return { kind: 'year', year: Number(match[1]), index: 1 };
  match = /^(\d{4})-Q([1-4])$/.exec(value);
  if (match) return { kind: 'quarter', year: Number(match[1]), index: Number(match[2]) };
  match = /^(\d{4})-(\d{2})$/.exec(value);
  if (match && Number(match[2]) >= 1 && Number(match[2]) <= 12) return { kind: 'month', year: Number(match[1]), index: Number(match[2]) };
  return null;
}

/** The period of the same length just before. */
export function previousPeriod(parts: PeriodParts): PeriodParts {
  if (parts.kind === 'year') return { ...parts, year: parts.year - 1 };
  const count = parts.kind === 'quarter' ? 4 : 12;
  return parts.index > 1 ? { ...parts, index: parts.index - 1 } : { ...parts, year: parts.year - 1, index: count };
}

/** The month (1–12) and year of a calendar day `YYYY-MM-DD`. */
function monthOf(day: string): { year: number; month: number } {
  const [year, month] = day.split('-').map(Number);
  return { year, month };
}

/** The period of `kind` a day falls in. */
export function periodOfDay(kind: PeriodKind, day: string): PeriodParts {
  const { year, month } = monthOf(day);
  if (kind === 'year') return { kind, year, index: 1 };
  if (kind === 'quarter') return { kind, year, index: Math.ceil(month / 3) };
  return { kind, year, index: month };
}

/**
 * The last finished month or quarter of a plan's year as of `today`: the one before today's
 * while the plan's year is under way, the year's last once it is over, null before it starts
 * (or when today's is the first of the year).
 */
export function lastFinished(kind: 'month' | 'quarter', planYear: number, today: string): PeriodParts | null {
  const current = periodOfDay(kind, today);
  if (current.year < planYear) return null;
  if (current.year > planYear) return { kind, year: planYear, index: kind === 'month' ? 12 : 4 };
  const previous = previousPeriod(current);
  return previous.year === planYear ? previous : null;
}

/** The period a picker starts on for a plan's year: today's month, quarter or year if in it, else the year's first. */
export function defaultPeriod(kind: PeriodKind, planYear: number, today: string): PeriodParts {
  const current = periodOfDay(kind, today);
  return current.year === planYear ? current : { kind, year: planYear, index: 1 };
}

/** A calendar day in a time zone (YYYY-MM-DD). */
export function todayIn(timeZone: string | undefined, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}
