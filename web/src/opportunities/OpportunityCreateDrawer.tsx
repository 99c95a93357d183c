import { App, DatePicker, Form, Grid, Input, InputNumber, Select } from 'antd';
import { useNavigate } from 'react-router-dom';
import { opportunitiesApi } from '../api/opportunities';
import type { NewOpportunity, Opportunity } from '../api/types';
import { useSession } from '../auth/session';
import { CreateDrawer } from '../components/CreateDrawer';
import { CustomerPicker, type CustomerOption } from '../components/CustomerPicker';
import { useUsers } from '../customers/labels';
import { useI18n } from '../i18n/useI18n';
import { formatPercent } from '../lib/format';
import { toMoneyAmount } from '../lib/money';
import { stageName, useProcess } from './lookups';

interface Values {
  customer_id?: string;
  name?: string;
  amount?: number;
  stage_id?: string;
  expected_close_date?: { format: (f: string) => string } | null;
  owner_id?: string;
}

/** The request body for the form's values; the owner and stage are left to the server's defaults when unchanged. */
export function newOpportunityBody(values: Values, currency: string, me: string): NewOpportunity {
  const body: NewOpportunity = {
    customer_id: values.customer_id ?? '',
    name: values.name?.trim() ?? '',
    amount: { amount: toMoneyAmount(values.amount ?? 0) ?? '0.00', currency },
  };
  if (values.stage_id) body.stage_id = values.stage_id;
  if (values.expected_close_date) body.expected_close_date = values.expected_close_date.format('YYYY-MM-DD');
  if (values.owner_id && values.owner_id !== me) body.owner_id = values.owner_id;
  return body;
}

/**
 * "New opportunity": customer (searched by name, or fixed when opened from a customer), name,
 * amount, stage (the process's first by default), expected close date and owner (me by
 * default). The server's field problems show on their fields; a saved deal opens its page.
 */
export function OpportunityCreateDrawer({
  open,
  customer,
  onClose,
  onCreated,
}: {
  open: boolean;
  /** Opened from a customer: the customer is fixed. */
  customer?: CustomerOption;
  onClose: () => void;
  onCreated?: (opportunity: Opportunity) => void;
}) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();
  const users = useUsers();
  const { stages, loading } = useProcess();
  const phone = Grid.useBreakpoint().sm === false;
  const [form] = Form.useForm<Values>();
  const openStages = stages.filter((s) => !s.is_won && !s.is_lost);
  const mayAssign = user.data_scope !== 'own';

  const save = async (values: Values) => {
    const created = await opportunitiesApi.create(newOpportunityBody(values, user.tenant.currency ?? 'CNY', user.id));
    void message.success(t('opps.create.done', { name: created.name }));
    onCreated?.(created);
    onClose();
    navigate(`/opportunities/${created.id}`);
  };

  return (
    <CreateDrawer
      open={open}
      title={t('opps.create.title')}
      width={520}
      testId="opp-create-drawer"
      form={form}
      onSave={save}
      onClose={onClose}
      submitTestId="opp-create-submit"
      loading={loading && stages.length === 0}
      initialValues={{ customer_id: customer?.id, stage_id: openStages[0]?.id, owner_id: user.id }}
      formTestId="opp-create-form"
    >
      <Form.Item name="customer_id" label={t('opps.field.customer')} rules={[{ required: true, message: t('validation.select', { field: t('opps.field.customer') }) }]}>
        <CustomerPicker initial={customer} disabled={Boolean(customer)} data-testid="opp-create-customer" />
      </Form.Item>
      <Form.Item name="name" label={t('opps.field.name')} rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('opps.field.name') }) }]}>
        <Input maxLength={200} placeholder={t('opps.create.namePlaceholder')} data-testid="opp-create-name" />
      </Form.Item>
      <Form.Item name="amount" label={t('opps.field.amount')} rules={[{ required: true, message: t('validation.required', { field: t('opps.field.amount') }) }]}>
        <InputNumber min={0} precision={2} style={{ width: '100%' }} prefix={user.tenant.currency ?? 'CNY'} data-testid="opp-create-amount" />
      </Form.Item>
      <Form.Item name="stage_id" label={t('opps.field.stage')}>
        <Select
          data-testid="opp-create-stage"
          options={openStages.map((s) => ({ value: s.id, label: `${stageName(s, language)} · ${formatPercent(s.win_rate)}` }))}
        />
      </Form.Item>
      <Form.Item name="expected_close_date" label={t('opps.field.expected_close_date')}>
        <DatePicker style={{ width: '100%' }} inputReadOnly={phone} data-testid="opp-create-close" />
      </Form.Item>
      {mayAssign && (
        <Form.Item name="owner_id" label={t('opps.field.owner')}>
          <Select
            showSearch
            optionFilterProp="label"
            data-testid="opp-create-owner"
            options={[
              { value: user.id, label: t('customers.ownerMe', { name: user.name }) },
              ...users.active.filter((u) => u.id !== user.id).map((u) => ({ value: u.id, label: u.name })),
            ]}
          />
        </Form.Item>
      )}
    </CreateDrawer>
  );
}
