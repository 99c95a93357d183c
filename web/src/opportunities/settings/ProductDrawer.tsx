import { Alert, App, AutoComplete, Button, Drawer, Form, Grid, Input, Radio, Space } from 'antd';
import { useState } from 'react';
import { productsApi } from '../../api/products';
import { useI18n } from '../../i18n/useI18n';
import { useErrorReporter } from '../../lib/useErrorReporter';
import { amountFromInput, createBody, explainPriceProblems, formFromProduct, patchBody, PRODUCT_KINDS, type ProductFormValues } from './productForm';
import type { Product } from '../../api/types';
import { currencySymbol } from '../../lib/format';

interface Props {
  /** The product to edit, or null for a new one. */
  product: Product | null;
  currency: string;
  lines: string[];
  onClose: () => void;
  onSaved: (product: Product, created: boolean) => void;
  /** Someone else changed the product: reload it (the drawer then shows the fresh copy). */
  onStale: () => void;
}

/** New product / edit product. Problems the server finds are shown beside their fields. */
export function ProductDrawer({ product, currency, lines, onClose, onSaved, onStale }: Props) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const phone = Grid.useBreakpoint().sm === false;
  const [form] = Form.useForm<ProductFormValues>();
  const [saving, setSaving] = useState(false);
  const priceCurrency = product?.list_price.currency ?? currency;

  const submit = async (values: ProductFormValues) => {
    setSaving(true);
    try {
      if (product) {
        const body = patchBody(values, product);
        if (Object.keys(body).length === 0) {
          void message.info(t('opps.product.unchanged'));
          onClose();
          return;
        }
        onSaved(await productsApi.update(product.id, body, product.version), false);
      } else {
        onSaved(await productsApi.create(createBody(values, currency)), true);
      }
    } catch (caught) {
      report(explainPriceProblems(caught, priceCurrency, t), { form, onStale });
    } finally {
      setSaving(false);
    }
  };

  const required = (field: string) => ({ required: true, whitespace: true, message: t('validation.required', { field }) });

  return (
    <Drawer
      open
      title={product ? t('opps.product.edit') : t('opps.product.new')}
      onClose={onClose}
      width={phone ? '100%' : 480}
      destroyOnHidden
      data-testid="product-drawer"
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="product-submit">
            {product ? t('common.save') : t('common.create')}
          </Button>
        </Space>
      }
    >
      {product && !product.active && <Alert type="warning" showIcon message={t('opps.product.inactiveNote')} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={saving}
        initialValues={product ? formFromProduct(product) : { kind: 'product' }}
      >
        <Form.Item name="name" label={t('opps.product.field.name')} rules={[required(t('opps.product.field.name'))]}>
          <Input maxLength={200} autoFocus data-testid="product-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('opps.product.field.kind')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="product-kind">
            {PRODUCT_KINDS.map((kind) => (
              <Radio.Button key={kind} value={kind} data-testid={`product-kind-${kind}`}>
                {t(`opps.product.kind.${kind}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="list_price"
          label={t('opps.product.field.list_price')}
          tooltip={t('opps.product.priceHelp')}
          rules={[
            required(t('opps.product.field.list_price')),
            {
              validator: (_, value: string | undefined) =>
                !value?.trim() || amountFromInput(value) !== undefined
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('opps.product.priceInvalid'))),
            },
          ]}
        >
          <Input
            prefix={currencySymbol(priceCurrency, language)}
            suffix={priceCurrency}
            placeholder={t('opps.product.pricePlaceholder')}
            inputMode="decimal"
            maxLength={24}
            data-testid="product-price"
          />
        </Form.Item>
        <Form.Item name="product_line" label={t('opps.product.field.product_line')}>
          <AutoComplete
            options={lines.map((value) => ({ value }))}
            filterOption={(input, option) => String(option?.value ?? '').toLocaleLowerCase().includes(input.toLocaleLowerCase())}
            maxLength={100}
            data-testid="product-line"
          />
        </Form.Item>
        <Form.Item name="sku" label={t('opps.product.field.sku')}>
          <Input maxLength={60} autoCapitalize="characters" data-testid="product-sku" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
