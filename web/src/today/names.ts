import type { TodayItem } from '../api/types';

export interface RecordNames {
  customers: Map<string, string>;
  leads: Map<string, string>;
}

/** The names of the customers and leads a day's activities belong to, as the server sends them. */
export function recordNames(items: TodayItem[]): RecordNames {
  const names: RecordNames = { customers: new Map(), leads: new Map() };
  for (const item of items) {
    if (!item.record_name) continue;
    if (item.customer_id) names.customers.set(item.customer_id, item.record_name);
    else if (item.lead_id) names.leads.set(item.lead_id, item.record_name);
  }
  return names;
}
