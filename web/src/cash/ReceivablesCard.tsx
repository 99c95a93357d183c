import { CheckCircleFilled, DollarOutlined, EditOutlined, FileTextOutlined, MoreOutlined, ScissorOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Dropdown, Empty, Flex, Progress, Table, Tag, Typography, type MenuProps } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import type { HTMLAttributes } from 'react';
import type { PaymentPlan, Receivable } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatMoney } from '../lib/format';
import { toFen } from '../lib/money';
import { invoiceable, percentOf } from './forms';
import { ReceivableStatusTag } from './labels';
import { planRows } from './plan';

export type ReceivableAction = 'invoice' | 'pay' | 'change';

export interface ReceivableAbilities {
  plan: boolean;
  write: boolean;
  change: boolean;
}

/** Paid of the amount: figures and a bar (what was written off within tolerance counts as settled). */
function PaidProgress({ r }: { r: Receivable }) {
  const { t, language } = useI18n();
  return (
    <Flex vertical gap={0} style={{ minWidth: 0 }}>
      <Typography.Text className="closer-cash-paid" data-testid="receivable-paid">
        {t('cash.receivable.paidOf', { paid: formatMoney(r.paid, language), amount: formatMoney(r.amount, language) })}
      </Typography.Text>
      <Progress
        percent={r.status === 'paid' || r.status === 'waived' ? 100 : percentOf(r.paid, r.amount)}
        size="small"
        status={r.status === 'overdue' ? 'exception' : r.status === 'paid' ? 'success' : 'normal'}
        showInfo={false}
      />
    </Flex>
  );
}

/**
 * The payment plan's installments: due date, amount, paid of it, still owing, invoiced and
 * status, each with what can be done to it (invoice, record a payment, change its amount).
 * Planned order by order, each says its order, they come by due date, and the plan is changed
 * order by order (a note says so in place of the whole-contract editor).
 */
