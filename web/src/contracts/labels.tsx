import { Tag } from 'antd';
import { useI18n } from '../i18n/useI18n';
import type { ContractStatus, OrderStatus } from './lifecycle';

const CONTRACT_COLOR: Record<ContractStatus, string> = {
  draft: 'default',
  in_approval: 'processing',
  active: 'success',
  completed: 'blue',
  rejected: 'error',
  terminated: 'warning',
};

const ORDER_COLOR: Record<OrderStatus, string> = { open: 'processing', shipped: 'cyan', delivered: 'success', cancelled: 'default' };

/** A contract's status as a coloured tag. */
export function ContractStatusTag({ status }: { status: string }) {
  const { tx } = useI18n();
  return (
    <Tag color={CONTRACT_COLOR[status as ContractStatus] ?? 'default'} data-testid="contract-status" data-status={status}>
      {tx(`contracts.status.${status}`, status)}
    </Tag>
  );
}

/** An order's delivery status as a coloured tag. */
export function OrderStatusTag({ status }: { status: string }) {
  const { tx } = useI18n();
  return (
    <Tag color={ORDER_COLOR[status as OrderStatus] ?? 'default'} data-testid="order-status" data-status={status}>
      {tx(`contracts.order.status.${status}`, status)}
    </Tag>
  );
}
