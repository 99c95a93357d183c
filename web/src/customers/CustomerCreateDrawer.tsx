import { Form, Select } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { customersApi } from '../api/customers';
import type { Customer } from '../api/types';
import { useSession } from '../auth/session';
import { CreateDrawer } from '../components/CreateDrawer';
import { useI18n } from '../i18n/useI18n';
import { DuplicateList } from '../leads/DuplicateList';
import { useFormDuplicateCheck } from '../leads/useDuplicateCheck';
import { CustomerFormFields, customerFieldsFromForm, type CustomerFormValues } from './CustomerFormFields';
import type { Users } from './labels';
import { useCustomerErrorReporter } from './problems';

interface Props {
  open: boolean;
  users: Users;
  onClose: () => void;
  onCreated: (customer: Customer) => void;
}

type Values = CustomerFormValues & { owner_id?: string };

/**
 * "New customer": the profile with live warnings about similar customers while typing, and
 * the ones the server found once it is saved. A customer is compared with customers only
 * (a lead of the same company is what a customer is made from, not a duplicate).
 */
export function CustomerCreateDrawer({ open, users, onClose, onCreated }: Props) {
  const { t } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const report = useCustomerErrorReporter();
  const [form] = Form.useForm<Values>();
  const [created, setCreated] = useState<Customer | null>(null);
  const live = useFormDuplicateCheck(form, 'name', open && !created);
  const similar = live.items.filter((d) => d.record_type === 'customer');
  const mayAssign = user.data_scope !== 'own';

  const close = () => {
    if (!created) form.resetFields();
    setCreated(null);
    onClose();
  };

  const openCustomer = (customer: Customer) => {
    form.resetFields();
    setCreated(null);
    onClose();
    navigate(`/customers/${customer.id}`);
  };

  const save = async (values: Values) => {
    const fields = customerFieldsFromForm(values, user.tenant.currency ?? 'CNY');
    const body = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null));
    if (values.owner_id && values.owner_id !== user.id) body.owner_id = values.owner_id;
    const customer = await customersApi.create(body);
    onCreated(customer);
    if (customer.duplicates && customer.duplicates.length > 0) {
      form.resetFields();
      setCreated(customer);
    } else {
      openCustomer(customer);
    }
  };

  return (
    <CreateDrawer
      open={open}
      title={t('customers.new')}
      width={600}
      testId="customer-create-drawer"
      form={form}
      onSave={save}
      report={report}
      onClose={close}
      submitTestId="customer-create-submit"
      initialValues={{ owner_id: user.id }}
      created={
        created && {
          testId: 'customer-created',
          title: t('customers.created'),
          name: created.name,
          details: <DuplicateList duplicates={created.duplicates ?? []} title={t('customers.duplicates.afterCreate')} />,
          openText: t('customers.openCreated'),
          openTestId: 'customer-created-open',
          onOpen: () => openCustomer(created),
        }
      }
    >
      {similar.length > 0 && (
        <div style={{ marginBottom: 16 }}>
          <DuplicateList duplicates={similar} title={t('customers.duplicates.title', { count: similar.length })} />
        </div>
      )}
      <CustomerFormFields />
      {mayAssign && (
        <Form.Item name="owner_id" label={t('field.owner_id')}>
          <Select
            showSearch
            optionFilterProp="label"
            data-testid="customer-owner"
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
