import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, InputNumber, Select, Typography, type FormInstance } from 'antd';
import { useCallback, useMemo } from 'react';
import { productsApi } from '../api/products';
import type { Product } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatMoney } from '../lib/format';
import { useLoader } from '../lib/useLoader';
import type { ContractValues, LineValues } from './contractForm';

/** A line's total before the server rounds it, for the running preview only. */
function previewTotal(line: LineValues, products: Product[]): number {
  const product = products.find((p) => p.id === line.product_id);
  const typed = line.unit_price === undefined || line.unit_price === null || line.unit_price === '' ? undefined : Number(line.unit_price);
  const price = typed ?? (product ? Number(product.list_price.amount) : 0);
  return Math.round(price * Number(line.quantity ?? 0) * (100 - Number(line.discount ?? 0))) / 100;
}

/** The contract's lines as form rows: product (or a description), quantity, unit price, discount; a running total. */
export function ContractLinesField({ form, currency }: { form: FormInstance<ContractValues>; currency: string }) {
  const { t, language } = useI18n();
  const load = useCallback(() => productsApi.list(), []);
  const products = useLoader(load);
  const catalogue = useMemo(() => (products.data ?? []).filter((p) => p.active), [products.data]);
  const lines: LineValues[] = Form.useWatch('lines', form) ?? [];
  const money = (value: number) => formatMoney({ amount: value.toFixed(2), currency }, language);
  const total = lines.reduce((sum, line) => sum + previewTotal(line ?? {}, catalogue), 0);

  return (
    <Form.List name="lines">
      {(fields, { add, remove }) => (
        <Flex vertical gap={4}>
          <Typography.Text strong>{t('contracts.lines.label')}</Typography.Text>
          {fields.map((field) => (
            <div key={field.key} className="closer-contract-line" data-testid="contract-form-line">
              <Flex gap={8} wrap align="flex-start">
                <Form.Item name={[field.name, 'product_id']} style={{ flex: '2 1 200px', marginBottom: 8 }}>
                  <Select
                    allowClear
                    showSearch
                    optionFilterProp="label"
                    placeholder={t('opps.quote.product')}
                    options={catalogue.map((p) => ({ value: p.id, label: `${p.name} · ${formatMoney(p.list_price, language)}` }))}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'description']} style={{ flex: '2 1 200px', marginBottom: 8 }}>
                  <Input placeholder={t('opps.quote.description')} maxLength={500} />
                </Form.Item>
              </Flex>
              <Flex gap={8} wrap align="flex-start">
                <Form.Item name={[field.name, 'quantity']} label={t('opps.quote.quantity')} rules={[{ required: true }]} style={{ flex: '1 1 80px', marginBottom: 8 }}>
                  <InputNumber stringMode min="0" precision={3} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name={[field.name, 'unit_price']} label={t('opps.quote.unitPrice')} style={{ flex: '1 1 120px', marginBottom: 8 }}>
                  <InputNumber stringMode min="0" precision={2} style={{ width: '100%' }} placeholder={t('opps.quote.listPrice')} />
                </Form.Item>
                <Form.Item name={[field.name, 'discount']} label={t('opps.quote.discount')} style={{ flex: '1 1 90px', marginBottom: 8 }}>
                  <InputNumber stringMode min="0" max="100" style={{ width: '100%' }} suffix="%" />
                </Form.Item>
                <Flex align="center" gap={4} style={{ marginTop: 30 }}>
                  <Typography.Text>{money(previewTotal(lines[field.name] ?? {}, catalogue))}</Typography.Text>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} disabled={fields.length === 1} aria-label={t('opps.quote.removeLine')} />
                </Flex>
              </Flex>
            </div>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add({ quantity: '1' })} style={{ alignSelf: 'flex-start' }}>
            {t('opps.quote.addLine')}
          </Button>
          <Typography.Text strong style={{ marginTop: 8 }} data-testid="contract-form-total">
            {t('opps.quote.previewTotal', { total: money(total) })}
          </Typography.Text>
        </Flex>
      )}
    </Form.List>
  );
}
