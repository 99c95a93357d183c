import { Alert, App, AutoComplete, Form, Input, Radio } from 'antd';
import { productsApi } from '../../api/products';
import type { Product } from '../../api/types';
import { CreateDrawer } from '../../components/CreateDrawer';
import { useI18n } from '../../i18n/useI18n';
import { currencySymbol } from '../../lib/format';
import { useErrorReporter, type ReportOptions } from '../../lib/useErrorReporter';
import { amountFromInput, createBody, explainPriceProblems, formFromProduct, patchBody, PRODUCT_KINDS, type ProductFormValues } from './productForm';

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
  const [form] = Form.useForm<ProductFormValues>();
  const priceCurrency = product?.list_price.currency ?? currency;

  const save = async (values: ProductFormValues) => {
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
  };

  // The server's words for a refused price are general; ours say what to change.
  const reportPrice = (error: unknown, options: ReportOptions) =>
    report(explainPriceProblems(error, priceCurrency, t), { ...options, onStale });

  const required = (field: string) => ({ required: true, whitespace: true, message: t('validation.required', { field }) });
  // An amount typed as people write it (see amountFromInput), or nothing.
  const amountRule = {
    validator: (_: unknown, value: string | undefined) =>
      !value?.trim() || amountFromInput(value) !== undefined ? Promise.resolve() : Promise.reject(new Error(t('opps.product.priceInvalid'))),
  };

  return (
    <CreateDrawer
      title={product ? t('opps.product.edit') : t('opps.product.new')}
      width={480}
      testId="product-drawer"
      form={form}
      onSave={save}
      report={reportPrice}
      onClose={onClose}
      submitText={product ? t('common.save') : undefined}
      submitTestId="product-submit"
      lockWhileSaving
      initialValues={product ? formFromProduct(product) : { kind: 'product' }}
    >
      {product && !product.active && <Alert type="warning" showIcon message={t('opps.product.inactiveNote')} style={{ marginBottom: 16 }} />}
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
        rules={[required(t('opps.product.field.list_price')), amountRule]}
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
      <Form.Item
        name="unit_cost"
        label={t('opps.product.field.unit_cost')}
        tooltip={t('opps.product.field.unit_costHint')}
        rules={[amountRule]}
      >
        <Input
          prefix={currencySymbol(priceCurrency, language)}
          suffix={priceCurrency}
          inputMode="decimal"
          maxLength={24}
          data-testid="product-unit-cost"
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
    </CreateDrawer>
  );
}
