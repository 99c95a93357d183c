import { Select } from 'antd';
import type { LeadQuery, LeadStatus } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import type { LeadLookups } from './lookups';
import { KNOWN_SOURCES, LEAD_STATUSES, useSourceLabel } from './status';

interface Props {
  query: LeadQuery;
  lookups: LeadLookups;
  onChange: (patch: Partial<LeadQuery>) => void;
  /** One control per line, full width (the phone's filter drawer). */
  stacked?: boolean;
}

/** Status, source, campaign, owner and sort pickers for the leads list. */
export function LeadFilters({ query, lookups, onChange, stacked }: Props) {
  const { t, tx } = useI18n();
  const sourceLabel = useSourceLabel();
  const width = (desk: number) => (stacked ? { width: '100%' } : { width: desk });
  const sources = KNOWN_SOURCES.includes(query.source ?? '') || !query.source ? KNOWN_SOURCES : [...KNOWN_SOURCES, query.source];
  return (
    <>
      <Select<LeadStatus>
        allowClear
        placeholder={t('leads.filter.status')}
        value={query.status}
        onChange={(status) => onChange({ status })}
        options={LEAD_STATUSES.map((s) => ({ value: s, label: tx(`leads.status.${s}`, s) }))}
        style={width(130)}
        data-testid="filter-status"
      />
      <Select<string>
        allowClear
        showSearch
        placeholder={t('leads.filter.source')}
        value={query.source}
        onChange={(source) => onChange({ source })}
        options={sources.map((s) => ({ value: s, label: sourceLabel(s) }))}
        optionFilterProp="label"
        style={width(140)}
        data-testid="filter-source"
      />
      <Select<string>
        allowClear
        showSearch
        placeholder={t('leads.filter.campaign')}
        value={query.campaign_id}
        onChange={(campaign_id) => onChange({ campaign_id })}
        options={lookups.campaigns.map((c) => ({ value: c.id, label: c.name }))}
        optionFilterProp="label"
        notFoundContent={t('leads.filter.noCampaigns')}
        style={width(160)}
        data-testid="filter-campaign"
      />
      <Select<string>
        allowClear
        showSearch
        placeholder={t('leads.filter.owner')}
        value={query.owner_id}
        onChange={(owner_id) => onChange({ owner_id })}
        options={lookups.users.map((u) => ({ value: u.id, label: u.name }))}
        optionFilterProp="label"
        style={width(170)}
        data-testid="filter-owner"
      />
      <Select<'created_at' | '-created_at'>
        value={query.sort ?? '-created_at'}
        onChange={(sort) => onChange({ sort })}
        options={[
          { value: '-created_at', label: t('leads.sort.newest') },
          { value: 'created_at', label: t('leads.sort.oldest') },
        ]}
        style={width(140)}
        aria-label={t('leads.sort.label')}
        data-testid="filter-sort"
      />
    </>
  );
}
