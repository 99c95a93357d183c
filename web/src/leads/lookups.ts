import { useCallback, useMemo } from 'react';
import { api } from '../api/client';
import { leadsApi } from '../api/leads';
import type { Campaign, User } from '../api/types';
import { useLoader } from '../lib/useLoader';

/** Users and campaigns, to show names for the ids on leads (and to pick from). */
export function useLeadLookups() {
  const loadUsers = useCallback(() => api.allUsers().catch(() => [] as User[]), []);
  const loadCampaigns = useCallback(() => leadsApi.campaigns().catch(() => [] as Campaign[]), []);
  const users = useLoader(loadUsers);
  const campaigns = useLoader(loadCampaigns);

  return useMemo(() => {
    const userList = users.data ?? [];
    const campaignList = campaigns.data ?? [];
    const userById = new Map(userList.map((u) => [u.id, u]));
    const campaignById = new Map(campaignList.map((c) => [c.id, c]));
    return {
      users: userList,
      activeUsers: userList.filter((u) => u.active),
      campaigns: campaignList,
      userName: (id: string | null | undefined) => (id ? (userById.get(id)?.name ?? '') : ''),
      campaignName: (id: string | null | undefined) => (id ? (campaignById.get(id)?.name ?? '') : ''),
      reloadCampaigns: campaigns.reload,
    };
  }, [users.data, campaigns.data, campaigns.reload]);
}

export type LeadLookups = ReturnType<typeof useLeadLookups>;
