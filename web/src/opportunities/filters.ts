
const KEYS = ['stage_id', 'owner_id', 'department_id', 'period', 'on_my_team'] as const;

export function queryFromParams(params: URLSearchParams): OpportunityQuery {
  const query: OpportunityQuery = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value) query[key] = value;
  }
  return query;
}

/** Periods the forecast and the list take: this year, its quarters and its months, and next year. */
export function periodOptions(year = new Date().getFullYear()): string[] {
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  return [String(year), ...[1, 2, 3, 4].map((q) => `${year}-Q${q}`), ...months, String(year + 1)];
}
