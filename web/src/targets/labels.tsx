import { Progress, Tag } from 'antd';
import { useCallback, type ReactNode } from 'react';
import type { PlanStatus, TargetMetric } from '../api/targets';
import { useSession } from '../auth/session';
import { CompactMoney } from '../components/CompactMoney';
import { useI18n } from '../i18n/useI18n';
import { formatMoney, formatNumber } from '../lib/format';
import { isCounted } from './allocation';

const STATUS_COLOR: Record<string, string> = { draft: 'processing', locked: 'success' };

export function PlanStatusTag({ status }: { status: PlanStatus | string }) {
  const { tx } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status] ?? 'default'} bordered={false} data-testid="plan-status" data-status={status}>
      {tx(`targets.status.${status}`, status)}
    </Tag>
  );
}

export function MetricTag({ metric }: { metric: TargetMetric | string }) {
  const { tx } = useI18n();
  return (
    <Tag bordered={false} color="blue" data-testid="plan-metric" data-metric={metric}>
      {tx(`targets.metric.${metric}`, metric)}
    </Tag>
  );
}

/** The company's currency (the tenant's). */
export function useCurrency(): string {
  const { user } = useSession();
  return user.tenant.currency || 'CNY';
}

/** How a metric's amounts read: money in the company's currency, counts as plain numbers. */
export function useAmountFormat(metric: TargetMetric | undefined) {
  const { language } = useI18n();
  const currency = useCurrency();
  return useCallback(
    (value: string | null | undefined) => {
      if (value === null || value === undefined || value === '') return '—';
      return metric && isCounted(metric) ? formatNumber(value, language) : formatMoney({ amount: value, currency }, language);
    },
    [metric, language, currency],
  );
}

/** A metric's amount on a tile, read at a glance: money rounded ("¥897.7万") with the exact figure behind it. */
export function useCompactAmount(metric: TargetMetric | undefined) {
  const { language } = useI18n();
  const currency = useCurrency();
  return useCallback(
    (value: string | null | undefined): ReactNode => {
      if (value === null || value === undefined || value === '') return '—';
      return metric && isCounted(metric) ? formatNumber(value, language) : <CompactMoney money={{ amount: value, currency }} />;
    },
    [metric, language, currency],
  );
}

/** Money in the company's currency. */
export function useMoneyFormat() {
  const { language } = useI18n();
  const currency = useCurrency();
  return useCallback(
    (value: string | null | undefined) => (value === null || value === undefined || value === '' ? '—' : formatMoney({ amount: value, currency }, language)),
    [language, currency],
  );
}

/** The colour of a completion rate: green at 100 % or more, amber from 80 %, red below. */
export function rateColor(rate: string | null | undefined): string {
  const value = Number(rate ?? 0);
  if (value >= 100) return '#16a34a';
  if (value >= 80) return '#d97706';
  return '#dc2626';
}

/** A completion rate as a bar with its figure; a dash where there is no target. */
export function RateBar({ rate, width = 140, testId = 'completion-rate' }: { rate: string | null | undefined; width?: number; testId?: string }) {
  if (rate === null || rate === undefined) return <span data-testid={testId}>—</span>;
  const value = Number(rate);
  return (
    <div style={{ width, maxWidth: '100%' }} data-testid={testId} data-rate={rate}>
      <Progress
        percent={Math.min(100, Math.max(0, value))}
        size="small"
        strokeColor={rateColor(rate)}
        format={() => `${rate}%`}
        style={{ margin: 0 }}
      />
    </div>
  );
}
