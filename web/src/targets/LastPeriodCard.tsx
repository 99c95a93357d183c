import { Card, Empty, Flex, Segmented, Skeleton, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Completion, CompletionRow, TargetPlan } from '../api/targets';
import { useI18n } from '../i18n/useI18n';
import { problemMessage } from '../lib/problem';
import { RateBar, useAmountFormat } from './labels';
import { completionTree, type CompletionNode } from './completion';

/** Last finished month or quarter's completion, as the plan page loads it. */
export interface LastPeriod {
  kind: 'month' | 'quarter';
  setKind: (kind: 'month' | 'quarter') => void;
  /** `2026-03`; null before the plan's year has a finished period. */
  period: string | null;
  /** "March 2026" / "2026年3月", "Q1 2026". */
  label: string;
  completion?: Completion;
  error?: unknown;
}

function Line({ row, depth }: { row: CompletionRow; depth: number }) {
  const { t } = useI18n();
  return (
    <Flex
      justify="space-between"
      align="center"
      gap={8}
      className="closer-last-line"
      style={{ paddingInlineStart: depth * 14 }}
      data-testid="last-period-row"
      data-id={row.unit.kind === 'company' ? 'company' : row.unit.id}
    >
      <Typography.Text strong={depth === 0} ellipsis className="closer-last-line__name">
        {row.unit.kind === 'company' ? t('targets.company') : row.unit.name}
      </Typography.Text>
      <RateBar rate={row.rate} width={110} testId="last-period-rate" />
    </Flex>
  );
}

/**
 * The closed loop beside the allocation: how the last finished month or quarter went for the
 * company and each unit (rate of its target), so this year's split can learn from it.
 */
export function LastPeriodCard({ plan, last }: { plan: TargetPlan; last: LastPeriod }) {
  const { t } = useI18n();
  const format = useAmountFormat(plan.metric);
  const flat: { node: CompletionNode; depth: number }[] = [];
  const walk = (nodes: CompletionNode[], depth: number) =>
    nodes.forEach((node) => {
      flat.push({ node, depth });
      // Two levels under the company are enough here; the dashboard has the rest.
      if (depth < 2) walk(node.children ?? [], depth + 1);
    });
  walk(last.completion ? completionTree(last.completion.rows) : [], 0);
  const company = last.completion?.rows.find((r) => r.unit.kind === 'company');

  return (
    <Card
      size="small"
      title={t('targets.last.title')}
      extra={
        <Segmented<'month' | 'quarter'>
          size="small"
          value={last.kind}
          onChange={last.setKind}
          options={[
            { value: 'month', label: <span data-testid="last-kind-month">{t('period.kind.month')}</span> },
            { value: 'quarter', label: <span data-testid="last-kind-quarter">{t('period.kind.quarter')}</span> },
          ]}
        />
      }
      data-testid="last-period"
      className="closer-stat-card"
    >
      {!last.period ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('targets.last.none')} />
      ) : last.error && !last.completion ? (
        <Typography.Text type="secondary">{problemMessage(last.error, t)}</Typography.Text>
      ) : !last.completion ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <Flex vertical gap={6}>
          <Typography.Text type="secondary" className="closer-alloc-meta" data-testid="last-period-label">
            {company
              ? t('targets.last.summary', { period: last.label, actual: format(company.actual), target: format(company.target) })
              : last.label}
          </Typography.Text>
          {flat.map(({ node, depth }) => (
            <Line key={`${node.row.unit.kind}:${node.row.unit.id}`} row={node.row} depth={depth} />
          ))}
          <Link to={`/targets/${plan.id}/completion?period=${last.period}`} data-testid="last-period-more">
            {t('targets.last.more')}
          </Link>
        </Flex>
      )}
    </Card>
  );
}
