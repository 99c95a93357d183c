import { StopOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, List, Typography } from 'antd';
import { useState } from 'react';
import { cashApi } from '../api/cash';
import type { Invoice } from '../api/types';
import { CommentModal } from '../components/CommentModal';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatMoney } from '../lib/format';
import { useErrorReporter } from '../lib/useErrorReporter';
import { InvoiceStatusTag } from './labels';
import { inOrder } from './plan';

/** Invoices with their amounts with and without tax, as the server worked them out; voided with a reason. */
export function InvoiceList({
  invoices,
  loading,
  canWrite,
  positionOf,
  orderOf = () => undefined,
  onChanged,
}: {
  invoices: Invoice[];
  loading?: boolean;
  canWrite: boolean;
  positionOf?: (receivableId: string) => number | undefined;
  /** The order an installment belongs to ("Order 2"), when the contract is planned order by order. */
  orderOf?: (receivableId: string) => string | undefined;
  onChanged: () => void;
}) {
  const { t, tx, language } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [voiding, setVoiding] = useState<Invoice | null>(null);

  const voidIt = async (reason: string) => {
    if (!voiding) return;
    try {
      await cashApi.voidInvoice(voiding.id, reason, voiding.version);
      void message.success(t('cash.invoice.voided', { number: voiding.number }));
      setVoiding(null);
      onChanged();
    } catch (caught) {
      report(caught, { onStale: onChanged });
      throw caught;
    }
  };

  return (
    <>
      <List<Invoice>
        size="small"
        loading={loading}
        dataSource={invoices}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cash.invoice.none')} /> }}
        renderItem={(inv) => {
          const n = positionOf?.(inv.receivable_id);
          const issued = inv.status === 'issued';
          return (
            <List.Item data-testid="invoice-row" data-status={inv.status} data-number={inv.number}>
              <Flex vertical gap={2} style={{ width: '100%', minWidth: 0 }}>
                <Flex justify="space-between" align="center" gap={8}>
                  <Flex gap={6} align="center" wrap style={{ minWidth: 0 }}>
                    <Typography.Text strong className="closer-cash-invoice-no">{inv.number}</Typography.Text>
                    <InvoiceStatusTag status={inv.status} />
                  </Flex>
                  <Typography.Text strong className="closer-num" delete={!issued} data-testid="invoice-amount">
                    {formatMoney(inv.amount, language)}
                  </Typography.Text>
                </Flex>
                <Typography.Text type="secondary" className="closer-cash-meta">
                  {tx(`cash.invoice.kind.${inv.kind}`, inv.kind)} · {formatDate(inv.issued_on, language)}
                  {n !== undefined && ` · ${inOrder(orderOf(inv.receivable_id), t('cash.receivable.n', { n: n + 1 }))}`}
                </Typography.Text>
                <Flex justify="space-between" gap={8} wrap>
                  <Typography.Text type="secondary" className="closer-cash-meta" data-testid="invoice-split">
                    {t('cash.invoice.split', {
                      without: formatMoney(inv.amount_without_tax, language),
                      rate: inv.tax_rate,
                      tax: formatMoney(inv.tax_amount, language),
                    })}
                  </Typography.Text>
                  {canWrite && issued && (
                    <Button size="small" type="text" danger icon={<StopOutlined />} onClick={() => setVoiding(inv)} data-testid="invoice-void">
                      {t('cash.invoice.void')}
                    </Button>
                  )}
                </Flex>
                {inv.void_reason && (
                  <Typography.Text type="secondary" className="closer-cash-meta">
                    {t('cash.invoice.voidedBecause', { reason: inv.void_reason })}
                  </Typography.Text>
                )}
              </Flex>
            </List.Item>
          );
        }}
      />
      <CommentModal
        open={Boolean(voiding)}
        title={t('cash.invoice.voidTitle', { number: voiding?.number ?? '' })}
        label={t('cash.invoice.voidReason')}
        required
        danger
        okText={t('cash.invoice.void')}
        testId="invoice-void-modal"
        onSubmit={voidIt}
        onClose={() => setVoiding(null)}
      />
    </>
  );
}
