import { Flex, Segmented, Select } from 'antd';
import { useI18n } from '../i18n/useI18n';
import { kindOf, withKind, yearChoices, type AnalyticsPeriod, type AnalyticsPeriodKind } from './period';

const KINDS: AnalyticsPeriodKind[] = ['all', 'year', 'quarter', 'month'];

/** All time, or a year, quarter or month: the kind as a switch, then the year and the quarter or month. */
export function PeriodFilter({ value, onChange, today }: { value: AnalyticsPeriod; onChange: (next: AnalyticsPeriod) => void; today: string }) {
  const { t, language } = useI18n();
  const monthName = (m: number) => new Intl.DateTimeFormat(language, { month: 'short' }).format(new Date(2000, m - 1, 15));
  const kind = kindOf(value);
  return (
    <Flex gap={8} wrap align="center" data-testid="analytics-period" data-period={value ? `${value.kind}:${value.year}:${value.index}` : 'all'}>
      <Segmented<AnalyticsPeriodKind>
        value={kind}
        onChange={(next) => onChange(withKind(value, next, today))}
        options={KINDS.map((k) => ({
          value: k,
          label: <span data-testid={`analytics-period-kind-${k}`}>{k === 'all' ? t('analytics.period.all') : t(`period.kind.${k}`)}</span>,
        }))}
      />
      {value && (
        <Select<number>
          value={value.year}
          onChange={(year) => onChange({ ...value, year })}
          options={yearChoices(today, value.year).map((year) => ({ value: year, label: String(year) }))}
          style={{ width: 92 }}
          data-testid="analytics-period-year"
          aria-label={t('period.year')}
        />
      )}
      {value?.kind === 'quarter' && (
        <Select<number>
          value={value.index}
          onChange={(index) => onChange({ ...value, index })}
          options={[1, 2, 3, 4].map((q) => ({ value: q, label: `Q${q}` }))}
          style={{ width: 72 }}
          data-testid="analytics-period-quarter"
          aria-label={t('period.kind.quarter')}
        />
      )}
      {value?.kind === 'month' && (
        <Select<number>
          value={value.index}
          onChange={(index) => onChange({ ...value, index })}
          options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: monthName(i + 1) }))}
          style={{ width: 92 }}
          data-testid="analytics-period-month"
          aria-label={t('period.month')}
        />
      )}
    </Flex>
  );
}