export function ReceivablesCard({
  plan,
  phone,
  can,
  byOrders = false,
  orderLabel = () => undefined,
  orderNumber = () => undefined,
  onAction,
  onPlan,
  onPay,
}: {
  plan: PaymentPlan;
  phone: boolean;
  can: ReceivableAbilities;
  /** The contract is planned order by order. */
  byOrders?: boolean;
  /** An order as the orders card names it ("Order 2"). */
  orderLabel?: (orderId: string) => string | undefined;
  orderNumber?: (orderId: string) => number | undefined;
  onAction: (action: ReceivableAction, receivable: Receivable) => void;
  onPlan: () => void;
  onPay: () => void;
}) {
  const { t, language } = useI18n();
  const rows = planRows(plan.receivables, orderNumber);
  const hasPlan = rows.length > 0;
  const withOrders = rows.some((r) => r.order_id);
  const orderOf = (r: Receivable) =>
    r.order_id ? (
      <Tag bordered={false} color="geekblue" className="closer-receivable-order" data-testid="receivable-order" data-order={orderNumber(r.order_id)}>
        {orderLabel(r.order_id) ?? t('cash.receivable.someOrder')}
      </Tag>
    ) : null;
  const rowData = (r: Receivable) =>
    ({ 'data-testid': 'receivable-row', 'data-position': r.position, 'data-status': r.status, 'data-order': r.order_id ? orderNumber(r.order_id) : undefined }) as HTMLAttributes<HTMLElement>;

  const menu = (r: Receivable): MenuProps['items'] => {
    const owing = toFen(r.outstanding.amount) > 0n;
    return [
      can.write && { key: 'invoice', icon: <FileTextOutlined />, disabled: r.owed === false || toFen(invoiceable(r).amount) <= 0n, label: <span data-testid="receivable-invoice">{t('cash.invoice.new')}</span> },
      can.write && { key: 'pay', icon: <DollarOutlined />, disabled: !owing || r.owed === false, label: <span data-testid="receivable-pay">{t('cash.receivable.pay')}</span> },
      can.change && { key: 'change', icon: <ScissorOutlined />, label: <span data-testid="receivable-change">{t('cash.receivable.change')}</span> },
    ].filter(Boolean) as MenuProps['items'];
  };

  const actions = (r: Receivable) => {
    const items = menu(r);
    if (!items || items.length === 0) return null;
    return (
      <Dropdown trigger={['click']} menu={{ items, onClick: ({ key }) => onAction(key as ReceivableAction, r) }}>
        <Button size="small" icon={<MoreOutlined />} aria-label={t('cash.receivable.actions', { n: r.position + 1 })} data-testid="receivable-actions" />
      </Dropdown>
    );
  };

  const columns: ColumnsType<Receivable> = [
    // Planned order by order, the order comes first and # counts within it ("Order 1", 2).
    ...(withOrders ? [{ title: t('cash.field.order'), width: 90, render: (_: unknown, r: Receivable) => orderOf(r) }] : []),
    { title: '#', width: 44, render: (_, r) => r.position + 1 },
    {
      title: t('cash.field.due_on'),
      width: 150,
      render: (_, r) => (
        <Flex vertical gap={2} align="flex-start">
          <span data-testid="receivable-due">{formatDate(r.due_on, language)}</span>
          <ReceivableStatusTag status={r.status} daysOverdue={r.days_overdue} owed={r.owed} />
        </Flex>
      ),
    },
    {
      title: t('cash.field.amount'),
      align: 'right',
      width: 150,
      render: (_, r) => <span className="closer-num" data-testid="receivable-amount">{formatMoney(r.amount, language)}</span>,
    },
    { title: t('cash.field.paid'), width: withOrders ? 200 : 230, render: (_, r) => <PaidProgress r={r} /> },
    {
      title: t('cash.field.outstanding'),
      align: 'right',
      width: 140,
      render: (_, r) => <span className="closer-num" data-testid="receivable-outstanding">{formatMoney(r.outstanding, language)}</span>,
    },
    {
      title: t('cash.field.invoiced'),
      align: 'right',
      width: 140,
      render: (_, r) => <span className="closer-num">{formatMoney(r.invoiced, language)}</span>,
    },
    { title: '', width: 48, render: (_, r) => actions(r) },
  ];

  const cards = rows.map((r) => (
    <div key={r.id} className="closer-receivable-card" {...rowData(r)}>
      <Flex justify="space-between" align="center" gap={8}>
        <Flex gap={6} align="center" wrap>
          {orderOf(r)}
          <Typography.Text strong>{t('cash.receivable.n', { n: r.position + 1 })}</Typography.Text>
          <Typography.Text type="secondary" data-testid="receivable-due">{formatDate(r.due_on, language)}</Typography.Text>
          <ReceivableStatusTag status={r.status} daysOverdue={r.days_overdue} owed={r.owed} />
        </Flex>
        {actions(r)}
      </Flex>
      <Flex justify="space-between" gap={8} style={{ marginTop: 4 }}>
        <Typography.Text type="secondary">{t('cash.field.amount')}</Typography.Text>
        <Typography.Text strong className="closer-num" data-testid="receivable-amount">{formatMoney(r.amount, language)}</Typography.Text>
      </Flex>
      <PaidProgress r={r} />
      <Flex justify="space-between" gap={8}>
        <Typography.Text type="secondary">{t('cash.field.outstanding')}</Typography.Text>
        <Typography.Text className="closer-num" data-testid="receivable-outstanding">{formatMoney(r.outstanding, language)}</Typography.Text>
      </Flex>
    </div>
  ));

  return (
    <Card
      size="small"
      title={t('cash.plan.title')}
      data-testid="cash-plan"
      extra={
        <Flex gap={8}>
          {can.write && hasPlan && !plan.paid_in_full && (
            <Button size="small" type="primary" icon={<DollarOutlined />} onClick={onPay} data-testid="payment-new">
              {t('cash.payment.new')}
            </Button>
          )}
          {can.plan && (
            <Button size="small" icon={<EditOutlined />} onClick={onPlan} data-testid="plan-edit">
              {hasPlan ? t('cash.plan.edit') : t('cash.plan.set')}
            </Button>
          )}
        </Flex>
      }
    >
      {byOrders && (
        <Alert type="info" showIcon className="closer-plan-by-orders" message={t('cash.plan.byOrdersNote')} data-testid="cash-planned-by-orders" />
      )}
      {!hasPlan ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cash.plan.none')} data-testid="cash-plan-empty">
          {can.plan && (
            <Button type="primary" onClick={onPlan} data-testid="plan-set">
              {t('cash.plan.set')}
            </Button>
          )}
        </Empty>
      ) : phone ? (
        <Flex vertical gap={8}>{cards}</Flex>
      ) : (
        <Table<Receivable>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: withOrders ? 960 : 900 }}
          onRow={rowData}
        />
      )}
      {plan.paid_in_full && (
        <Flex align="center" gap={8} className="closer-paid-in-full" data-testid="cash-paid-in-full">
          <CheckCircleFilled />
          <Typography.Text strong>{t('cash.paidInFull')}</Typography.Text>
        </Flex>
      )}
    </Card>
  );
}
