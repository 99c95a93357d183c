import { createContext, useContext } from 'react';
import type { CurrentUser, SessionResponse, User } from '../api/types';

export interface SessionValue {
  user: CurrentUser;
  /** Whether the signed-in user's role grants a permission key such as `users.manage`. */
  can: (permission: string) => boolean;
  /** Merges a fresh copy of the user (e.g. the answer of PATCH /me) into the session. */
  replaceUser: (user: User) => void;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in session');
  return value;
}

export type SignedIn = (session: SessionResponse) => void;

/** The session's user with their company, which sign-in and `/me` always name (null if not). */
export function sessionUser(user: User, previous?: CurrentUser): CurrentUser | null {
  const tenant = user.tenant ?? previous?.tenant;
  return tenant ? { ...previous, ...user, tenant } : null;
}
