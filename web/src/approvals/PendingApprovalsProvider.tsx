import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { approvalsApi } from '../api/approvals';
import { PendingApprovalsContext } from './pending';

export const PENDING_POLL_MS = 60_000;

/** Counts the approvals waiting for the user, for the menu's badge; every minute and after a decision. */
export function PendingApprovalsProvider({ children }: { children: ReactNode }) {
  const [count, setCount] = useState(0);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let live = true;
    const poll = () => {
      approvalsApi.waitingCount().then(
        (n) => live && setCount(n),
        () => undefined, // a missed poll is retried at the next tick
      );
    };
    poll();
    const timer = window.setInterval(poll, PENDING_POLL_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [nonce]);

  const refresh = useCallback(() => setNonce((n) => n + 1), []);
  const value = useMemo(() => ({ count, refresh }), [count, refresh]);
  return <PendingApprovalsContext.Provider value={value}>{children}</PendingApprovalsContext.Provider>;
}
