import { customersApi } from '../api/customers';
import type { CustomerActivity } from '../api/customer-types';
import { leadsApi } from '../api/leads';

export interface RecordNames {
  customers: Map<string, string>;
  leads: Map<string, string>;
}

/** Most records whose names one day's list looks up. */
const MAX_LOOKUPS = 40;

/**
 * The names of the customers and leads a day's activities belong to (activities carry only
 * ids). One request per record, in parallel; a record that cannot be read keeps no name.
 */
export async function recordNames(items: CustomerActivity[]): Promise<RecordNames> {
  const customerIds = [...new Set(items.map((i) => i.customer_id).filter((id): id is string => Boolean(id)))];
  const leadIds = [...new Set(items.map((i) => i.lead_id).filter((id): id is string => Boolean(id)))];
  const lookups = [
    ...customerIds.map((id) => ({ kind: 'customer' as const, id })),
    ...leadIds.map((id) => ({ kind: 'lead' as const, id })),
  ].slice(0, MAX_LOOKUPS);
  const answers = await Promise.all(
    lookups.map(({ kind, id }) =>
      (kind === 'customer' ? customersApi.get(id).then((c) => c.name) : leadsApi.get(id).then((l) => l.company_name)).then(
        (name) => ({ kind, id, name }),
        () => null,
      ),
    ),
  );
  const names: RecordNames = { customers: new Map(), leads: new Map() };
  for (const answer of answers) {
    if (answer) (answer.kind === 'customer' ? names.customers : names.leads).set(answer.id, answer.name);
  }
  return names;
}
