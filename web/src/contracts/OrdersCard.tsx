import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Dropdown, Empty, Flex, List, Typography } from 'antd';
import { useState } from 'react';
import { contractsApi } from '../api/contracts';
import type { Contract, Order } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatMoney, formatNumber } from '../lib/format';
import { OrderStatusTag } from './labels';
import { orderMoves } from './lifecycle';
import { OrderDrawer } from './OrderDrawer';
import { useContractErrorReporter } from './problems';

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
 * (shipped, delivered, cancelled) from here; a new order for what the contract leaves.
 */
export function OrdersCard({
  contract,
  orders,
  remaining,
  canOrder,
  canMove,
  onChanged,
}: {
  contract: Contract;
  orders: Order[];
  remaining: Map<string, string>;
  canOrder: boolean;
  canMove: boolean;
  onChanged: () => void;
}) {
  const { t, tx, language } = useI18n();
  const { message } = App.useApp();
  const report = useContractErrorReporter();
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

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
                </Flex>
              </List.Item>
            );
          }}
        />
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
