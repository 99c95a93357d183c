import { Alert, Button, Form, Input, InputNumber, Modal, Result, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { leadsApi } from '../api/leads';
import type { Conversion, ConvertInput, Lead } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/useI18n';
import { formatMoney, formatPercent } from '../lib/format';
import { toMoneyAmount } from '../lib/money';
import { stageName, useProcess } from '../opportunities/lookups';
import { useLeadErrorReporter } from './problems';

interface Values {
  create_opportunity: boolean;
  opportunity_name?: string;
  amount?: string | null;
  stage_id?: string;
}

/**
 * Turns a lead into a customer with a contact and, optionally, an opportunity. Afterwards
 * it links to what was made, and says so when the lead joined an existing customer.
 */
export function ConvertDialog({
  lead,
  open,
  onClose,
  onConverted,
}: {
  lead: Lead;
  open: boolean;
  onClose: () => void;
  onConverted: (conversion: Conversion) => void;
}) {
  const { t, language } = useI18n();
  const { user } = useSession();
  const report = useLeadErrorReporter();
  const [form] = Form.useForm<Values>();
  const withOpportunity = Form.useWatch('create_opportunity', form) ?? true;
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState<Conversion | null>(null);
  const currency = user.tenant.currency ?? 'CNY';

  // A new opportunity starts in one of the default process's open stages.
  const process = useProcess();
  const stages = process.stages.filter((s) => !s.is_won && !s.is_lost);

  const submit = async (values: Values) => {
    const body: ConvertInput = { create_opportunity: values.create_opportunity };
    if (values.create_opportunity) {
      if (values.opportunity_name?.trim()) body.opportunity_name = values.opportunity_name.trim();
      const amount = toMoneyAmount(values.amount);
      if (values.amount !== undefined && values.amount !== null && values.amount !== '' && amount === null) {
        form.setFields([{ name: 'amount', errors: [t('leads.convert.amountInvalid')] }]);
        return;
      }
      if (amount) body.amount = { amount, currency };
      if (values.stage_id) body.stage_id = values.stage_id;
    }
    setSaving(true);
    try {
      const conversion = await leadsApi.convert(lead.id, body);
      setDone(conversion);
      onConverted(conversion);
    } catch (caught) {
      report(caught, { form });
    } finally {
      setSaving(false);
    }
  };

  const close = () => {
    setDone(null);
    onClose();
  };

  return (
    <Modal
      title={t('leads.convert.title', { name: lead.company_name })}
      open={open}
      onCancel={close}
      destroyOnHidden
      data-testid="convert-dialog"
      footer={
        done ? (
          <Button type="primary" onClick={close} data-testid="convert-done">
            {t('common.close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="convert-submit">
              {t('leads.convert.submit')}
            </Button>
          </Space>
        )
      }
    >
      {done ? (
        <Result
          status="success"
          title={t('leads.convert.done')}
          style={{ padding: '16px 0' }}
          data-testid="convert-result"
          subTitle={
            <Space direction="vertical" size={6} style={{ textAlign: 'start' }}>
              <span>
                {t('leads.convert.customer')}:{' '}
                <Link to={`/customers/${done.customer.id}`} data-testid="convert-customer-link">
                  {done.customer.name}
                </Link>{' '}
                {done.existing_customer && (
                  <Tag color="blue" data-testid="convert-existing">
                    {t('leads.convert.joinedExisting')}
                  </Tag>
                )}
              </span>
              <span>
                {t('leads.convert.contact')}: {done.contact.name}
              </span>
              {done.opportunity && (
                <span>
                  {t('leads.convert.opportunity')}:{' '}
                  <Link to={`/opportunities/${done.opportunity.id}`} data-testid="convert-opportunity-link">
                    {done.opportunity.name}
                  </Link>{' '}
                  <Typography.Text type="secondary">{formatMoney(done.opportunity.amount, language)}</Typography.Text>
                </span>
              )}
            </Space>
          }
        />
      ) : (
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ create_opportunity: true, opportunity_name: lead.company_name }}
        >
          <Alert type="info" showIcon message={t('leads.convert.explain')} style={{ marginBottom: 16 }} />
          <Form.Item name="create_opportunity" label={t('leads.convert.createOpportunity')} valuePropName="checked">
            <Switch data-testid="convert-create-opportunity" />
          </Form.Item>
          {withOpportunity && (
            <>
              <Form.Item
                name="opportunity_name"
                label={t('leads.convert.opportunityName')}
                rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
              >
                <Input maxLength={200} data-testid="convert-name" />
              </Form.Item>
              <Form.Item name="amount" label={t('leads.convert.amount', { currency })}>
                <InputNumber<string>
                  stringMode
                  min="0"
                  step="1000"
                  precision={2}
                  style={{ width: '100%' }}
                  prefix={currency === 'CNY' ? '¥' : undefined}
                  formatter={(value) => (value ? String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : '')}
                  parser={(value) => (value ?? '').replace(/[,\s¥]/g, '')}
                  inputMode="decimal"
                  data-testid="convert-amount"
                />
              </Form.Item>
              <Form.Item name="stage_id" label={t('leads.convert.stage')}>
                <Select
                  allowClear
                  placeholder={stages[0] ? stageName(stages[0], language) : undefined}
                  loading={process.loading}
                  options={stages.map((s) => ({ value: s.id, label: `${stageName(s, language)} · ${formatPercent(s.win_rate)}` }))}
                  data-testid="convert-stage"
                />
              </Form.Item>
            </>
          )}
        </Form>
      )}
    </Modal>
  );
}
