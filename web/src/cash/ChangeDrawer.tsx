import { Alert, App, Descriptions, Flex, Form, Input, InputNumber, Select } from 'antd';
import { cashApi } from '../api/cash';
import type { ContractChange, Receivable } from '../api/types';
import { CreateDrawer } from '../components/CreateDrawer';
import { useI18n } from '../i18n/useI18n';
import { currencySymbol, formatDate, formatMoney } from '../lib/format';
import { fromFen, toFen, toMoneyAmount } from '../lib/money';
import { afterWaiver, changeBody, type ChangeValues } from './forms';

/**
 * Changes what an installment is worth when the business changes — e.g. 10 % of a service fee
 * waived: the percentage fills in the new amount (which can be typed over). Money already
 * collected above the new amount is requested back as a refund.
 */
export function ChangeDrawer({
  contractNumber,
  contractId,
  receivables,
  preset,
  currency,
  onClose,
  onSaved,
}: {
  contractNumber: string;
  contractId: string;
  receivables: Receivable[];
  preset?: Receivable | null;
  currency: string;
  onClose: () => void;
  onSaved: (change: ContractChange) => void;
}) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangeValues>();
  const changeable = receivables.filter((r) => r.status !== 'waived' || toFen(r.amount.amount) > 0n);
  const first = preset ?? changeable[0];
  const values = Form.useWatch((v: ChangeValues) => v, form);
  const chosen = receivables.find((r) => r.id === values?.receivable_id) ?? first;
  const typed = toMoneyAmount(values?.new_amount);
  const refund = chosen && typed !== null ? toFen(chosen.paid.amount) - toFen(typed) : 0n;

  const fill = (receivableId: string | undefined, percent: ChangeValues['percent']) => {
    const r = receivables.find((x) => x.id === receivableId);
    const next = r ? afterWaiver(r.amount, percent) : null;
    if (next) form.setFieldValue('new_amount', next.amount);
  };

  const save = async (v: ChangeValues) => {
    const change = await cashApi.createChange(contractId, changeBody(v, currency));
    void message.success(
      change.refund
        ? t('cash.change.doneRefund', { amount: formatMoney(change.refund_amount, language) })
        : t('cash.change.done', { amount: formatMoney(change.amount_after, language) }),
    );
    onSaved(change);
  };

  return (
    <CreateDrawer<ChangeValues>
      title={t('cash.change.title', { number: contractNumber })}
      width={520}
      testId="change-drawer"
      form={form}
      onSave={save}
      onClose={onClose}
      submitText={t('cash.change.submit')}
      submitTestId="change-save"
      initialValues={{
        receivable_id: first?.id,
        percent: '10',
        new_amount: first ? afterWaiver(first.amount, '10')?.amount : undefined,
      }}
    >
      <Form.Item name="receivable_id" label={t('cash.change.receivable')} rules={[{ required: true }]}>
        <Select
          onChange={(id: string) => fill(id, form.getFieldValue('percent') as string)}
          options={changeable.map((r) => ({
            value: r.id,
            label: t('cash.change.receivableOption', { n: r.position + 1, date: formatDate(r.due_on, language), amount: formatMoney(r.amount, language) }),
          }))}
          data-testid="change-receivable"
        />
      </Form.Item>
      {chosen && (
        <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('cash.field.amount')}>{formatMoney(chosen.amount, language)}</Descriptions.Item>
          <Descriptions.Item label={t('cash.field.paid')}>{formatMoney(chosen.paid, language)}</Descriptions.Item>
        </Descriptions>
      )}
      <Flex gap={8} wrap>
        <Form.Item name="percent" label={t('cash.change.percent')} extra={t('cash.change.percentHelp')} style={{ flex: '1 1 120px' }}>
          <InputNumber
            stringMode
            min="0"
            max="100"
            suffix="%"
            style={{ width: '100%' }}
            onChange={(p) => fill(form.getFieldValue('receivable_id') as string, p)}
            data-testid="change-percent"
          />
        </Form.Item>
        <Form.Item
          name="new_amount"
          label={t('cash.change.newAmount')}
          rules={[{ required: true, message: t('validation.required', { field: t('cash.change.newAmount') }) }]}
          style={{ flex: '2 1 180px' }}
        >
          <InputNumber stringMode min="0" precision={2} prefix={currencySymbol(currency, language)} style={{ width: '100%' }} data-testid="change-new-amount" />
        </Form.Item>
      </Flex>
      <Form.Item
        name="reason"
        label={t('cash.change.reason')}
        rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('cash.change.reason') }) }]}
      >
        <Input.TextArea rows={2} maxLength={2000} placeholder={t('cash.change.reasonPlaceholder')} data-testid="change-reason" />
      </Form.Item>
      {refund > 0n && (
        <Alert type="warning" showIcon data-testid="change-refund-warning" message={t('cash.change.refundWarning', { amount: formatMoney(fromFen(refund, currency), language) })} />
      )}
    </CreateDrawer>
  );
}
