import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { leadsApi } from '../api/leads';
import type { Lead, User } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { useLeadErrorReporter } from './problems';

export type LeadAction = 'release' | 'invalid' | 'reassign' | 'merge';

interface Props {
  lead: Lead;
  action: LeadAction | null;
  users: User[];
  onClose: () => void;
  onDone: (lead: Lead) => void;
  onStale: () => void;
}

interface Values {
  reason?: string;
  invalid_reason?: string;
  owner_id?: string;
  duplicate_id?: string;
}

/** Release to the pool, mark invalid, reassign, merge another lead into this one. */
export function LeadActionModal({ lead, action, users, onClose, onDone, onStale }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const report = useLeadErrorReporter();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [candidates, setCandidates] = useState<Lead[]>([]);

  const search = async (text: string) => {
    if (text.trim().length < 1) return;
    try {
      const page = await leadsApi.list({ q: text.trim() }, { limit: 20 });
      setCandidates(page.items.filter((l) => l.id !== lead.id));
    } catch {
      setCandidates([]);
    }
  };

  const submit = async (values: Values) => {
    setSaving(true);
    try {
      let next: Lead;
      if (action === 'release') {
        next = await leadsApi.release(lead.id, values.reason?.trim() ?? '');
        void message.success(t('leads.release.done'));
      } else if (action === 'invalid') {
        next = await leadsApi.update(lead.id, { status: 'invalid', invalid_reason: values.invalid_reason?.trim() }, lead.version);
        void message.success(t('leads.invalid.done'));
      } else if (action === 'reassign') {
        next = await leadsApi.update(lead.id, { owner_id: values.owner_id }, lead.version);
        void message.success(t('leads.reassign.done'));
      } else {
        next = await leadsApi.merge(lead.id, values.duplicate_id ?? '');
        void message.success(t('leads.merge.done'));
      }
      form.resetFields();
      onDone(next);
    } catch (caught) {
      report(caught, { form, onStale });
    } finally {
      setSaving(false);
    }
  };

  const titles: Record<LeadAction, string> = {
    release: t('leads.release.title'),
    invalid: t('leads.invalid.title'),
    reassign: t('leads.reassign.title'),
    merge: t('leads.merge.title'),
  };

  return (
    <Modal
      title={action ? titles[action] : ''}
      open={action !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={action === 'release' ? t('leads.release.action') : action === 'merge' ? t('leads.merge.action') : t('common.save')}
      okButtonProps={{ danger: action === 'invalid' || action === 'release', 'data-testid': 'lead-action-ok' }}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      destroyOnHidden
      data-testid="lead-action-modal"
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ owner_id: lead.owner_id ?? undefined }}>
        {action === 'release' && (
          <Typography.Paragraph type="secondary">{t('leads.release.explain')}</Typography.Paragraph>
        )}
        {(action === 'release' || action === 'invalid') && (
          <Form.Item
            name={action === 'invalid' ? 'invalid_reason' : 'reason'}
            label={t('leads.reason')}
            rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 5 }}
              maxLength={200}
              placeholder={action === 'invalid' ? t('leads.invalid.placeholder') : t('leads.release.placeholder')}
              data-testid="lead-reason"
            />
          </Form.Item>
        )}
        {action === 'reassign' && (
          <Form.Item
            name="owner_id"
            label={t('field.owner_id')}
            rules={[{ required: true, message: t('validation.select') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              options={users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
              data-testid="lead-reassign-owner"
            />
          </Form.Item>
        )}
        {action === 'merge' && (
          <>
            <Typography.Paragraph type="secondary">{t('leads.merge.explain', { name: lead.company_name })}</Typography.Paragraph>
            <Form.Item
              name="duplicate_id"
              label={t('leads.merge.duplicate')}
              rules={[{ required: true, message: t('validation.select') }]}
            >
              <Select
                showSearch
                filterOption={false}
                onSearch={search}
                placeholder={t('leads.merge.searchPlaceholder')}
                notFoundContent={t('leads.merge.searchHint')}
                options={candidates.map((l) => ({
                  value: l.id,
                  label: [l.company_name, l.contact_name, l.phone].filter(Boolean).join(' · '),
                }))}
                data-testid="lead-merge-pick"
              />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
