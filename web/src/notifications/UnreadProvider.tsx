import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import { UnreadContext } from './unread';

export const UNREAD_POLL_MS = 30_000;

/** Polls the unread notification count every 30 s while the app is open. */
export function UnreadProvider({ children }: { children: ReactNode }) {
  const [count, setCount] = useState(0);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let live = true;
    const poll = () => {
      api.unreadCount().then(
        (answer) => live && setCount(answer.count),
        () => undefined, // a missed poll is retried at the next tick
      );
    };
    poll();
    const timer = window.setInterval(poll, UNREAD_POLL_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [nonce]);

  const refresh = useCallback(() => setNonce((n) => n + 1), []);
  const value = useMemo(() => ({ count, refresh }), [count, refresh]);
  return <UnreadContext.Provider value={value}>{children}</UnreadContext.Provider>;
}
