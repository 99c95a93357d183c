import { App, Checkbox, Flex, Form, Input, Switch, Typography } from 'antd';
import { webhooksApi } from '../api/webhooks';
import type { Webhook } from '../api/types';
import { CreateDrawer } from '../components/CreateDrawer';
import { useI18n } from '../i18n/useI18n';
import { useErrorReporter } from '../lib/useErrorReporter';
import { groupEvents, webhookBody, type WebhookValues } from './webhookForm';

/** Registers a receiver (URL and the events it wants) or changes one. */
export function WebhookDrawer({
  webhook,
  events,
  onClose,
  onSaved,
  onStale,
}: {
  webhook: Webhook | null;
  events: string[];
  onClose: () => void;
  onSaved: (webhook: Webhook, created: boolean) => void;
  onStale: () => void;
}) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<WebhookValues>();

  const save = async (values: WebhookValues) => {
    const body = webhookBody(values, webhook ?? undefined);
    const saved = webhook ? await webhooksApi.update(webhook.id, body, webhook.version) : await webhooksApi.create(body);
    if (webhook) void message.success(t('webhooks.saved'));
    onSaved(saved, !webhook);
  };

  return (
    <CreateDrawer<WebhookValues>
      title={webhook ? t('webhooks.editTitle') : t('webhooks.new')}
      width={560}
      testId="webhook-drawer"
      form={form}
      onSave={save}
      report={(error, options) => report(error, { ...options, onStale })}
      onClose={onClose}
      submitText={webhook ? t('common.save') : t('common.create')}
      submitTestId="webhook-save"
      initialValues={webhook ? { url: webhook.url, description: webhook.description ?? '', events: webhook.events, active: webhook.active } : { events: [] }}
    >
      <Form.Item
        name="url"
        label={t('webhooks.url')}
        extra={t('webhooks.urlHint')}
        rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('webhooks.url') }) }]}
      >
        <Input placeholder="https://erp.example.com/closer" maxLength={2000} data-testid="webhook-url" />
      </Form.Item>
      <Form.Item name="description" label={t('webhooks.description')}>
        <Input maxLength={200} />
      </Form.Item>
      {webhook && (
        <Form.Item name="active" label={t('webhooks.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      )}
      <Form.Item name="events" label={t('webhooks.events')} rules={[{ required: true, type: 'array', min: 1, message: t('webhooks.eventsRequired') }]}>
        <Checkbox.Group style={{ width: '100%' }}>
          <Flex vertical gap={8} style={{ width: '100%' }}>
            {groupEvents(events).map((group) => (
              <div key={group.group}>
                <Typography.Text strong>{tx(`webhooks.group.${group.group}`, group.group)}</Typography.Text>
                <Flex vertical gap={2} style={{ marginTop: 4 }}>
                  {group.events.map((event) => (
                    <Checkbox key={event} value={event} data-testid={`webhook-event-${event}`}>
                      {tx(`webhooks.event.${event}`, event)} <Typography.Text type="secondary" code>{event}</Typography.Text>
                    </Checkbox>
                  ))}
                </Flex>
              </div>
            ))}
          </Flex>
        </Checkbox.Group>
      </Form.Item>
    </CreateDrawer>
  );
}
