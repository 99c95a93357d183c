import { CheckSquareOutlined, EnvironmentOutlined, FileTextOutlined, PhoneOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, Segmented } from 'antd';
import { useState } from 'react';
import { leadsApi } from '../api/leads';
import type { Activity, ActivityInput } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import type { ActivityKind } from '../lib/activity';
import { useLeadErrorReporter } from './problems';

interface Values {
  kind: ActivityKind;
  subject?: string;
  body?: string;
  location?: string;
  planned_for?: string;
}

/**
 * Logs a call, visit, note or task on a lead. The subject may stay empty (it defaults to
 * the kind), so on a phone it is: pick the kind, tap Save.
 */
export function ActivityComposer({ leadId, onLogged }: { leadId: string; onLogged: (activity: Activity) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const report = useLeadErrorReporter();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'call';
  const [saving, setSaving] = useState(false);

  const submit = async (values: Values) => {
    setSaving(true);
    try {
      const body: ActivityInput = {
        kind: values.kind,
        subject: values.subject?.trim() || t(`leads.activity.defaultSubject.${values.kind}`),
        lead_id: leadId,
      };
      if (values.body?.trim()) body.body = values.body.trim();
      if (values.kind === 'visit' && values.location?.trim()) body.location = values.location.trim();
      if (values.kind === 'task' && values.planned_for) {
        const planned = new Date(values.planned_for);
        if (!Number.isNaN(planned.getTime())) body.planned_for = planned.toISOString();
      }
      const activity = await leadsApi.logActivity(body);
      form.resetFields(['subject', 'body', 'location', 'planned_for']);
      void message.success(t('leads.activity.logged'));
      onLogged(activity);
    } catch (caught) {
      report(caught, { form });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'call' }} data-testid="activity-form">
      <Form.Item name="kind" style={{ marginBottom: 12 }}>
        <Segmented<ActivityKind>
          block
          options={[
            { value: 'call', icon: <PhoneOutlined />, label: <span data-testid="activity-kind-call">{t('leads.activity.kind.call')}</span> },
            { value: 'visit', icon: <EnvironmentOutlined />, label: <span data-testid="activity-kind-visit">{t('leads.activity.kind.visit')}</span> },
            { value: 'note', icon: <FileTextOutlined />, label: <span data-testid="activity-kind-note">{t('leads.activity.kind.note')}</span> },
            { value: 'task', icon: <CheckSquareOutlined />, label: <span data-testid="activity-kind-task">{t('leads.activity.kind.task')}</span> },
          ]}
        />
      </Form.Item>
      <Form.Item name="subject" style={{ marginBottom: 8 }}>
        <Input
          maxLength={200}
          placeholder={t(`leads.activity.defaultSubject.${kind}`)}
          aria-label={t('leads.activity.subject')}
          data-testid="activity-subject"
        />
      </Form.Item>
      <Form.Item name="body" style={{ marginBottom: 8 }}>
        <Input.TextArea
          autoSize={{ minRows: 1, maxRows: 6 }}
          maxLength={20000}
          placeholder={t('leads.activity.bodyPlaceholder')}
          aria-label={t('leads.activity.body')}
          data-testid="activity-body"
        />
      </Form.Item>
      {kind === 'visit' && (
        <Form.Item name="location" style={{ marginBottom: 8 }}>
          <Input
            maxLength={200}
            prefix={<EnvironmentOutlined />}
            placeholder={t('leads.activity.location')}
            aria-label={t('leads.activity.location')}
          />
        </Form.Item>
      )}
      {kind === 'task' && (
        <Form.Item name="planned_for" label={t('leads.activity.plannedLabel')} style={{ marginBottom: 8 }}>
          <Input type="datetime-local" data-testid="activity-planned" />
        </Form.Item>
      )}
      <Flex justify="flex-end">
        <Button type="primary" htmlType="submit" loading={saving} data-testid="activity-save">
          {t(`leads.activity.save.${kind}`)}
        </Button>
      </Flex>
    </Form>
  );
}
