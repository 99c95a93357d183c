import { Flex, Segmented, Select } from 'antd';
import { useI18n } from '../i18n/useI18n';
import type { PeriodKind, PeriodParts } from './period';

/**
 * A year, quarter or month: the kind as a segmented switch (when more than one is offered),
 * then the year (when it may change) and the quarter or month.
 */
export function PeriodPicker({
  value,
  onChange,
  kinds = ['year', 'quarter', 'month'],
  years,
  testId = 'period',
}: {
  value: PeriodParts;
  onChange: (next: PeriodParts) => void;
  kinds?: PeriodKind[];
  /** The years to choose from; left out: the year stays as it is. */
  years?: number[];
  testId?: string;
}) {
  const { t, language } = useI18n();
  const monthName = (m: number) => new Intl.DateTimeFormat(language, { month: 'short' }).format(new Date(2000, m - 1, 15));
  const setKind = (kind: PeriodKind) => onChange({ kind, year: value.year, index: 1 });
  return (
    <Flex gap={8} wrap align="center" data-testid={testId} data-period={`${value.kind}:${value.year}:${value.index}`}>
      {kinds.length > 1 && (
        <Segmented<PeriodKind>
          value={value.kind}
          onChange={setKind}
          options={kinds.map((kind) => ({ value: kind, label: <span data-testid={`${testId}-kind-${kind}`}>{t(`period.kind.${kind}`)}</span> }))}
        />
      )}
      {years && (
        <Select<number>
          value={value.year}
          onChange={(year) => onChange({ ...value, year })}
          options={years.map((year) => ({ value: year, label: String(year) }))}
          style={{ width: 96 }}
          data-testid={`${testId}-year`}
          aria-label={t('period.year')}
        />
      )}
      {value.kind === 'quarter' && (
        <Segmented<number>
          value={value.index}
          onChange={(index) => onChange({ ...value, index })}
          options={[1, 2, 3, 4].map((q) => ({ value: q, label: <span data-testid={`${testId}-q${q}`}>{`Q${q}`}</span> }))}
        />
      )}
      {value.kind === 'month' && (
        <Select<number>
          value={value.index}
          onChange={(index) => onChange({ ...value, index })}
          options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: monthName(i + 1) }))}
          style={{ width: 100 }}
          data-testid={`${testId}-month`}
          aria-label={t('period.month')}
        />
      )}
    </Flex>
  );
}
