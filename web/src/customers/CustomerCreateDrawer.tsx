import { Button, Drawer, Form, Grid, Result, Select, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { customersApi } from '../api/customers';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/useI18n';
import { DuplicateList } from '../leads/DuplicateList';
import { useDuplicateCheck } from '../leads/useDuplicateCheck';
import { CustomerFormFields, customerFieldsFromForm, type CustomerFormValues } from './CustomerFormFields';
import type { Users } from './labels';
import { useCustomerErrorReporter } from './problems';
import type { Customer } from '../api/types';

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
  const phone = Grid.useBreakpoint().sm === false;
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [created, setCreated] = useState<Customer | null>(null);

  const name = Form.useWatch('name', form);
  const phoneNumber = Form.useWatch('phone', form);
  const email = Form.useWatch('email', form);
  const creditCode = Form.useWatch('credit_code', form);
  const live = useDuplicateCheck(
    { company_name: name, phone: phoneNumber, email, credit_code: creditCode },
    { enabled: open && !created },
  );
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

  const submit = async (values: Values) => {
    setSaving(true);
    try {
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
    } catch (caught) {
      report(caught, { form });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      title={t('customers.new')}
      open={open}
      onClose={close}
      width={phone ? '100%' : 600}
      destroyOnHidden
      data-testid="customer-create-drawer"
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          {created ? (
            <>
              <Button onClick={close}>{t('common.close')}</Button>
              <Button type="primary" onClick={() => openCustomer(created)} data-testid="customer-created-open">
                {t('customers.openCreated')}
              </Button>
            </>
          ) : (
            <>
              <Button onClick={close}>{t('common.cancel')}</Button>
              <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="customer-create-submit">
                {t('common.create')}
              </Button>
            </>
          )}
        </Space>
      }
    >
      {created ? (
        <div data-testid="customer-created">
          <Result status="success" title={t('customers.created')} subTitle={created.name} style={{ padding: '16px 0' }} />
          <DuplicateList duplicates={created.duplicates ?? []} title={t('customers.duplicates.afterCreate')} />
        </div>
      ) : (
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ owner_id: user.id }}>
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
        </Form>
      )}
    </Drawer>
  );
}
