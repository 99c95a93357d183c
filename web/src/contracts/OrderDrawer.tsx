import { Alert, App, Button, Drawer, Flex, Form, Grid, Input, InputNumber, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { contractsApi } from '../api/contracts';
import type { Contract, FieldProblem, Order } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatMoney, formatNumber } from '../lib/format';
import { applyFieldProblems } from '../lib/formProblems';
import { problemMessage } from '../lib/problem';
import { exceeds, orderBody, orderFieldPath, remainingAmount, type OrderValues } from './orderLines';
import { explainContractField } from './problems';

/**
 * A new order for part of an active contract: how much of each line to deliver (at most what
 * the contract leaves), or an amount for a contract without lines; a date to deliver by.
 */
export function OrderDrawer({
  contract,
  remaining,
  open,
  onClose,
  onCreated,
}: {
  contract: Contract;
  remaining: Map<string, string>;
  open: boolean;
  onClose: () => void;
  onCreated: (order: Order) => void;
}) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().sm === false;
  const [form] = Form.useForm<OrderValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const amountLeft = remainingAmount(contract);

  const save = async (values: OrderValues) => {
    const body = orderBody(contract, values);
    if (body.lines.length === 0) {
      setProblem(t('contracts.order.nothing'));
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      const order = await contractsApi.createOrder(body);
      void message.success(t('contracts.order.created', { number: order.number }));
      onCreated(order);
    } catch (caught) {
      const explain = (p: FieldProblem) => {
        const key = explainContractField(p);
        return key ? t(key) : undefined;
      };
      // A line's problem goes beside that line's quantity; what no field takes is said above the form.
      const unplaced = applyFieldProblems(form, caught, { rename: (path) => orderFieldPath(path, body), explain });
      const placed = caught instanceof ApiError && (caught.problem.errors?.length ?? 0) > unplaced.length;
      if (!placed || unplaced.length > 0) setProblem([problemMessage(caught, t), ...unplaced.map((p) => explain(p) ?? p.message)].join(' '));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('contracts.order.new')}
      width={phone ? '100%' : 560}
      destroyOnHidden
      data-testid="order-drawer"
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="order-submit">
            {t('common.create')}
          </Button>
        </Space>
      }
    >
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="order-problem" />}
      <Form form={form} layout="vertical" onFinish={(values) => void save(values)}>
        {contract.lines.length === 0 ? (
          <Form.Item
            name="amount"
            label={t('contracts.order.amount')}
            extra={t('contracts.order.amountLeft', { amount: formatMoney({ amount: amountLeft, currency: contract.amount.currency }, language) })}
            rules={[{ required: true, message: t('validation.required', { field: t('contracts.order.amount') }) }]}
          >
            <InputNumber stringMode min="0" precision={2} style={{ width: '100%' }} data-testid="order-amount" />
          </Form.Item>
        ) : (
          contract.lines.map((line) => {
            const left = remaining.get(line.id) ?? line.quantity;
            return (
              <Form.Item
                key={line.id}
                name={['quantities', line.id]}
                label={
                  <Flex vertical>
                    <span>{line.description}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('contracts.line.leftShort', { quantity: formatNumber(left, language, 3) })}
                    </Typography.Text>
                  </Flex>
                }
                rules={[
                  {
                    validator: (_, value) => (exceeds(value, left) ? Promise.reject(new Error(t('contracts.code.exceeds_remaining'))) : Promise.resolve()),
                  },
                ]}
              >
                <InputNumber stringMode min="0" precision={3} placeholder="0" style={{ width: '100%' }} disabled={Number(left) === 0} data-testid="order-quantity" />
              </Form.Item>
            );
          })
        )}
        <Form.Item name="deliver_by" label={t('contracts.order.deliverBy')}>
          <Input type="date" data-testid="order-deliver-by" />
        </Form.Item>
        <Form.Item name="notes" label={t('contracts.order.notes')}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
