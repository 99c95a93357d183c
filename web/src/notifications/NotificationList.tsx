import { CheckOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Flex, List, Segmented, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import type { Notification, Page } from '../api/types';
import { LoadError } from '../components/LoadError';
import { useI18n } from '../i18n/useI18n';
import { formatDateTime } from '../lib/format';
import { useErrorReporter } from '../lib/useErrorReporter';
import { useLoader } from '../lib/useLoader';
import { useUnread } from './unread';

type Filter = 'unread' | 'all';

/** The inbox: unread or all notifications, with mark read and mark all read. */
export function NotificationList({ onNavigate }: { onNavigate?: () => void }) {
  const { t, tx, language } = useI18n();
  const navigate = useNavigate();
  const report = useErrorReporter();
  const unread = useUnread();
  const [filter, setFilter] = useState<Filter>('unread');
  // Pages after the first, for the filter they were read with.
  const [more, setMore] = useState<{ filter: Filter; page: Page<Notification> } | null>(null);

  const load = useCallback(() => api.notifications(filter === 'unread', { limit: 50 }), [filter]);
  const { data, error, loading, reload } = useLoader(load);

  const extra = more?.filter === filter ? more.page : null;
  const items = [...(data?.items ?? []), ...(extra?.items ?? [])];
  const cursor = extra ? extra.next_cursor : (data?.next_cursor ?? null);

  const refreshAll = () => {
    setMore(null);
    reload();
    unread.refresh();
  };

  const markRead = async (item: Notification) => {
    try {
      await api.markRead(item.id);
      refreshAll();
    } catch (caught) {
      report(caught);
    }
  };

  const markAll = async () => {
    try {
      await api.markAllRead();
      refreshAll();
    } catch (caught) {
      report(caught);
    }
  };

  const loadMore = async () => {
    if (!cursor) return;
    try {
      const page = await api.notifications(filter === 'unread', { limit: 50, cursor });
      setMore({ filter, page: { items: [...(extra?.items ?? []), ...page.items], next_cursor: page.next_cursor } });
    } catch (caught) {
      report(caught);
    }
  };

  const open = (item: Notification) => {
    if (!item.link) return;
    if (!item.read_at) void markRead(item);
    if (item.link.startsWith('/')) {
      navigate(item.link);
      onNavigate?.();
    } else {
      window.open(item.link, '_blank', 'noopener');
    }
  };

  return (
    <div data-testid="notification-list">
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <Segmented<Filter>
          value={filter}
          onChange={(value) => {
            setMore(null);
            setFilter(value);
          }}
          options={[
            { value: 'unread', label: t('notif.unread') },
            { value: 'all', label: t('notif.all') },
          ]}
        />
        <Button icon={<CheckOutlined />} onClick={markAll} disabled={unread.count === 0} data-testid="notif-mark-all">
          {t('notif.markAllRead')}
        </Button>
      </Flex>
      {error ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <List<Notification>
          loading={loading}
          dataSource={items}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={filter === 'unread' ? t('notif.emptyUnread') : t('notif.empty')}
              />
            ),
          }}
          loadMore={
            cursor ? (
              <Flex justify="center" style={{ marginTop: 12 }}>
                <Button onClick={loadMore}>{t('common.loadMore')}</Button>
              </Flex>
            ) : null
          }
          renderItem={(item) => (
            <List.Item data-testid="notification-item">
              <List.Item.Meta
                avatar={<Badge status={item.read_at ? 'default' : 'processing'} />}
                title={
                  <>
                    {tx(`notif.kind.${item.kind}`, '') && (
                      <Tag bordered={false} color="blue" data-testid="notification-kind" data-kind={item.kind}>
                        {tx(`notif.kind.${item.kind}`, '')}
                      </Tag>
                    )}
                    <Typography.Text strong={!item.read_at}>{item.title}</Typography.Text>
                  </>
                }
                description={
                  <>
                    {item.body && <div className="closer-notif__body">{item.body}</div>}
                    <Flex align="center" gap={4} wrap>
                      <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineEnd: 8 }}>
                        {formatDateTime(item.created_at, language)}
                      </Typography.Text>
                      {item.link && (
                        <Button type="link" size="small" onClick={() => open(item)}>
                          {t('notif.open')}
                        </Button>
                      )}
                      {!item.read_at && (
                        <Button type="link" size="small" onClick={() => markRead(item)} data-testid="notif-mark-read">
                          {t('notif.markRead')}
                        </Button>
                      )}
                    </Flex>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
