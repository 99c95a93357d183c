import { MoreOutlined, RollbackOutlined, WalletOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Empty, Flex, List, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { cashApi } from '../api/cash';
import type { Payment } from '../api/types';
import { CommentModal } from '../components/CommentModal';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatMoney } from '../lib/format';
import { toFen } from '../lib/money';
import { useErrorReporter } from '../lib/useErrorReporter';
import { PaymentStatusTag } from './labels';
import { inOrder } from './plan';

/**
 * Payments as a list: when, how much, from whom, what they were written off against and what
 * is left as credit; reversed with a reason, or their credit used on open installments.
 */
export function PaymentList({
  payments,
  loading,
  canWrite,
  positionOf,
  orderOf = () => undefined,
  nameOf,
  onChanged,
  empty,
}: {
  payments: Payment[];
  loading?: boolean;
  canWrite: boolean;
  /** An installment's number in its plan, when known (on a contract). */
  positionOf?: (receivableId: string) => number | undefined;
  /** The order an installment belongs to ("Order 2"), when the contract is planned order by order. */
  orderOf?: (receivableId: string) => string | undefined;
  /** The customer's name and the contract's number, on lists across customers. */
  nameOf?: (payment: Payment) => { customer?: string; contract?: string };
  onChanged: () => void;
  empty?: string;
}) {
  const { t, tx, language } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [reversing, setReversing] = useState<Payment | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const reverse = async (reason: string) => {
    if (!reversing) return;
    try {
      await cashApi.reversePayment(reversing.id, reason, reversing.version);
      void message.success(t('cash.payment.reversed'));
      setReversing(null);
      onChanged();
    } catch (caught) {
      report(caught, { onStale: onChanged });
      throw caught;
    }
  };

  const apply = async (payment: Payment) => {
    setBusy(payment.id);
    try {
      const applied = await cashApi.applyCredit(payment.id);
      void message.success(t('cash.payment.applied', { left: formatMoney(applied.unapplied, language) }));
      onChanged();
    } catch (caught) {
      report(caught);
    } finally {
      setBusy(null);
    }
  };

  const written = (p: Payment) =>
    p.allocations
      .filter((a) => toFen(a.amount.amount) !== 0n)
      .map((a) => {
        const n = positionOf?.(a.receivable_id);
        return n === undefined ? formatMoney(a.amount, language) : inOrder(orderOf(a.receivable_id), t('cash.payment.toInstallment', { n: n + 1, amount: formatMoney(a.amount, language) }));
      })
      .join(t('common.listSeparator'));

  return (
    <>
      <List<Payment>
        size="small"
        loading={loading}
        dataSource={payments}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty ?? t('cash.payment.none')} /> }}
        renderItem={(p) => {
          const posted = p.status === 'posted';
          const credit = posted && toFen(p.unapplied.amount) > 0n;
          const names = nameOf?.(p);
          const items = [
            credit && { key: 'apply', icon: <WalletOutlined />, label: <span data-testid="payment-apply">{t('cash.payment.apply')}</span> },
            { key: 'reverse', icon: <RollbackOutlined />, danger: true, label: <span data-testid="payment-reverse">{t('cash.payment.reverse')}</span> },
          ].filter(Boolean) as { key: string }[];
          return (
            <List.Item data-testid="payment-row" data-status={p.status} data-id={p.id}>
              <Flex vertical gap={2} style={{ width: '100%', minWidth: 0 }}>
                <Flex justify="space-between" align="center" gap={8}>
                  <Flex gap={6} align="center" wrap style={{ minWidth: 0 }}>
                    <Typography.Text strong className="closer-num" delete={!posted} data-testid="payment-amount">
                      {formatMoney(p.amount, language)}
                    </Typography.Text>
                    <PaymentStatusTag status={p.status} />
                  </Flex>
                  <Flex gap={6} align="center" style={{ flex: 'none' }}>
                    <Typography.Text type="secondary">{formatDate(p.received_on, language)}</Typography.Text>
                    {canWrite && posted && (
                      <Dropdown
                        trigger={['click']}
                        menu={{ items, onClick: ({ key }) => (key === 'apply' ? void apply(p) : setReversing(p)) }}
                      >
                        <Button size="small" icon={<MoreOutlined />} loading={busy === p.id} aria-label={t('common.actions')} data-testid="payment-actions" />
                      </Dropdown>
                    )}
                  </Flex>
                </Flex>
                {names && (names.customer || names.contract) && (
                  <Typography.Text className="closer-cash-meta">
                    <Link to={`/customers/${p.customer_id}`}>{names.customer ?? t('cash.openCustomer')}</Link>
                    {p.contract_id && (
                      <>
                        {' · '}
                        <Link to={`/contracts/${p.contract_id}?tab=cash`}>{names.contract ?? t('cash.openContract')}</Link>
                      </>
                    )}
                  </Typography.Text>
                )}
                {(p.payer_name || p.reference) && (
                  <Typography.Text type="secondary" className="closer-cash-meta">
                    {[p.payer_name, p.reference].filter(Boolean).join(' · ')} · {tx(`cash.payment.source.${p.source}`, p.source)}
                  </Typography.Text>
                )}
                {written(p) && (
                  <Typography.Text type="secondary" className="closer-cash-meta" data-testid="payment-allocations-text">
                    {t('cash.payment.writtenOff', { list: written(p) })}
                  </Typography.Text>
                )}
                {credit && (
                  <Typography.Text type="warning" className="closer-cash-meta" data-testid="payment-credit">
                    {t('cash.payment.credit', { amount: formatMoney(p.unapplied, language) })}
                  </Typography.Text>
                )}
                {toFen(p.refunded.amount) > 0n && (
                  <Typography.Text type="secondary" className="closer-cash-meta">
                    {t('cash.payment.refunded', { amount: formatMoney(p.refunded, language) })}
                  </Typography.Text>
                )}
                {p.reversal_reason && (
                  <Typography.Text type="secondary" className="closer-cash-meta">
                    {t('cash.payment.reversedBecause', { reason: p.reversal_reason })}
                  </Typography.Text>
                )}
              </Flex>
            </List.Item>
          );
        }}
      />
      <CommentModal
        open={Boolean(reversing)}
        title={t('cash.payment.reverseTitle', { amount: reversing ? formatMoney(reversing.amount, language) : '' })}
        label={t('cash.payment.reverseReason')}
        required
        danger
        okText={t('cash.payment.reverse')}
        testId="payment-reverse-modal"
        onSubmit={reverse}
        onClose={() => setReversing(null)}
      />
    </>
  );
}
