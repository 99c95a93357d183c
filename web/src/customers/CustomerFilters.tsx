import { SortAscendingOutlined } from '@ant-design/icons';
import { AutoComplete, Select } from 'antd';
import { useState, type CSSProperties } from 'react';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';
import { useCustomerLabels, type Users } from './labels';
import { CUSTOMER_SORTS, DEFAULT_SORT, GRADES, SIZE_TIERS, type CustomerQuery, type CustomerSort, type Grade, type SizeTier } from './query';
import { INDUSTRIES, PROVINCES } from './suggestions';

const SORT_LABELS: Record<CustomerSort, MessageKey> = {
  '-created_at': 'customers.sort.newest',
  created_at: 'customers.sort.oldest',
  '-score': 'customers.sort.scoreDesc',
  score: 'customers.sort.scoreAsc',
  name: 'customers.sort.nameAsc',
  '-name': 'customers.sort.nameDesc',
};

/** A text filter that suggests common values and applies on Enter, on pick or when cleared. */
function TextFilter({
  value,
  placeholder,
  suggestions,
  onChange,
  width,
  testId,
}: {
  value: string | undefined;
  placeholder: string;
  suggestions: string[];
  onChange: (value: string | undefined) => void;
  width: CSSProperties;
  testId: string;
}) {
  const [draft, setDraft] = useState<{ of: string | undefined; text: string }>({ of: value, text: value ?? '' });
  const text = draft.of === value ? draft.text : (value ?? '');
  const commit = (next: string) => onChange(next.trim() || undefined);
  return (
    <AutoComplete
      allowClear
      value={text}
      placeholder={placeholder}
      options={suggestions.filter((s) => !text || s.includes(text)).map((s) => ({ value: s }))}
      onChange={(next: string) => {
        setDraft({ of: value, text: next ?? '' });
        if (!next) commit('');
      }}
      onSelect={(next: string) => commit(next)}
      onBlur={() => text !== (value ?? '') && commit(text)}
      onInputKeyDown={(event) => event.key === 'Enter' && commit(text)}
      style={width}
      data-testid={testId}
    />
  );
}

interface Props {
  query: CustomerQuery;
  users: Users;
  onChange: (patch: Partial<CustomerQuery>) => void;
  /** One control per line, full width (the phone's filter sheet). */
  stacked?: boolean;
}

/** Industry, size tier, province, grade, owner and sort for the customer list. */
export function CustomerFilters({ query, users, onChange, stacked }: Props) {
  const { t, language } = useI18n();
  const labels = useCustomerLabels();
  const width = (desk: number) => (stacked ? { width: '100%' } : { width: desk });
  return (
    <>
      <TextFilter
        value={query.industry}
        placeholder={t('customers.filter.industry')}
        suggestions={INDUSTRIES[language]}
        onChange={(industry) => onChange({ industry })}
        width={width(150)}
        testId="filter-industry"
      />
      <Select<SizeTier>
        allowClear
        placeholder={t('customers.filter.size')}
        value={query.size_tier}
        onChange={(size_tier) => onChange({ size_tier })}
        options={SIZE_TIERS.map((tier) => ({ value: tier, label: labels.sizeTier(tier) }))}
        style={width(120)}
        data-testid="filter-size"
      />
      <TextFilter
        value={query.province}
        placeholder={t('customers.filter.province')}
        suggestions={PROVINCES}
        onChange={(province) => onChange({ province })}
        width={width(120)}
        testId="filter-province"
      />
      <Select<Grade>
        allowClear
        placeholder={t('customers.filter.grade')}
        value={query.grade}
        onChange={(grade) => onChange({ grade })}
        options={GRADES.map((grade) => ({ value: grade, label: t('customers.gradeOption', { grade }) }))}
        style={width(110)}
        data-testid="filter-grade"
      />
      <Select<string>
        allowClear
        showSearch
        placeholder={t('customers.filter.owner')}
        value={query.owner_id}
        onChange={(owner_id) => onChange({ owner_id })}
        options={users.users.map((u) => ({ value: u.id, label: u.name }))}
        optionFilterProp="label"
        style={width(170)}
        data-testid="filter-owner"
      />
      <Select<CustomerSort>
        value={query.sort ?? DEFAULT_SORT}
        onChange={(sort) => onChange({ sort })}
        options={CUSTOMER_SORTS.map((sort) => ({ value: sort, label: t(SORT_LABELS[sort]) }))}
        prefix={<SortAscendingOutlined aria-hidden />}
        popupMatchSelectWidth={false}
        style={width(190)}
        aria-label={t('customers.sort.label')}
        data-testid="filter-sort"
      />
    </>
  );
}
