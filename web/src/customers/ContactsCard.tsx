import { EditOutlined, MailOutlined, PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, List, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { customersApi } from '../api/customers';
import type { Contact, ContactFields } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { DuplicateList } from '../leads/DuplicateList';
import { formatPhone } from '../lib/format';
import { DECISION_ROLES, RoleTag, useCustomerLabels, type DecisionRole } from './labels';
import { useCustomerErrorReporter } from './problems';

interface Values {
  name: string;
  title?: string;
  department?: string;
  decision_role?: DecisionRole | null;
  phone?: string;
  email?: string;
}

const text = (value: string | undefined) => value?.trim() || null;

function ContactForm({
  customerId,
  contact,
  onSaved,
  onCancel,
  onStale,
}: {
  customerId: string;
  contact: Contact | null;
  onSaved: (contact: Contact) => void;
  onCancel: () => void;
  onStale: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const report = useCustomerErrorReporter();
  const labels = useCustomerLabels();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<Contact | null>(null);

  const submit = async (values: Values) => {
    setSaving(true);
    const fields: ContactFields = {
      name: values.name.trim(),
      title: text(values.title),
      department: text(values.department),
      decision_role: values.decision_role ?? null,
      phone: text(values.phone),
      email: text(values.email),
    };
    try {
      const answer = contact
        ? await customersApi.updateContact(contact.id, fields, contact.version)
        : await customersApi.createContact({
            customer_id: customerId,
            ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null)),
          });
      void message.success(t(contact ? 'contacts.saved' : 'contacts.added'));
      if (answer.duplicates && answer.duplicates.length > 0) setSaved(answer);
      else onSaved(answer);
    } catch (caught) {
      report(caught, {
        form,
        onStale: () => {
          onCancel();
          onStale();
        },
      });
    } finally {
      setSaving(false);
    }
  };

  if (saved) {
    return (
      <div data-testid="contact-saved-duplicates">
        <DuplicateList duplicates={saved.duplicates ?? []} title={t('contacts.duplicates', { count: saved.duplicates?.length ?? 0 })} />
        <Button type="primary" block style={{ marginTop: 12 }} onClick={() => onSaved(saved)}>
          {t('common.close')}
        </Button>
      </div>
    );
  }

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={
        contact
          ? {
              name: contact.name,
              title: contact.title ?? undefined,
              department: contact.department ?? undefined,
              decision_role: contact.decision_role ?? undefined,
              phone: contact.phone ?? undefined,
              email: contact.email ?? undefined,
            }
          : {}
      }
      data-testid="contact-form"
    >
      <Form.Item
        name="name"
        label={t('field.name')}
        rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('field.name') }) }]}
      >
        <Input maxLength={100} autoFocus data-testid="contact-name" />
      </Form.Item>
      <Form.Item name="decision_role" label={t('contacts.field.decision_role')} extra={t('contacts.roleHelp')}>
        <Select
          allowClear
          options={DECISION_ROLES.map((role) => ({ value: role, label: labels.role(role) }))}
          data-testid="contact-role-select"
        />
      </Form.Item>
      <Form.Item name="title" label={t('field.title')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="department" label={t('contacts.field.department')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="phone" label={t('field.phone')}>
        <Input type="tel" inputMode="tel" maxLength={40} data-testid="contact-phone" />
      </Form.Item>
      <Form.Item name="email" label={t('field.email')} rules={[{ type: 'email', message: t('validation.email') }]}>
        <Input type="email" inputMode="email" maxLength={200} />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={saving} data-testid="contact-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}

/** The customer's contacts with their part in the buying decision; add and edit them. */
export function ContactsCard({
  customerId,
  contacts,
  editable,
  compact,
  onChanged,
}: {
  customerId: string;
  contacts: Contact[];
  editable: boolean;
  compact?: boolean;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);

  return (
    <Card
      title={t('contacts.title', { count: contacts.length })}
      size={compact ? 'small' : undefined}
      className="closer-page-card"
      data-testid="contacts-card"
      extra={
        editable && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="contact-add">
            {t('contacts.add')}
          </Button>
        )
      }
    >
      {contacts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contacts.empty')} />
      ) : (
        <List<Contact>
          className="closer-c360-list"
          dataSource={contacts}
          size="small"
          renderItem={(contact) => (
            <List.Item
              data-testid="contact-item"
              data-id={contact.id}
              actions={
                editable
                  ? [
                      <Button
                        key="edit"
                        type="text"
                        size="small"
                        icon={<EditOutlined />}
                        aria-label={t('contacts.edit', { name: contact.name })}
                        onClick={() => setEditing(contact)}
                        data-testid="contact-edit"
                      />,
                    ]
                  : undefined
              }
            >
              <List.Item.Meta
                title={
                  <span>
                    <Typography.Text strong>{contact.name}</Typography.Text> <RoleTag role={contact.decision_role} />
                  </span>
                }
                description={
                  <div>
                    {(contact.title || contact.department) && (
                      <div>{[contact.title, contact.department].filter(Boolean).join(' · ')}</div>
                    )}
                    <div className="closer-contact__lines">
                      {contact.phone && (
                        <a href={`tel:${contact.phone}`}>
                          <PhoneOutlined /> {formatPhone(contact.phone)}
                        </a>
                      )}
                      {contact.email && (
                        <a href={`mailto:${contact.email}`}>
                          <MailOutlined /> {contact.email}
                        </a>
                      )}
                    </div>
                  </div>
                }
              />
            </List.Item>
          )}
        />
      )}
      <Modal
        title={editing === 'new' ? t('contacts.add') : t('contacts.editTitle')}
        open={editing !== null}
        onCancel={() => setEditing(null)}
        footer={null}
        destroyOnHidden
        data-testid="contact-modal"
      >
        {editing !== null && (
          <ContactForm
            customerId={customerId}
            contact={editing === 'new' ? null : editing}
            onCancel={() => setEditing(null)}
            onStale={onChanged}
            onSaved={() => {
              setEditing(null);
              onChanged();
            }}
          />
        )}
      </Modal>
    </Card>
  );
}
