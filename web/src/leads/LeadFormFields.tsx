import { AutoComplete, Col, Form, Input, Row, Select } from 'antd';
import type { Campaign } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { KNOWN_SOURCES, useSourceLabel } from './status';

/** The form values of a lead's own fields (ids and texts as typed). */
export interface LeadFormValues {
  company_name: string;
  contact_name?: string;
  title?: string;
  phone?: string;
  email?: string;
  source?: string;
  campaign_id?: string;
  province?: string;
  city?: string;
  industry?: string;
  website?: string;
  credit_code?: string;
  description?: string;
}

export const LEAD_TEXT_FIELDS = [
  'company_name',
  'contact_name',
  'title',
  'phone',
  'email',
  'province',
  'city',
  'industry',
  'website',
  'credit_code',
  'description',
] as const;

/** The inputs for a lead's fields, two columns wide on a desk, one on a phone. */
export function LeadFormFields({ campaigns }: { campaigns: Campaign[] }) {
  const { t } = useI18n();
  const sourceLabel = useSourceLabel();
  const half = { xs: 24, sm: 12 };
  return (
    <Row gutter={12}>
      <Col span={24}>
        <Form.Item
          name="company_name"
          label={t('field.company_name')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input maxLength={200} autoComplete="organization" data-testid="lead-company" />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="contact_name" label={t('field.contact_name')}>
          <Input maxLength={100} autoComplete="name" data-testid="lead-contact" />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="title" label={t('field.title')}>
          <Input maxLength={100} data-testid="lead-title" />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="phone" label={t('field.phone')}>
          <Input type="tel" inputMode="tel" autoComplete="tel" maxLength={40} data-testid="lead-phone" />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="email" label={t('field.email')} rules={[{ type: 'email', message: t('validation.email') }]}>
          <Input type="email" inputMode="email" autoComplete="email" maxLength={200} data-testid="lead-email" />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="source" label={t('field.source')}>
          <AutoComplete
            options={KNOWN_SOURCES.map((value) => ({ value, label: sourceLabel(value) }))}
            placeholder={sourceLabel('manual')}
            filterOption={(input, option) =>
              `${option?.value ?? ''} ${String(option?.label ?? '')}`.toLowerCase().includes(input.toLowerCase())
            }
            data-testid="lead-source"
          />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="campaign_id" label={t('field.campaign_id')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={campaigns.map((c) => ({ value: c.id, label: c.name }))}
            placeholder={t('common.none')}
            data-testid="lead-campaign"
          />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="province" label={t('field.province')}>
          <Input maxLength={60} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="city" label={t('field.city')}>
          <Input maxLength={60} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="industry" label={t('field.industry')}>
          <Input maxLength={100} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="website" label={t('field.website')}>
          <Input type="url" inputMode="url" maxLength={500} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="credit_code" label={t('field.credit_code')} extra={t('leads.creditCodeHelp')}>
          <Input maxLength={18} style={{ textTransform: 'uppercase' }} data-testid="lead-credit-code" />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="description" label={t('field.description')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** Form values → request fields: trimmed, empty texts as null (PATCH clears them). */
export function leadFieldsFromForm(values: LeadFormValues) {
  const text = (value: string | undefined) => {
    const trimmed = value?.trim();
    return trimmed ? trimmed : null;
  };
  return {
    company_name: values.company_name.trim(),
    contact_name: text(values.contact_name),
    title: text(values.title),
    phone: text(values.phone),
    email: text(values.email),
    province: text(values.province),
    city: text(values.city),
    industry: text(values.industry),
    website: text(values.website),
    credit_code: text(values.credit_code)?.toUpperCase() ?? null,
    description: text(values.description),
    campaign_id: values.campaign_id ?? null,
    source: text(values.source) ?? undefined,
  };
}
