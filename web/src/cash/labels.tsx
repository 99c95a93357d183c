import { Tag } from 'antd';
import { useI18n } from '../i18n/useI18n';

const RECEIVABLE_COLOR: Record<string, string> = { planned: 'default', open: 'processing', overdue: 'error', paid: 'success', waived: 'default' };
const PAYMENT_COLOR: Record<string, string> = { posted: 'success', reversed: 'default' };
const INVOICE_COLOR: Record<string, string> = { issued: 'blue', void: 'default' };
const REFUND_COLOR: Record<string, string> = { in_approval: 'processing', approved: 'warning', rejected: 'error', cancelled: 'default', paid: 'success' };

/**
 * A receivable's status; an overdue one says how many days, and one not owed yet (its contract
 * is not in force) says it is planned.
 */
export function ReceivableStatusTag({ status: given, daysOverdue, owed = true }: { status: string; daysOverdue?: number; owed?: boolean }) {
  const { t, tx } = useI18n();
  const status = !owed && given === 'open' ? 'planned' : given;
  return (
    <Tag color={RECEIVABLE_COLOR[status] ?? 'default'} bordered={false} data-testid="receivable-status" data-status={status}>
      {status === 'overdue' && daysOverdue ? t('cash.receivable.overdueDays', { days: daysOverdue }) : tx(`cash.receivable.status.${status}`, status)}
    </Tag>
  );
}

export function PaymentStatusTag({ status }: { status: string }) {
  const { tx } = useI18n();
  return (
    <Tag color={PAYMENT_COLOR[status] ?? 'default'} bordered={false} data-testid="payment-status" data-status={status}>
      {tx(`cash.payment.status.${status}`, status)}
    </Tag>
  );
}

export function InvoiceStatusTag({ status }: { status: string }) {
  const { tx } = useI18n();
  return (
    <Tag color={INVOICE_COLOR[status] ?? 'default'} bordered={false} data-testid="invoice-status" data-status={status}>
      {tx(`cash.invoice.status.${status}`, status)}
    </Tag>
  );
}

export function RefundStatusTag({ status }: { status: string }) {
  const { tx } = useI18n();
  return (
    <Tag color={REFUND_COLOR[status] ?? 'default'} bordered={false} data-testid="refund-status" data-status={status}>
      {tx(`cash.refund.status.${status}`, status)}
    </Tag>
  );
}
