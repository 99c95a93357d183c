import { SortAscendingOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';
import type { LeadLookups } from './lookups';
import { DEFAULT_SORT, LEAD_SORTS, type LeadQuery, type LeadSort } from './query';
import { KNOWN_SOURCES, LEAD_STATUSES, useSourceLabel, type LeadStatus } from './status';

const SORT_LABELS: Record<LeadSort, MessageKey> = {
  '-created_at': 'leads.sort.newest',
  created_at: 'leads.sort.oldest',
  '-updated_at': 'leads.sort.recentlyUpdated',
  updated_at: 'leads.sort.leastRecentlyUpdated',
  company_name: 'leads.sort.companyAsc',
  '-company_name': 'leads.sort.companyDesc',
};

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
      <Select<LeadSort>
        value={query.sort ?? DEFAULT_SORT}
        onChange={(sort) => onChange({ sort })}
        options={LEAD_SORTS.map((sort) => ({ value: sort, label: t(SORT_LABELS[sort]) }))}
        prefix={<SortAscendingOutlined aria-hidden />}
        popupMatchSelectWidth={false}
        style={width(220)}
        aria-label={t('leads.sort.label')}
        data-testid="filter-sort"
      />
    </>
  );
}
