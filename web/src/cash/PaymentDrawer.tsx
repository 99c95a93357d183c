import { Alert, App, Flex, Form, Input, InputNumber, Radio, Typography } from 'antd';
import { useState } from 'react';
import { cashApi, idempotencyKey } from '../api/cash';
import type { Payment, Receivable } from '../api/types';
import { CreateDrawer } from '../components/CreateDrawer';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/useI18n';
import { currencySymbol, formatDate, formatMoney } from '../lib/format';
import { toFen } from '../lib/money';
import { allocationSums, paymentBody, prefillAllocations, type PaymentValues } from './forms';
import { localToday } from './query';

/**
 * Records money received from the contract's customer: written off earliest due first, or
 * against the installments named with their amounts; what is left becomes the customer's credit.
 * One idempotency key per drawer, so a retried save never records the payment twice.
 */
export function PaymentDrawer({
  customerId,
  contractId,
  currency,
  receivables,
  preset,
  onClose,
  onSaved,
}: {
  customerId: string;
  contractId: string;
  currency: string;
  receivables: Receivable[];
  /** An installment to pay: named, with what it still owes. */
  preset?: Receivable | null;
  onClose: () => void;
  onSaved: (payment: Payment) => void;
}) {
  const { t, language } = useI18n();
  const { user } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<PaymentValues>();
  const [key] = useState(idempotencyKey);
  const owing = receivables.filter((r) => toFen(r.outstanding.amount) > 0n).sort((a, b) => a.due_on.localeCompare(b.due_on) || a.position - b.position);
  const values = Form.useWatch((v: PaymentValues) => v, form);
  const named = values?.allocate === 'named';
  const sums = allocationSums(values ?? {}, currency);
  const money = (amount: string) => formatMoney({ amount, currency }, language);

  const initialValues: PaymentValues = preset
    ? {
        amount: preset.outstanding.amount,
        received_on: localToday(user.tenant.time_zone),
        allocate: 'named',
        allocations: owing.map((r) => ({ receivable_id: r.id, amount: r.id === preset.id ? r.outstanding.amount : '' })),
      }
    : { received_on: localToday(user.tenant.time_zone), allocate: 'auto', allocations: prefillAllocations(owing, '') };

  const save = async (v: PaymentValues) => {
    const saved = await cashApi.recordPayment(paymentBody(v, { customer_id: customerId, contract_id: contractId }, currency), key);
    const credit = toFen(saved.unapplied.amount) > 0n;
    void message.success(
      credit
        ? t('cash.payment.recordedWithCredit', { amount: formatMoney(saved.amount, language), credit: formatMoney(saved.unapplied, language) })
        : t('cash.payment.recorded', { amount: formatMoney(saved.amount, language) }),
    );
    onSaved(saved);
  };

  const allocate = (mode: 'auto' | 'named') => {
    if (mode === 'named') form.setFieldValue('allocations', prefillAllocations(owing, form.getFieldValue('amount') as string));
  };

  return (
    <CreateDrawer<PaymentValues>
      title={t('cash.payment.new')}
      width={560}
      testId="payment-drawer"
      form={form}
      onSave={save}
      onClose={onClose}
      submitText={t('cash.payment.record')}
      submitTestId="payment-save"
      initialValues={initialValues}
    >
      <Flex gap={8} wrap>
        <Form.Item
          name="amount"
          label={t('cash.field.amount')}
          rules={[{ required: true, message: t('validation.required', { field: t('cash.field.amount') }) }]}
          style={{ flex: '1 1 180px' }}
        >
          <InputNumber stringMode min="0" precision={2} prefix={currencySymbol(currency, language)} style={{ width: '100%' }} data-testid="payment-amount" />
        </Form.Item>
        <Form.Item
          name="received_on"
          label={t('cash.field.received_on')}
          rules={[{ required: true, message: t('validation.required', { field: t('cash.field.received_on') }) }]}
          style={{ flex: '1 1 150px' }}
        >
          <Input type="date" data-testid="payment-date" />
        </Form.Item>
      </Flex>
      <Flex gap={8} wrap>
        <Form.Item name="payer_name" label={t('cash.field.payer_name')} style={{ flex: '1 1 180px' }}>
          <Input maxLength={200} data-testid="payment-payer" />
        </Form.Item>
        <Form.Item name="reference" label={t('cash.field.reference')} style={{ flex: '1 1 180px' }}>
          <Input maxLength={200} data-testid="payment-reference" />
        </Form.Item>
      </Flex>
      <Form.Item name="allocate" label={t('cash.payment.allocate')}>
        <Radio.Group onChange={(e) => allocate(e.target.value as 'auto' | 'named')}>
          <Flex vertical gap={4}>
            <Radio value="auto" data-testid="payment-allocate-auto">
              {t('cash.payment.allocateAuto')}
            </Radio>
            <Radio value="named" disabled={owing.length === 0} data-testid="payment-allocate-named">
              {t('cash.payment.allocateNamed')}
            </Radio>
          </Flex>
        </Radio.Group>
      </Form.Item>
      {named && (
        <Form.List name="allocations">
          {(fields) => (
            <Flex vertical gap={0} data-testid="payment-allocations">
              {fields.map((field, index) => {
                const id = values?.allocations?.[index]?.receivable_id;
                const r = owing.find((x) => x.id === id) ?? owing[index];
                if (!r) return null;
                return (
                  <Flex key={field.key} gap={8} align="center" wrap className="closer-allocation-row" data-testid="payment-allocation" data-position={r.position}>
                    <Form.Item name={[field.name, 'receivable_id']} hidden>
                      <Input />
                    </Form.Item>
                    <Flex vertical style={{ flex: '1 1 180px', minWidth: 0 }}>
                      <Typography.Text strong>{t('cash.receivable.n', { n: r.position + 1 })} · {formatDate(r.due_on, language)}</Typography.Text>
                      <Typography.Text type="secondary">{t('cash.receivable.owes', { amount: formatMoney(r.outstanding, language) })}</Typography.Text>
                    </Flex>
                    <Form.Item name={[field.name, 'amount']} style={{ flex: '1 1 150px', marginBottom: 0 }}>
                      <InputNumber stringMode min="0" precision={2} prefix={currencySymbol(currency, language)} style={{ width: '100%' }} data-testid="payment-allocation-amount" />
                    </Form.Item>
                  </Flex>
                );
              })}
            </Flex>
          )}
        </Form.List>
      )}
      {named && (
        <Alert
          style={{ marginTop: 12 }}
          type={sums.left.amount.startsWith('-') ? 'error' : 'info'}
          showIcon
          data-testid="payment-allocation-sum"
          message={t('cash.payment.namedSum', { named: money(sums.named.amount) })}
          description={
            sums.left.amount.startsWith('-')
              ? t('cash.payment.namedOver', { over: money(sums.left.amount.slice(1)) })
              : toFen(sums.left.amount) > 0n
                ? t('cash.payment.namedCredit', { left: money(sums.left.amount) })
                : undefined
          }
        />
      )}
    </CreateDrawer>
  );
}
