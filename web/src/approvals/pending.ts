import { createContext, useContext } from 'react';

export interface PendingApprovals {
  /** Approvals waiting for the signed-in user's decision (at most the first 100). */
  count: number;
  refresh: () => void;
}

export const PendingApprovalsContext = createContext<PendingApprovals>({ count: 0, refresh: () => undefined });

export function usePendingApprovals(): PendingApprovals {
  return useContext(PendingApprovalsContext);
}
