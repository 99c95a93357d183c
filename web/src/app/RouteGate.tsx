import type { ReactNode } from 'react';
import { useSession } from '../auth/session';
import { NoAccessPage } from '../pages/NoAccessPage';
import { accessOf, allows } from './access';

/** Renders a route's page only for users its access rule lets in; the others are told so, and nothing is fetched. */
export function RouteGate({ path, children }: { path: string; children: ReactNode }) {
  const { can } = useSession();
  const route = accessOf(path);
  return allows(route, can) ? children : <NoAccessPage id={route.id} />;
}
