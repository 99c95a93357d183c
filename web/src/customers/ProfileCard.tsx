import { EditOutlined, PhoneOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Drawer, Form, Grid, Space } from 'antd';
import { useState } from 'react';
import { customersApi } from '../api/customers';
import type { Customer } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/useI18n';
import { DuplicateList } from '../leads/DuplicateList';
import { formatDate, formatMoney, formatNumber, formatPhone, relativeTime } from '../lib/format';
import { CustomerFormFields, customerFieldsFromForm, formFromCustomer, type CustomerFormValues } from './CustomerFormFields';
import { useCustomerLabels, type Users } from './labels';
import { useCustomerErrorReporter } from './problems';

function EditDrawer({
  customer,
  open,
  onClose,
  onSaved,
  onStale,
}: {
  customer: Customer;
  open: boolean;
  onClose: () => void;
  onSaved: (customer: Customer) => void;
  onStale: () => void;
}) {
  const { t } = useI18n();
  const { user } = useSession();
  const { message } = App.useApp();
  const report = useCustomerErrorReporter();
  const phone = Grid.useBreakpoint().sm === false;
  const [form] = Form.useForm<CustomerFormValues>();
  const [saving, setSaving] = useState(false);

  const submit = async (values: CustomerFormValues) => {
    setSaving(true);
    try {
      const saved = await customersApi.update(
        customer.id,
        customerFieldsFromForm(values, user.tenant.currency ?? 'CNY'),
        customer.version,
      );
      void message.success(t('customers.saved'));
      onSaved(saved);
      if (!saved.duplicates?.length) onClose();
    } catch (caught) {
      report(caught, {
        form,
        onStale: () => {
          onClose();
          onStale();
        },
      });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      title={t('customers.editTitle')}
      open={open}
      onClose={onClose}
      width={phone ? '100%' : 600}
      destroyOnHidden
      data-testid="customer-edit-drawer"
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="customer-edit-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {customer.duplicates && customer.duplicates.length > 0 && (
        <div style={{ marginBottom: 16 }}>
          <DuplicateList duplicates={customer.duplicates} title={t('customers.duplicates.afterEdit')} />
        </div>
      )}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={formFromCustomer(customer)}>
        <CustomerFormFields />
      </Form>
    </Drawer>
  );
}

/** The customer's profile: who they are, where, how big, and who owns them. */
export function ProfileCard({
  customer,
  users,
  editable,
  compact,
  onSaved,
  onStale,
}: {
  customer: Customer;
  users: Users;
  editable: boolean;
  compact?: boolean;
  onSaved: (customer: Customer) => void;
  onStale: () => void;
}) {
  const { t, language } = useI18n();
  const labels = useCustomerLabels();
  const [editing, setEditing] = useState(false);
  const none = t('common.none');
  const website = customer.website && (/^https?:\/\//i.test(customer.website) ? customer.website : `https://${customer.website}`);

  return (
    <Card
      title={t('customers.profile')}
      size={compact ? 'small' : undefined}
      className="closer-page-card"
      data-testid="profile-card"
      extra={
        editable && (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="customer-edit">
            {t('common.edit')}
          </Button>
        )
      }
    >
      <Descriptions column={compact ? 1 : { xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 3 }} size="small" colon={false}>
        <Descriptions.Item label={t('field.industry')}>{customer.industry ?? none}</Descriptions.Item>
        <Descriptions.Item label={t('customers.field.size_tier')}>{labels.sizeTier(customer.size_tier) || none}</Descriptions.Item>
        <Descriptions.Item label={t('customers.field.employee_count')}>
          {customer.employee_count == null ? none : formatNumber(customer.employee_count, language)}
        </Descriptions.Item>
        <Descriptions.Item label={t('customers.field.annual_revenue')}>
          {customer.annual_revenue ? formatMoney(customer.annual_revenue, language) : none}
        </Descriptions.Item>
        <Descriptions.Item label={t('customers.field.region')}>{labels.place(customer.province, customer.city) || none}</Descriptions.Item>
        <Descriptions.Item label={t('customers.field.address')}>{customer.address ?? none}</Descriptions.Item>
        <Descriptions.Item label={t('field.phone')}>
          {customer.phone ? (
            <a href={`tel:${customer.phone}`}>
              <PhoneOutlined /> {formatPhone(customer.phone)}
            </a>
          ) : (
            none
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('field.email')}>
          {customer.email ? <a href={`mailto:${customer.email}`}>{customer.email}</a> : none}
        </Descriptions.Item>
        <Descriptions.Item label={t('field.website')}>
          {website ? (
            <a href={website} target="_blank" rel="noopener noreferrer">
              {customer.website}
            </a>
          ) : (
            none
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('field.credit_code')}>{customer.credit_code ?? none}</Descriptions.Item>
        <Descriptions.Item label={t('field.source')}>{labels.source(customer.source) || none}</Descriptions.Item>
        <Descriptions.Item label={t('field.owner_id')}>
          <span data-testid="profile-owner">{customer.owner_id ? users.name(customer.owner_id) || none : t('customers.inPool')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('customers.field.last_activity_at')}>
          {customer.last_activity_at ? relativeTime(customer.last_activity_at, language) : t('customers.never')}
        </Descriptions.Item>
        <Descriptions.Item label={t('field.created_at')}>{formatDate(customer.created_at, language)}</Descriptions.Item>
      </Descriptions>
      <EditDrawer
        customer={customer}
        open={editing}
        onClose={() => setEditing(false)}
        onSaved={onSaved}
        onStale={onStale}
      />
    </Card>
  );
}
