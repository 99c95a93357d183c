import { ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Collapse, Drawer, Empty, Flex, Grid, List, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { webhooksApi } from '../api/webhooks';
import type { Webhook, WebhookDelivery } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatDateTime } from '../lib/format';
import { useErrorReporter } from '../lib/useErrorReporter';
import { useLoader } from '../lib/useLoader';
import { answeredOk } from './webhookForm';

const STATUS_COLOR: Record<string, string> = { pending: 'processing', retrying: 'warning', delivered: 'success', failed: 'error' };
/** While a delivery is on its way, the list looks again this often. */
const POLL_MS = 3_000;

/** What was sent to a webhook and how its receiver answered, newest first; a test delivery on demand. */
export function DeliveriesDrawer({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const { t, tx, language } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const phone = Grid.useBreakpoint().sm === false;
  const deliveries = useLoader(useCallback(() => webhooksApi.deliveries(webhook.id), [webhook.id]));
  const [sending, setSending] = useState(false);
  const waiting = (deliveries.data ?? []).some((d) => d.status === 'pending' || d.status === 'retrying');
  const { reload } = deliveries;

  useEffect(() => {
    if (!waiting) return undefined;
    const timer = window.setTimeout(reload, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [waiting, reload, deliveries.data]);

  const sendTest = async () => {
    setSending(true);
    try {
      const delivery = await webhooksApi.sendTest(webhook.id);
      deliveries.setData((previous) => [delivery, ...(previous ?? [])]);
      void message.success(t('webhooks.test.sent'));
    } catch (caught) {
      report(caught);
    } finally {
      setSending(false);
    }
  };

  const item = (d: WebhookDelivery) => (
    <List.Item data-testid="delivery-row" data-status={d.status}>
      <Flex vertical gap={4} style={{ width: '100%', minWidth: 0 }}>
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Space size={6} wrap>
            <Tag color={STATUS_COLOR[d.status] ?? 'default'} data-testid="delivery-status">
              {tx(`webhooks.delivery.status.${d.status}`, d.status)}
            </Tag>
            <Typography.Text code>{d.event}</Typography.Text>
          </Space>
          {d.response_status !== null && d.response_status !== undefined && (
            <Tag color={answeredOk(d.response_status) ? 'green' : 'red'} data-testid="delivery-response-status">
              HTTP {d.response_status}
            </Tag>
          )}
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(d.created_at, language)} · {t('webhooks.delivery.attempts', { count: d.attempts })}
          {d.delivered_at && ` · ${t('webhooks.delivery.deliveredAt', { at: formatDateTime(d.delivered_at, language) })}`}
        </Typography.Text>
        {d.last_error && <Typography.Text type="danger">{d.last_error}</Typography.Text>}
        <Collapse
          size="small"
          ghost
          items={[
            ...(d.response_body ? [{ key: 'response', label: t('webhooks.delivery.response'), children: <pre className="closer-webhook-pre">{d.response_body}</pre> }] : []),
            { key: 'payload', label: t('webhooks.delivery.payload'), children: <pre className="closer-webhook-pre">{d.payload}</pre> },
          ]}
        />
      </Flex>
    </List.Item>
  );

  return (
    <Drawer
      open
      onClose={onClose}
      title={t('webhooks.deliveries.title')}
      width={phone ? '100%' : 640}
      data-testid="deliveries-drawer"
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={deliveries.reload} aria-label={t('common.reload')} />
          <Button type="primary" icon={<SendOutlined />} loading={sending} onClick={() => void sendTest()} data-testid="webhook-test">
            {t('webhooks.test.action')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" className="closer-webhook-url">
        {webhook.url}
      </Typography.Paragraph>
      <List<WebhookDelivery>
        loading={deliveries.loading && !deliveries.data}
        dataSource={deliveries.data ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('webhooks.deliveries.none')} /> }}
        renderItem={item}
        data-testid="deliveries-list"
      />
    </Drawer>
  );
}
