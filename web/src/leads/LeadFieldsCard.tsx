import { EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Form, Grid, Space } from 'antd';
import { useState } from 'react';
import { leadsApi } from '../api/leads';
import type { Lead, LeadPatch } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatDateTime, formatPhone } from '../lib/format';
import { LeadFormFields, leadFieldsFromForm, type LeadFormValues } from './LeadFormFields';
import type { LeadLookups } from './lookups';
import { useLeadErrorReporter } from './problems';
import { useSourceLabel } from './status';

function formValues(lead: Lead): LeadFormValues {
  return {
    company_name: lead.company_name,
    contact_name: lead.contact_name ?? undefined,
    title: lead.title ?? undefined,
    phone: lead.phone ?? undefined,
    email: lead.email ?? undefined,
    source: lead.source,
    campaign_id: lead.campaign_id ?? undefined,
    province: lead.province ?? undefined,
    city: lead.city ?? undefined,
    industry: lead.industry ?? undefined,
    website: lead.website ?? undefined,
    credit_code: lead.credit_code ?? undefined,
    description: lead.description ?? undefined,
  };
}

/** Only what changed goes to the server, so an edit never overwrites a field it did not touch. */
export function changedFields(lead: Lead, values: LeadFormValues): LeadPatch {
  const next = leadFieldsFromForm(values);
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined) continue;
    const before = (lead as unknown as Record<string, unknown>)[key] ?? null;
    if (before !== value) patch[key] = value;
  }
  return patch as LeadPatch;
}

/** The lead's fields; editable with If-Match when the user may change the lead. */
export function LeadFieldsCard({
  lead,
  lookups,
  editable,
  onSaved,
  onStale,
}: {
  lead: Lead;
  lookups: LeadLookups;
  editable: boolean;
  onSaved: (lead: Lead) => void;
  onStale: () => void;
}) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const report = useLeadErrorReporter();
  const sourceLabel = useSourceLabel();
  const phone = Grid.useBreakpoint().sm === false;
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<LeadFormValues>();

  const save = async (values: LeadFormValues) => {
    const patch = changedFields(lead, values);
    if (Object.keys(patch).length === 0) {
      setEditing(false);
      return;
    }
    setSaving(true);
    try {
      const saved = await leadsApi.update(lead.id, patch, lead.version);
      setEditing(false);
      void message.success(t('leads.saved'));
      onSaved(saved);
    } catch (caught) {
      report(caught, {
        form,
        onStale: () => {
          setEditing(false);
          onStale();
        },
      });
    } finally {
      setSaving(false);
    }
  };

  const dash = t('common.none');
  const website = lead.website ? (
    <a href={/^https?:\/\//.test(lead.website) ? lead.website : `https://${lead.website}`} target="_blank" rel="noopener noreferrer">
      {lead.website}
    </a>
  ) : (
    dash
  );

  return (
    <Card
      title={t('leads.fields')}
      size={phone ? 'small' : undefined}
      className="closer-page-card"
      data-testid="lead-fields"
      extra={
        editable && !editing ? (
          <Button type="link" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="lead-edit">
            {t('common.edit')}
          </Button>
        ) : null
      }
    >
      {editing ? (
        <Form form={form} layout="vertical" initialValues={formValues(lead)} onFinish={save}>
          <LeadFormFields campaigns={lookups.campaigns} />
          <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
            <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="lead-save">
              {t('common.save')}
            </Button>
          </Space>
        </Form>
      ) : (
        <Descriptions column={phone ? 1 : 2} size="small" colon={false} styles={{ label: { minWidth: 96 } }}>
          <Descriptions.Item label={t('field.contact_name')}>{lead.contact_name ?? dash}</Descriptions.Item>
          <Descriptions.Item label={t('field.title')}>{lead.title ?? dash}</Descriptions.Item>
          <Descriptions.Item label={t('field.phone')}>
            {lead.phone ? lead.in_pool ? formatPhone(lead.phone) : <a href={`tel:${lead.phone}`}>{formatPhone(lead.phone)}</a> : dash}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.email')}>
            {lead.email ? lead.in_pool ? lead.email : <a href={`mailto:${lead.email}`}>{lead.email}</a> : dash}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.source')}>{sourceLabel(lead.source)}</Descriptions.Item>
          <Descriptions.Item label={t('field.campaign_id')}>{lookups.campaignName(lead.campaign_id) || dash}</Descriptions.Item>
          <Descriptions.Item label={t('leads.region')}>
            {[lead.province, lead.city].filter(Boolean).join(' · ') || dash}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.industry')}>{lead.industry ?? dash}</Descriptions.Item>
          <Descriptions.Item label={t('field.website')}>{website}</Descriptions.Item>
          <Descriptions.Item label={t('field.credit_code')}>{lead.credit_code ?? dash}</Descriptions.Item>
          <Descriptions.Item label={t('field.created_at')}>{formatDateTime(lead.created_at, language)}</Descriptions.Item>
          <Descriptions.Item label={t('field.last_follow_up_at')}>
            {lead.last_follow_up_at ? formatDateTime(lead.last_follow_up_at, language) : dash}
          </Descriptions.Item>
          {lead.description && (
            <Descriptions.Item label={t('field.description')} span={phone ? 1 : 2}>
              <span style={{ whiteSpace: 'pre-line' }}>{lead.description}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
    </Card>
  );
}
