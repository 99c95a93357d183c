// Names of the records cash lists point at (customers, contracts), which their rows carry only
// as ids: asked for once each and kept for the session.
import { useEffect, useState } from 'react';
import { contractsApi } from '../api/contracts';
import { customersApi } from '../api/customers';

type Kind = 'customer' | 'contract';
const known: Record<Kind, Map<string, string>> = { customer: new Map(), contract: new Map() };
const asked: Record<Kind, Map<string, Promise<void>>> = { customer: new Map(), contract: new Map() };

function ask(kind: Kind, id: string): Promise<void> {
  const pending = asked[kind].get(id);
  if (pending) return pending;
  const fetched = (kind === 'customer' ? customersApi.get(id).then((c) => c.name) : contractsApi.get(id).then((c) => c.number)).then(
    (name) => void known[kind].set(id, name),
    () => undefined,
  );
  asked[kind].set(id, fetched);
  return fetched;
}

/** Remembers names a list already carries (e.g. a receivable's customer), so nothing is asked for them. */
export function rememberName(kind: Kind, id: string | null | undefined, name: string | null | undefined): void {
  if (id && name) known[kind].set(id, name);
}

/** The names of `ids` as they arrive; an id not (yet) known is left out. */
export function useNames(kind: Kind, ids: (string | null | undefined)[]): Map<string, string> {
  const key = [...new Set(ids.filter((id): id is string => Boolean(id)))].sort().join(',');
  const [names, setNames] = useState<Map<string, string>>(() => new Map());
  useEffect(() => {
    let live = true;
    const wanted = key ? key.split(',') : [];
    const show = () => live && setNames(new Map(wanted.flatMap((id) => (known[kind].has(id) ? [[id, known[kind].get(id) as string]] : []))));
    show();
    const missing = wanted.filter((id) => !known[kind].has(id));
    // A few at a time, so a long list does not flood the server.
    void (async () => {
      for (let i = 0; i < missing.length && live; i += 6) {
        await Promise.all(missing.slice(i, i + 6).map((id) => ask(kind, id)));
        show();
      }
    })();
    return () => {
      live = false;
    };
  }, [kind, key]);
  return names;
}
