import { DeleteOutlined, EditOutlined, HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, List, Modal, Popconfirm, Spin, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { webhooksApi } from '../api/webhooks';
import type { Webhook } from '../api/types';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { formatDate } from '../lib/format';
import { useErrorReporter } from '../lib/useErrorReporter';
import { useLoader } from '../lib/useLoader';
import { DeliveriesDrawer } from './DeliveriesDrawer';
import { WebhookDrawer } from './WebhookDrawer';
import './webhooks.css';

/**
 * Outgoing webhooks (administrators): the receivers and the events they want, each one's
 * deliveries with the answers, a test delivery; a new receiver's signing secret shown once.
 */
export function WebhooksPage() {
  const { t, tx, language } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const hooks = useLoader(useCallback(() => webhooksApi.list(), []));
  const events = useLoader(useCallback(() => webhooksApi.events().catch(() => [] as string[]), []));
  const [editing, setEditing] = useState<{ webhook: Webhook | null } | null>(null);
  const [watching, setWatching] = useState<Webhook | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  if (hooks.error && !hooks.data) return <LoadError error={hooks.error} onRetry={hooks.reload} />;
  if (!hooks.data) return <Spin />;

  const remove = async (webhook: Webhook) => {
    try {
      await webhooksApi.remove(webhook.id);
      void message.success(t('webhooks.removed'));
      hooks.reload();
    } catch (caught) {
      report(caught);
    }
  };

  return (
    <div className="closer-page" data-testid="webhooks-page">
      <PageHeader
        title={t('webhooks.title')}
        subtitle={t('webhooks.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ webhook: null })} data-testid="webhook-new">
            {t('webhooks.new')}
          </Button>
        }
      />
      <List<Webhook>
        dataSource={hooks.data}
        locale={{ emptyText: <Empty description={t('webhooks.empty')} /> }}
        renderItem={(hook) => (
          <Card size="small" style={{ marginBottom: 12 }} data-testid="webhook-card">
            <Flex vertical gap={6}>
              <Flex justify="space-between" align="flex-start" gap={8} wrap>
                <Typography.Text strong className="closer-webhook-url" data-testid="webhook-card-url">
                  {hook.url}
                </Typography.Text>
                {hook.active ? <Tag color="success">{t('webhooks.on')}</Tag> : <Tag>{t('webhooks.off')}</Tag>}
              </Flex>
              {hook.description && <Typography.Text>{hook.description}</Typography.Text>}
              <Flex gap={4} wrap>
                {hook.events.map((event) => (
                  <Tag key={event} bordered={false}>
                    {tx(`webhooks.event.${event}`, event)}
                  </Tag>
                ))}
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('webhooks.createdOn', { date: formatDate(hook.created_at, language) })} · {t('webhooks.secretShort', { secret: hook.secret })}
              </Typography.Text>
              <Flex gap={8} wrap>
                <Button icon={<HistoryOutlined />} onClick={() => setWatching(hook)} data-testid="webhook-deliveries">
                  {t('webhooks.deliveries.open')}
                </Button>
                <Button icon={<EditOutlined />} onClick={() => setEditing({ webhook: hook })}>
                  {t('common.edit')}
                </Button>
                <Popconfirm title={t('webhooks.removeConfirm')} okText={t('webhooks.remove')} okButtonProps={{ danger: true }} onConfirm={() => void remove(hook)}>
                  <Button danger icon={<DeleteOutlined />}>
                    {t('webhooks.remove')}
                  </Button>
                </Popconfirm>
              </Flex>
            </Flex>
          </Card>
        )}
      />
      {editing && (
        <WebhookDrawer
          webhook={editing.webhook}
          events={events.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            if (created) setSecret(saved.secret);
            hooks.reload();
          }}
          onStale={hooks.reload}
        />
      )}
      {watching && <DeliveriesDrawer webhook={watching} onClose={() => setWatching(null)} />}
      <Modal
        open={secret !== null}
        title={t('webhooks.secret.title')}
        onOk={() => setSecret(null)}
        onCancel={() => setSecret(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
        okText={t('webhooks.secret.done')}
        data-testid="webhook-secret"
      >
        <Alert type="warning" showIcon message={t('webhooks.secret.once')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: secret ?? '' }} code className="closer-webhook-secret" data-testid="webhook-secret-value">
          {secret}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('webhooks.secret.how')}</Typography.Paragraph>
      </Modal>
    </div>
  );
}
