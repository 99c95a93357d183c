import { AutoComplete, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import type { Customer, CustomerFields } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { toMoneyAmount } from '../lib/money';
import { useCustomerLabels } from './labels';
import { isSizeTier, SIZE_TIERS, type SizeTier } from './query';
import { INDUSTRIES, PROVINCES } from './suggestions';

export interface CustomerFormValues {
  name?: string;
  industry?: string;
  size_tier?: SizeTier;
  employee_count?: number | null;
  /** Typed in yuan, e.g. "5000000" or "5,000,000.50". */
  annual_revenue?: string;
  province?: string;
  city?: string;
  address?: string;
  phone?: string;
  email?: string;
  website?: string;
  credit_code?: string;
  source?: string;
}

export const CUSTOMER_SOURCES = ['manual', 'referral', 'web_form', 'trade_show', 'campaign', 'cold_call', 'import', 'api'];

const text = (value: string | undefined): string | null => value?.trim() || null;

/** The form's values as the API's fields; empty ones are `null` (PATCH clears them). */
export function customerFieldsFromForm(values: CustomerFormValues, currency: string): CustomerFields {
  const amount = toMoneyAmount(values.annual_revenue?.trim() || null);
  return {
    name: values.name?.trim() ?? null,
    industry: text(values.industry),
    size_tier: values.size_tier ?? null,
    employee_count: values.employee_count ?? null,
    annual_revenue: amount ? { amount, currency } : null,
    province: text(values.province),
    city: text(values.city),
    address: text(values.address),
    phone: text(values.phone),
    email: text(values.email),
    website: text(values.website),
    credit_code: text(values.credit_code)?.toUpperCase() ?? null,
    source: text(values.source),
  };
}

/** A customer's fields as the form shows them. */
export function formFromCustomer(customer: Customer): CustomerFormValues {
  const or = (value: string | null | undefined) => value ?? undefined;
  return {
    name: customer.name,
    industry: or(customer.industry),
    size_tier: isSizeTier(customer.size_tier) ? customer.size_tier : undefined,
    employee_count: customer.employee_count ?? null,
    annual_revenue: customer.annual_revenue?.amount,
    province: or(customer.province),
    city: or(customer.city),
    address: or(customer.address),
    phone: or(customer.phone),
    email: or(customer.email),
    website: or(customer.website),
    credit_code: or(customer.credit_code),
    source: or(customer.source),
  };
}

/** The customer's profile fields, in two columns on a desk and one on a phone. */
export function CustomerFormFields() {
  const { t, language } = useI18n();
  const labels = useCustomerLabels();
  const half = { xs: 24, sm: 12 };
  return (
    <Row gutter={12}>
      <Col span={24}>
        <Form.Item
          name="name"
          label={t('customers.field.name')}
          rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('customers.field.name') }) }]}
        >
          <Input maxLength={200} autoFocus data-testid="customer-name" />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="industry" label={t('field.industry')}>
          <AutoComplete
            options={INDUSTRIES[language].map((value) => ({ value }))}
            filterOption={(input, option) => String(option?.value ?? '').includes(input)}
            maxLength={100}
            data-testid="customer-industry"
          />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="size_tier" label={t('customers.field.size_tier')}>
          <Select
            allowClear
            options={SIZE_TIERS.map((tier) => ({ value: tier, label: labels.sizeTier(tier) }))}
            data-testid="customer-size"
          />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="employee_count" label={t('customers.field.employee_count')}>
          <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} inputMode="numeric" />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item
          name="annual_revenue"
          label={t('customers.field.annual_revenue')}
          rules={[
            {
              validator: (_, value: string | undefined) =>
                !value?.trim() || toMoneyAmount(value) ? Promise.resolve() : Promise.reject(new Error(t('customers.moneyInvalid'))),
            },
          ]}
        >
          <Input prefix="¥" inputMode="decimal" maxLength={20} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="province" label={t('field.province')}>
          <AutoComplete
            options={PROVINCES.map((value) => ({ value }))}
            filterOption={(input, option) => String(option?.value ?? '').includes(input)}
            maxLength={60}
          />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="city" label={t('field.city')}>
          <Input maxLength={60} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="address" label={t('customers.field.address')}>
          <Input maxLength={300} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="phone" label={t('field.phone')}>
          <Input type="tel" inputMode="tel" maxLength={40} data-testid="customer-phone" />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="email" label={t('field.email')} rules={[{ type: 'email', message: t('validation.email') }]}>
          <Input type="email" inputMode="email" maxLength={200} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="website" label={t('field.website')}>
          <Input type="url" inputMode="url" maxLength={500} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="source" label={t('field.source')}>
          <Select allowClear options={CUSTOMER_SOURCES.map((value) => ({ value, label: labels.source(value) }))} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="credit_code" label={t('field.credit_code')} extra={t('customers.creditCodeHelp')}>
          <Input maxLength={18} style={{ textTransform: 'uppercase' }} data-testid="customer-credit-code" />
        </Form.Item>
      </Col>
    </Row>
  );
}
