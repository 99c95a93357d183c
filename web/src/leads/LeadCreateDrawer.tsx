import { Button, Drawer, Form, Grid, Result, Select, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { leadsApi } from '../api/leads';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/useI18n';
import { DuplicateList } from './DuplicateList';
import { LeadFormFields, leadFieldsFromForm, type LeadFormValues } from './LeadFormFields';
import type { LeadLookups } from './lookups';
import { useLeadErrorReporter } from './problems';
import { useDuplicateCheck } from './useDuplicateCheck';
import type { Lead, LeadCreate } from '../api/types';

const ROUTING = '';

interface Props {
  open: boolean;
  lookups: LeadLookups;
  onClose: () => void;
  onCreated: (lead: Lead) => void;
}

/**
 * "New lead": the lead's fields with live duplicate warnings while typing, and the
 * duplicates the server found once it is saved.
 */
export function LeadCreateDrawer({ open, lookups, onClose, onCreated }: Props) {
  const { t } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const report = useLeadErrorReporter();
  const phone = Grid.useBreakpoint().sm === false;
  const [form] = Form.useForm<LeadFormValues & { owner_id?: string }>();
  const [saving, setSaving] = useState(false);
  const [created, setCreated] = useState<Lead | null>(null);

  const company = Form.useWatch('company_name', form);
  const phoneNumber = Form.useWatch('phone', form);
  const email = Form.useWatch('email', form);
  const creditCode = Form.useWatch('credit_code', form);
  const live = useDuplicateCheck(
    { company_name: company, phone: phoneNumber, email, credit_code: creditCode },
    { enabled: open && !created },
  );

  // Only a user who sees others' leads may hand a new one to someone else.
  const mayAssign = user.data_scope !== 'own';

  const close = () => {
    // After saving, the form has made way for the result; it was reset then.
    if (!created) form.resetFields();
    setCreated(null);
    onClose();
  };

  const submit = async (values: LeadFormValues & { owner_id?: string }) => {
    setSaving(true);
    try {
      const fields = leadFieldsFromForm(values);
      const body: LeadCreate = { ...fields, campaign_id: fields.campaign_id ?? undefined };
      for (const key of Object.keys(body) as (keyof LeadCreate)[]) {
        if (body[key] === null) delete body[key];
      }
      if (values.owner_id) body.owner_id = values.owner_id;
      const lead = await leadsApi.create(body);
      onCreated(lead);
      if (lead.duplicates && lead.duplicates.length > 0) {
        form.resetFields();
        setCreated(lead);
      } else {
        close();
      }
    } catch (caught) {
      report(caught, { form });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      title={t('leads.new')}
      open={open}
      onClose={close}
      width={phone ? '100%' : 560}
      destroyOnHidden
      data-testid="lead-create-drawer"
      footer={
        created ? (
          <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
            <Button onClick={close}>{t('common.close')}</Button>
            <Button
              type="primary"
              onClick={() => {
                close();
                navigate(`/leads/${created.id}`);
              }}
              data-testid="lead-created-open"
            >
              {t('leads.openCreated')}
            </Button>
          </Space>
        ) : (
          <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="lead-create-submit">
              {t('common.create')}
            </Button>
          </Space>
        )
      }
    >
      {created ? (
        <div data-testid="lead-created">
          <Result status="success" title={t('leads.created')} subTitle={created.company_name} style={{ padding: '16px 0' }} />
          <DuplicateList duplicates={created.duplicates ?? []} title={t('leads.duplicates.afterCreate')} />
        </div>
      ) : (
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ owner_id: ROUTING }}>
          {live.items.length > 0 && (
            <div style={{ marginBottom: 16 }}>
              <DuplicateList duplicates={live.items} />
            </div>
          )}
          <LeadFormFields campaigns={lookups.campaigns} />
          <Form.Item name="owner_id" label={t('field.owner_id')} extra={t('leads.ownerHelp')}>
            <Select
              showSearch
              optionFilterProp="label"
              data-testid="lead-owner"
              options={[
                { value: ROUTING, label: t('leads.ownerRouting') },
                { value: user.id, label: t('leads.ownerMe', { name: user.name }) },
                ...(mayAssign
                  ? lookups.activeUsers.filter((u) => u.id !== user.id).map((u) => ({ value: u.id, label: u.name }))
                  : []),
              ]}
            />
          </Form.Item>
        </Form>
      )}
    </Drawer>
  );
}
