import { Drawer, Empty, Grid, Skeleton, Table, Timeline, Typography } from 'antd';
import { useCallback } from 'react';
import { api, type HistoryResource } from '../api/client';
import type { HistoryChange } from '../api/types';
import { ChangedValue } from '../components/ChangedValue';
import { LoadError } from '../components/LoadError';
import { useI18n } from '../i18n/useI18n';
import { formatDateTime, formatValue } from '../lib/format';
import { useLoader } from '../lib/useLoader';

export interface HistoryTarget {
  resource: HistoryResource;
  id: string;
  name: string;
}

/** Shows a changed value, e.g. a department id as the department's name. */
export type ValueResolver = (field: string, value: unknown) => string;

function HistoryBody({ target, resolve = (_, value) => formatValue(value) }: { target: HistoryTarget; resolve?: ValueResolver }) {
  const { t, tx, language } = useI18n();
  const load = useCallback(() => api.history(target.resource, target.id), [target]);
  const { data, error, loading, reload } = useLoader(load);

  if (loading && !data) return <Skeleton active />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  const items = data?.items ?? [];
  if (items.length === 0) return <Empty description={t('history.empty')} />;

  return (
    <Timeline
      data-testid="history-list"
      items={items.map((entry, index) => ({
        key: `${entry.at}-${index}`,
        children: (
          <div className="closer-history__entry">
            <Typography.Text strong>{tx(`history.action.${entry.action}`, entry.action)}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
              {entry.actor?.name ?? t('history.system')} · {formatDateTime(entry.at, language)}
            </Typography.Text>
            {entry.changes.length > 0 && (
              <Table<HistoryChange>
                size="small"
                pagination={false}
                rowKey="field"
                style={{ marginTop: 8 }}
                scroll={{ x: 360 }}
                dataSource={entry.changes}
                columns={[
                  {
                    title: t('history.field'),
                    dataIndex: 'field',
                    width: 130,
                    render: (field: string) => tx(`field.${field}`, field),
                  },
                  {
                    title: t('history.old'),
                    dataIndex: 'old',
                    render: (_: unknown, change) => (
                      <Typography.Text delete type="secondary">
                        <ChangedValue change={change} side="old" show={resolve} />
                      </Typography.Text>
                    ),
                  },
                  {
                    title: t('history.new'),
                    dataIndex: 'new',
                    render: (_: unknown, change) => <ChangedValue change={change} side="new" show={resolve} />,
                  },
                ]}
              />
            )}
          </div>
        ),
      }))}
    />
  );
}

/** The change log of one department, user or role. */
export function HistoryDrawer({
  target,
  onClose,
  resolve,
}: {
  target: HistoryTarget | null;
  onClose: () => void;
  resolve?: ValueResolver;
}) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  return (
    <Drawer
      title={target ? t('history.titleFor', { name: target.name }) : t('history.title')}
      open={target !== null}
      onClose={onClose}
      width={screens.sm === false ? '100%' : 560}
      destroyOnHidden
      data-testid="history-drawer"
    >
      {target && <HistoryBody key={`${target.resource}/${target.id}`} target={target} resolve={resolve} />}
    </Drawer>
  );
}
