import { Card, Empty, Flex, List, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { ContractChange } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatDateTime, formatMoney } from '../lib/format';
import { toFen } from '../lib/money';
import { RefundStatusTag } from './labels';
import { inOrder } from './plan';

/** The contract's changes (fees waived): what each installment and the contract became, and the refund it raised. */
export function ChangesCard({
  changes,
  positionOf,
  orderOf = () => undefined,
  nameOf,
}: {
  changes: ContractChange[];
  positionOf: (receivableId: string) => number | undefined;
  /** The order an installment belongs to ("Order 2"), when the contract is planned order by order. */
  orderOf?: (receivableId: string) => string | undefined;
  nameOf: (id?: string | null) => string;
}) {
  const { t, language } = useI18n();
  const money = (m: Parameters<typeof formatMoney>[0]) => formatMoney(m, language);
  return (
    <Card size="small" title={t('cash.change.listTitle', { count: changes.length })} data-testid="cash-changes">
      {changes.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cash.change.none')} />
      ) : (
        <List<ContractChange>
          size="small"
          dataSource={[...changes].reverse()}
          renderItem={(c) => (
            <List.Item data-testid="change-row">
              <Flex vertical gap={2} style={{ width: '100%', minWidth: 0 }}>
                <Typography.Text strong>{c.reason}</Typography.Text>
                {c.receivables.map((r) => {
                  const n = positionOf(r.receivable_id);
                  return (
                    <Typography.Text key={r.receivable_id} className="closer-cash-meta" data-testid="change-receivable-line">
                      {t('cash.change.line', {
                        what: n === undefined ? t('cash.receivable.one') : inOrder(orderOf(r.receivable_id), t('cash.receivable.n', { n: n + 1 })),
                        before: money(r.amount_before),
                        after: money(r.amount_after),
                      })}
                    </Typography.Text>
                  );
                })}
                <Typography.Text type="secondary" className="closer-cash-meta" data-testid="change-contract-line">
                  {t('cash.change.contract', { before: money(c.amount_before), after: money(c.amount_after) })}
                </Typography.Text>
                {toFen(c.refund_amount.amount) > 0n && (
                  <Flex gap={6} align="center" wrap data-testid="change-refund">
                    <Typography.Text type="warning">{t('cash.change.refund', { amount: money(c.refund_amount) })}</Typography.Text>
                    {c.refund && <RefundStatusTag status={c.refund.status} />}
                    {c.refund && <Link to={`/cash/refunds/${c.refund.id}`}>{t('cash.refund.open')}</Link>}
                  </Flex>
                )}
                <Typography.Text type="secondary" className="closer-cash-meta">
                  {nameOf(c.created_by)} · {formatDateTime(c.created_at, language)}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
