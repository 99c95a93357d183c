import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Drawer, Flex, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { ApiError } from '../api/client';
import { opportunitiesApi } from '../api/opportunities';
import { productsApi } from '../api/products';
import type { Product, Quote, QuoteLineInput } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatMoney } from '../lib/format';
import { applyFieldProblems } from '../lib/formProblems';
import { problemMessage } from '../lib/problem';
import { useLoader } from '../lib/useLoader';

interface LineValues {
  product_id?: string;
  description?: string;
  quantity?: number;
  unit_price?: number;
  discount?: number;
}

interface Values {
  lines: LineValues[];
  valid_until?: { format: (f: string) => string };
  notes?: string;
}

/** A line's total before the server rounds it, for the running preview only. */
export function previewLineTotal(line: LineValues, products: Product[]): number {
  const product = products.find((p) => p.id === line.product_id);
  const price = line.unit_price ?? (product ? Number(product.list_price.amount) : 0);
  const quantity = line.quantity ?? 0;
  const discount = line.discount ?? 0;
  return Math.round(price * quantity * (100 - discount)) / 100;
}

/** A new quote from catalogue lines; its total becomes the opportunity amount. */
export function QuoteDrawer({ opportunityId, open, onClose, onCreated }: { opportunityId: string; open: boolean; onClose: () => void; onCreated: (quote: Quote) => void }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const load = useCallback(() => productsApi.list(), []);
  const products = useLoader(load);
  const catalogue = useMemo(() => (products.data ?? []).filter((p) => p.active), [products.data]);
  const lines = Form.useWatch('lines', form) ?? [];
  const total = lines.reduce((sum, line) => sum + previewLineTotal(line ?? {}, catalogue), 0);

  const submit = async () => {
    const values = await form.validateFields();
    const body = {
      opportunity_id: opportunityId,
      lines: values.lines.map(
        (line): QuoteLineInput => ({
          product_id: line.product_id ?? null,
          description: line.description || null,
          quantity: String(line.quantity ?? 1),
          unit_price: line.unit_price !== undefined && line.unit_price !== null ? { amount: line.unit_price.toFixed(2), currency: 'CNY' } : null,
          discount: line.discount ? String(line.discount) : null,
        }),
      ),
      valid_until: values.valid_until?.format('YYYY-MM-DD') ?? null,
      notes: values.notes || null,
    };
    try {
      const quote = await opportunitiesApi.createQuote(body);
      message.success(t('opps.quote.created', { number: quote.number }));
      form.resetFields();
      onCreated(quote);
    } catch (error) {
      // Problems show on their fields (a line's on that line); when none can, in a message.
      const problems = error instanceof ApiError ? (error.problem.errors ?? []) : [];
      const unplaced = applyFieldProblems(form, error);
      if (unplaced.length === problems.length) message.error(problemMessage(error, t));
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('opps.quote.new')}
      width={720}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={() => void submit()} data-testid="quote-submit">
            {t('common.create')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" initialValues={{ lines: [{ quantity: 1 }] }}>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Flex key={field.key} gap={8} wrap align="flex-start" className="closer-quote-line">
                  <Form.Item name={[field.name, 'product_id']} label={index === 0 ? t('opps.quote.product') : undefined} style={{ flex: '2 1 200px' }}>
                    <Select
                      allowClear
                      showSearch
                      optionFilterProp="label"
                      data-testid="quote-product"
                      options={catalogue.map((p) => ({ value: p.id, label: `${p.name} · ${formatMoney(p.list_price, language)}` }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'quantity']} label={index === 0 ? t('opps.quote.quantity') : undefined} rules={[{ required: true }]} style={{ flex: '0 1 80px' }}>
                    <InputNumber min={0} style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'unit_price']} label={index === 0 ? t('opps.quote.unitPrice') : undefined} style={{ flex: '1 1 110px' }}>
                    <InputNumber min={0} precision={2} style={{ width: '100%' }} placeholder={t('opps.quote.listPrice')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'discount']} label={index === 0 ? t('opps.quote.discount') : undefined} style={{ flex: '0 1 90px' }}>
                    <InputNumber min={0} max={100} addonAfter="%" style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item label={index === 0 ? ' ' : undefined}>
                    <Typography.Text style={{ display: 'inline-block', minWidth: 90, textAlign: 'right' }}>
                      {formatMoney({ amount: previewLineTotal(lines[index] ?? {}, catalogue).toFixed(2), currency: 'CNY' }, language)}
                    </Typography.Text>
                    <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} disabled={fields.length === 1} aria-label={t('opps.quote.removeLine')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'description']} style={{ flex: '1 1 100%', marginTop: -12 }}>
                    <Input placeholder={t('opps.quote.description')} />
                  </Form.Item>
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })} data-testid="quote-add-line">
                {t('opps.quote.addLine')}
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('opps.quote.previewTotal', { total: formatMoney({ amount: total.toFixed(2), currency: 'CNY' }, language) })}
        </Typography.Title>
        <Flex gap={12} wrap>
          <Form.Item name="valid_until" label={t('opps.quote.validUntil')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="notes" label={t('opps.quote.notes')} style={{ flex: 1 }}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Flex>
      </Form>
    </Drawer>
  );
}
