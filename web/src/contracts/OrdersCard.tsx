import { AccountBookOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Dropdown, Empty, Flex, List, Spin, Tooltip, Typography, type ButtonProps } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { cashApi } from '../api/cash';
import { contractsApi } from '../api/contracts';
import type { Contract, Order, PaymentPlan } from '../api/types';
import { installmentsByOrder } from '../cash/plan';
import { orderPlanTarget, type PlanTarget } from '../cash/planTarget';
import { usePlanErrorReporter } from '../cash/problems';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatMoney, formatNumber } from '../lib/format';
import { sumMoney, toFen } from '../lib/money';
import { OrderStatusTag } from './labels';
import { orderMoves } from './lifecycle';
import { OrderDrawer } from './OrderDrawer';
import { useContractErrorReporter } from './problems';

// The plan editor comes with the cash tab's code, on first opening.
const PlanDrawer = lazy(() => import('../cash/PlanDrawer').then((m) => ({ default: m.PlanDrawer })));

/** The dates an order has, as one line: deliver by, shipped, delivered. */
function orderDates(order: Order, t: ReturnType<typeof useI18n>['t'], language: ReturnType<typeof useI18n>['language']): string {
  return [
    order.deliver_by && t('contracts.order.deliverByOn', { date: formatDate(order.deliver_by, language) }),
    order.shipped_on && t('contracts.order.shippedOn', { date: formatDate(order.shipped_on, language) }),
    order.delivered_on && t('contracts.order.deliveredOn', { date: formatDate(order.delivered_on, language) }),
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * The orders that fulfil the contract, each with its lines and delivery status, moved on
 * (shipped, delivered, cancelled) from here; a new order for what the contract leaves. Each
 * order that is not cancelled can have a payment plan of its own (its amount in installments
 * of the contract), set, changed or removed from here — unless the contract is planned as a whole.
 */
export function OrdersCard({
  contract,
  orders,
  remaining,
  canOrder,
  canMove,
  plan = null,
  canPlan = false,
  onChanged,
  onPlanChanged = onChanged,
}: {
  contract: Contract;
  orders: Order[];
  remaining: Map<string, string>;
  canOrder: boolean;
  canMove: boolean;
  /** The contract's payment plan (which orders have plans of their own), when the user sees cash. */
  plan?: PaymentPlan | null;
  /** The user may plan the contract's orders. */
  canPlan?: boolean;
  onChanged: () => void;
  /** An order's plan was set, changed or removed. */
  onPlanChanged?: () => void;
}) {
  const { t, tx, language } = useI18n();
  const { message, modal } = App.useApp();
  const report = useContractErrorReporter();
  const planReport = usePlanErrorReporter();
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [planning, setPlanning] = useState<PlanTarget | null>(null);
  const byOrder = installmentsByOrder(plan?.receivables ?? []);
  const asWhole = (plan?.receivables ?? []).some((r) => !r.order_id);
  const label = (order: Order) => t('contracts.order.number', { number: order.number });

  const openPlan = async (order: Order) => {
    setBusy(`plan:${order.id}`);
    try {
      setPlanning(orderPlanTarget(contract, order, label(order), await cashApi.orderPlan(order.id)));
    } catch (caught) {
      planReport(caught);
    } finally {
      setBusy(null);
    }
  };

  const removePlan = (order: Order, count: number) =>
    modal.confirm({
      title: t('contracts.order.removePlanConfirm', { number: order.number }),
      content: t('contracts.order.removePlanHint', { count }),
      okText: t('contracts.order.removePlan'),
      okButtonProps: { danger: true, 'data-testid': 'order-plan-remove-ok' } as ButtonProps,
      onOk: async () => {
        try {
          await cashApi.deleteOrderPlan(order.id);
          void message.success(t('contracts.order.planRemoved', { number: order.number }));
          onPlanChanged();
        } catch (caught) {
          planReport(caught);
        }
      },
    });

  /** The order's plan in a line, and what can be done to it. */
  const planLine = (order: Order) => {
    const planned = byOrder.get(order.id) ?? [];
    const held = planned.some((r) => toFen(r.paid.amount) > 0n || toFen(r.written_off.amount) > 0n || toFen(r.invoiced.amount) > 0n);
    const summary =
      planned.length > 0
        ? t('contracts.order.planned', {
            count: planned.length,
            paid: formatMoney(sumMoney(planned.map((r) => r.paid), order.amount.currency), language),
            amount: formatMoney(sumMoney(planned.map((r) => r.amount), order.amount.currency), language),
          })
        : asWhole
          ? t('contracts.order.plannedAsWhole')
          : t('contracts.order.notPlanned');
    return (
      <Flex className="closer-order__plan" justify="space-between" align="center" gap={8} wrap data-testid="order-plan-line" data-planned={planned.length}>
        <Typography.Text type="secondary" className="closer-order__plan-summary" data-testid="order-plan-summary">
          {summary}
        </Typography.Text>
        <Flex gap={8} wrap>
          <Tooltip title={asWhole ? t('cash.code.planned_as_whole') : undefined}>
            <Button
              size="small"
              icon={<AccountBookOutlined />}
              disabled={asWhole}
              loading={busy === `plan:${order.id}`}
              onClick={() => void openPlan(order)}
              data-testid="order-plan"
            >
              {t('contracts.order.plan')}
            </Button>
          </Tooltip>
          {planned.length > 0 && (
            // Money in or an invoice on one of its installments keeps the plan (422 cannot_drop_collected).
            <Tooltip title={held ? t('cash.code.cannot_drop_collected') : undefined}>
              <Button size="small" danger icon={<DeleteOutlined />} disabled={held} onClick={() => removePlan(order, planned.length)} data-testid="order-plan-remove">
                {t('contracts.order.removePlan')}
              </Button>
            </Tooltip>
          )}
        </Flex>
      </Flex>
    );
  };

  const move = async (order: Order, status: string) => {
    setBusy(order.id);
    try {
      const moved = await contractsApi.moveOrder(order.id, status, order.version);
      void message.success(t('contracts.order.moved', { number: moved.number, status: tx(`contracts.order.status.${moved.status}`, moved.status) }));
      onChanged();
    } catch (caught) {
      report(caught, { onStale: onChanged });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      size="small"
      title={t('contracts.orders.title', { count: orders.length })}
      extra={
        canOrder && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="order-new">
            {t('contracts.order.new')}
          </Button>
        )
      }
      data-testid="contract-orders"
    >
      {orders.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contracts.orders.none')} />
      ) : (
        <List<Order>
          size="small"
          dataSource={[...orders].sort((a, b) => a.number - b.number)}
          renderItem={(order) => {
            const moves = canMove ? orderMoves(order.status) : [];
            return (
              <List.Item data-testid="order-row" data-number={order.number}>
                <Flex vertical gap={2} style={{ width: '100%', minWidth: 0 }}>
                  <Flex justify="space-between" align="center" gap={8} wrap>
                    <Flex gap={6} align="center">
                      <Typography.Text strong>{t('contracts.order.number', { number: order.number })}</Typography.Text>
                      <OrderStatusTag status={order.status} />
                    </Flex>
                    <Flex gap={8} align="center">
                      <Typography.Text strong>{formatMoney(order.amount, language)}</Typography.Text>
                      {moves.length > 0 && (
                        <Dropdown
                          trigger={['click']}
                          menu={{
                            items: moves.map((status) => ({
                              key: status,
                              danger: status === 'cancelled',
                              label: <span data-testid={`order-move-${status}`}>{tx(`contracts.order.to.${status}`, status)}</span>,
                            })),
                            onClick: ({ key }) => void move(order, key),
                          }}
                        >
                          <Button size="small" loading={busy === order.id} data-testid="order-move">
                            {t('contracts.order.update')}
                          </Button>
                        </Dropdown>
                      )}
                    </Flex>
                  </Flex>
                  <Typography.Text type="secondary" className="closer-order__lines">
                    {order.lines
                      .map((line) => (line.quantity ? `${line.description} × ${formatNumber(line.quantity, language, 3)}` : line.description))
                      .join(t('common.listSeparator'))}
                  </Typography.Text>
                  {orderDates(order, t, language) && <Typography.Text type="secondary">{orderDates(order, t, language)}</Typography.Text>}
                  {canPlan && order.status !== 'cancelled' && planLine(order)}
                </Flex>
              </List.Item>
            );
          }}
        />
      )}
      {planning && (
        <Suspense fallback={<Spin />}>
          <PlanDrawer
            target={planning}
            onClose={() => setPlanning(null)}
            onSaved={() => {
              setPlanning(null);
              onPlanChanged();
            }}
          />
        </Suspense>
      )}
      {creating && (
        <OrderDrawer
          contract={contract}
          remaining={remaining}
          open
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}
