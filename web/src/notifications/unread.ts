import { createContext, useContext } from 'react';

export interface UnreadValue {
  count: number;
  refresh: () => void;
}

export const UnreadContext = createContext<UnreadValue>({ count: 0, refresh: () => undefined });

export function useUnread(): UnreadValue {
  return useContext(UnreadContext);
}
