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

const SIGNED_IN_KEY = 'closer.signedIn';

/**
 * Remembers on this browser whether there was a session, so the next visit can fetch the
 * signed-in application while `/me` is still being asked (a hint only: `/me` decides).
 */
export function rememberSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) window.localStorage.setItem(SIGNED_IN_KEY, '1');
    else window.localStorage.removeItem(SIGNED_IN_KEY);
  } catch {
    // Storage may be off (private browsing): the hint is only lost.
  }
}

/** Whether this browser had a session last time. */
export function wasSignedIn(): boolean {
  try {
    return window.localStorage.getItem(SIGNED_IN_KEY) === '1';
  } catch {
    return false;
  }
}
