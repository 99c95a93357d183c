import { Form, Select } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { leadsApi } from '../api/leads';
import type { Lead, LeadCreate } from '../api/types';
import { useSession } from '../auth/session';
import { CreateDrawer } from '../components/CreateDrawer';
import { useI18n } from '../i18n/useI18n';
import { DuplicateList } from './DuplicateList';
import { LeadFormFields, leadFieldsFromForm, type LeadFormValues } from './LeadFormFields';
import type { LeadLookups } from './lookups';
import { useLeadErrorReporter } from './problems';
import { useFormDuplicateCheck } from './useDuplicateCheck';

const ROUTING = '';

interface Props {
  open: boolean;
  lookups: LeadLookups;
  onClose: () => void;
  onCreated: (lead: Lead) => void;
}

type Values = LeadFormValues & { owner_id?: string };

/** The request body: empty fields left out; no owner means the routing rules decide. */
function newLeadBody(values: Values): LeadCreate {
  const fields = leadFieldsFromForm(values);
  const body: LeadCreate = { ...fields, campaign_id: fields.campaign_id ?? undefined };
  for (const key of Object.keys(body) as (keyof LeadCreate)[]) {
    if (body[key] === null) delete body[key];
  }
  if (values.owner_id) body.owner_id = values.owner_id;
  return body;
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
  const [form] = Form.useForm<Values>();
  const [created, setCreated] = useState<Lead | null>(null);
  const live = useFormDuplicateCheck(form, 'company_name', open && !created);

  // Only a user who sees others' leads may hand a new one to someone else.
  const mayAssign = user.data_scope !== 'own';

  const close = () => {
    // After saving, the form has made way for the result; it was reset then.
    if (!created) form.resetFields();
    setCreated(null);
    onClose();
  };

  const save = async (values: Values) => {
    const lead = await leadsApi.create(newLeadBody(values));
    onCreated(lead);
    if (lead.duplicates && lead.duplicates.length > 0) {
      form.resetFields();
      setCreated(lead);
    } else {
      close();
    }
  };

  return (
    <CreateDrawer
      open={open}
      title={t('leads.new')}
      width={560}
      testId="lead-create-drawer"
      form={form}
      onSave={save}
      report={report}
      onClose={close}
      submitTestId="lead-create-submit"
      initialValues={{ owner_id: ROUTING }}
      created={
        created && {
          testId: 'lead-created',
          title: t('leads.created'),
          name: created.company_name,
          details: <DuplicateList duplicates={created.duplicates ?? []} title={t('leads.duplicates.afterCreate')} />,
          openText: t('leads.openCreated'),
          openTestId: 'lead-created-open',
          onOpen: () => {
            close();
            navigate(`/leads/${created.id}`);
          },
        }
      }
    >
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
    </CreateDrawer>
  );
}
