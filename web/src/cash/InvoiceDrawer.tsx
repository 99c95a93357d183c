import { App, Descriptions, Flex, Form, Input, InputNumber, Radio, Select } from 'antd';
import { useState } from 'react';
import { cashApi } from '../api/cash';
import type { Invoice, Receivable } from '../api/types';
import { CreateDrawer } from '../components/CreateDrawer';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/useI18n';
import { currencySymbol, formatDate, formatMoney } from '../lib/format';
import { toFen } from '../lib/money';
import { invoiceable, invoiceBody, type InvoiceValues } from './forms';
import { localToday } from './query';

/** The VAT rates offered; any other the server takes can be typed. */
const RATES = ['13', '9', '6', '3', '1', '0'];

/**
 * Issues an invoice against an installment: type, tax rate, the amount with tax (at most what
 * the installment leaves to invoice), number and date. The amounts without tax and the tax are
 * the server's, shown as it answers once issued.
 */
export function InvoiceDrawer({
  receivables,
  preset,
  currency,
  onClose,
  onIssued,
}: {
  receivables: Receivable[];
  preset?: Receivable | null;
  currency: string;
  onClose: () => void;
  onIssued: (invoice: Invoice) => void;
}) {
  const { t, tx, language } = useI18n();
  const { user } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<InvoiceValues>();
  const [issued, setIssued] = useState<Invoice | null>(null);
  const open = receivables.filter((r) => toFen(invoiceable(r).amount) > 0n);
  const first = preset ?? open[0];

  const save = async (values: InvoiceValues) => {
    const invoice = await cashApi.issueInvoice(invoiceBody(values, currency));
    void message.success(t('cash.invoice.issued', { number: invoice.number }));
    setIssued(invoice);
    onIssued(invoice);
  };

  const pick = (id: string) => {
    const r = receivables.find((x) => x.id === id);
    if (r) form.setFieldValue('amount', invoiceable(r).amount);
  };

  return (
    <CreateDrawer<InvoiceValues>
      title={t('cash.invoice.new')}
      width={520}
      testId="invoice-drawer"
      form={form}
      onSave={save}
      onClose={onClose}
      submitText={t('cash.invoice.issue')}
      submitTestId="invoice-save"
      initialValues={{
        receivable_id: first?.id,
        kind: 'vat_special',
        tax_rate: '13',
        amount: first ? invoiceable(first).amount : undefined,
        issued_on: localToday(user.tenant.time_zone),
      }}
      created={
        issued && {
          testId: 'invoice-issued',
          title: t('cash.invoice.issuedTitle'),
          name: issued.number,
          details: (
            <Descriptions column={1} size="small" bordered data-testid="invoice-issued-figures">
              <Descriptions.Item label={t('cash.invoice.kind')}>{tx(`cash.invoice.kind.${issued.kind}`, issued.kind)}</Descriptions.Item>
              <Descriptions.Item label={t('cash.invoice.withTax')}>
                <span data-testid="invoice-issued-amount">{formatMoney(issued.amount, language)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('cash.invoice.withoutTax')}>
                <span data-testid="invoice-issued-without-tax">{formatMoney(issued.amount_without_tax, language)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('cash.invoice.tax', { rate: issued.tax_rate })}>
                <span data-testid="invoice-issued-tax">{formatMoney(issued.tax_amount, language)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('cash.field.issued_on')}>{formatDate(issued.issued_on, language)}</Descriptions.Item>
            </Descriptions>
          ),
          openText: t('common.close'),
          openTestId: 'invoice-done',
          onOpen: onClose,
        }
      }
    >
      <Form.Item
        name="receivable_id"
        label={t('cash.invoice.receivable')}
        rules={[{ required: true, message: t('validation.select', { field: t('cash.invoice.receivable') }) }]}
      >
        <Select
          onChange={pick}
          options={receivables.map((r) => ({
            value: r.id,
            disabled: toFen(invoiceable(r).amount) <= 0n,
            label: t('cash.invoice.receivableOption', {
              n: r.position + 1,
              date: formatDate(r.due_on, language),
              left: formatMoney(invoiceable(r), language),
            }),
          }))}
          data-testid="invoice-receivable"
        />
      </Form.Item>
      <Form.Item name="kind" label={t('cash.invoice.kind')}>
        <Radio.Group optionType="button" buttonStyle="solid">
          <Radio value="vat_special" data-testid="invoice-kind-vat_special">{t('cash.invoice.kind.vat_special')}</Radio>
          <Radio value="vat_ordinary" data-testid="invoice-kind-vat_ordinary">{t('cash.invoice.kind.vat_ordinary')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Flex gap={8} wrap>
        <Form.Item name="tax_rate" label={t('cash.field.tax_rate')} rules={[{ required: true }]} style={{ flex: '1 1 120px' }}>
          <Select options={RATES.map((r) => ({ value: r, label: `${r}%` }))} data-testid="invoice-rate" />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('cash.invoice.withTax')}
          rules={[{ required: true, message: t('validation.required', { field: t('cash.invoice.withTax') }) }]}
          style={{ flex: '2 1 180px' }}
        >
          <InputNumber stringMode min="0" precision={2} prefix={currencySymbol(currency, language)} style={{ width: '100%' }} data-testid="invoice-amount" />
        </Form.Item>
      </Flex>
      <Flex gap={8} wrap>
        <Form.Item
          name="number"
          label={t('cash.field.invoice_number')}
          rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('cash.field.invoice_number') }) }]}
          style={{ flex: '2 1 180px' }}
        >
          <Input maxLength={60} data-testid="invoice-number" />
        </Form.Item>
        <Form.Item name="issued_on" label={t('cash.field.issued_on')} style={{ flex: '1 1 150px' }}>
          <Input type="date" data-testid="invoice-date" />
        </Form.Item>
      </Flex>
    </CreateDrawer>
  );
}
