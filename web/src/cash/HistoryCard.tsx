import { Card, Empty, Tag, Timeline, Typography } from 'antd';
import type { ReceivableChange } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatDateTime, formatMoney, formatMoneyDelta } from '../lib/format';
import { toFen } from '../lib/money';
import { inOrder } from './plan';

const KIND_COLOR: Record<string, string> = { planned: 'blue', replanned: 'gold', dropped: 'red', changed: 'purple' };

/** Every change to the plan's installments, newest first: what it was, what it became, the difference and why. */
export function HistoryCard({
  history,
  positionOf,
  orderOf = () => undefined,
  nameOf,
}: {
  history: ReceivableChange[];
  positionOf: (receivableId: string) => number | undefined;
  /** The order an installment belongs to ("Order 2"), when the contract is planned order by order. */
  orderOf?: (receivableId: string) => string | undefined;
  nameOf: (id?: string | null) => string;
}) {
  const { t, tx, language } = useI18n();
  const entries = [...history].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Card size="small" title={t('cash.history.title')} data-testid="cash-history">
      {entries.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cash.history.none')} />
      ) : (
        <Timeline
          className="closer-cash-history"
          items={entries.map((h, i) => {
            const n = positionOf(h.receivable_id);
            const diff = toFen(h.difference.amount);
            const moved = h.due_before && h.due_before !== h.due_after;
            return {
              key: `${h.receivable_id}-${h.at}-${i}`,
              color: KIND_COLOR[h.kind] ?? 'gray',
              children: (
                <div data-testid="history-entry" data-kind={h.kind}>
                  <Typography.Text strong>
                    {n === undefined ? t('cash.receivable.one') : inOrder(orderOf(h.receivable_id), t('cash.receivable.n', { n: n + 1 }))}{' '}
                    <Tag bordered={false} color={KIND_COLOR[h.kind]}>
                      {tx(`cash.history.kind.${h.kind}`, h.kind)}
                    </Tag>
                  </Typography.Text>
                  <div className="closer-cash-meta">
                    {h.amount_before ? `${formatMoney(h.amount_before, language)} → ` : ''}
                    {formatMoney(h.amount_after, language)}
                    {h.amount_before && diff !== 0n && (
                      <Typography.Text type={diff < 0n ? 'danger' : 'success'} data-testid="history-difference">
                        {' '}
                        ({formatMoneyDelta(h.difference, language)})
                      </Typography.Text>
                    )}
                  </div>
                  <div className="closer-cash-meta">
                    {moved
                      ? t('cash.history.dueMoved', { before: formatDate(h.due_before, language), after: formatDate(h.due_after, language) })
                      : t('cash.history.due', { date: formatDate(h.due_after, language) })}
                  </div>
                  {h.reason && <div className="closer-cash-meta">{h.reason}</div>}
                  <Typography.Text type="secondary" className="closer-cash-meta">
                    {nameOf(h.actor_id)} · {formatDateTime(h.at, language)}
                  </Typography.Text>
                </div>
              ),
            };
          })}
        />
      )}
    </Card>
  );
}
