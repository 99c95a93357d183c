import { UserSwitchOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Flex, Grid, List, Segmented } from 'antd';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { approvalsApi } from '../api/approvals';
import type { Approval, Page } from '../api/types';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { useErrorReporter } from '../lib/useErrorReporter';
import { useLoader } from '../lib/useLoader';
import { useUserNames } from '../opportunities/lookups';
import { ApprovalCard } from './ApprovalCard';
import './approvals.css';
import { DelegationsDrawer } from './DelegationsDrawer';
import { usePendingApprovals } from './pending';

type Tab = 'inbox' | 'submitted';
const PAGE_SIZE = 50;

const load = (tab: Tab, cursor?: string | null) =>
  approvalsApi.list({ ...(tab === 'inbox' ? { mine: true, status: 'pending' } : { submitted: true }), limit: PAGE_SIZE, cursor: cursor ?? undefined });

/**
 * The approvals inbox: what waits for my decision, each decided in two taps; and what I
 * submitted, with where it stands and a recall while it is pending.
 */
export function ApprovalsPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const report = useErrorReporter();
  const phone = Grid.useBreakpoint().md === false;
  const pending = usePendingApprovals();
  const { nameOf } = useUserNames();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'submitted' ? 'submitted' : 'inbox';
  const loadFirst = useCallback(() => load(tab), [tab]);
  const first = useLoader(loadFirst);
  const [more, setMore] = useState<{ tab: Tab; page: Page<Approval> } | null>(null);
  const [delegating, setDelegating] = useState(false);
  const extra = more?.tab === tab ? more.page : null;
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const cursor = extra ? extra.next_cursor : (first.data?.next_cursor ?? null);

  const reload = () => {
    setMore(null);
    first.reload();
  };

  const loadMore = async () => {
    try {
      const page = await load(tab, cursor);
      setMore({ tab, page: { items: [...(extra?.items ?? []), ...page.items], next_cursor: page.next_cursor } });
    } catch (caught) {
      report(caught);
    }
  };

  return (
    <div className="closer-page" data-testid="approvals-page">
      <PageHeader
        title={t('approvals.title')}
        subtitle={t('approvals.subtitle')}
        extra={
          <Button icon={<UserSwitchOutlined />} onClick={() => setDelegating(true)} data-testid="delegations-open">
            {t('approvals.delegations.open')}
          </Button>
        }
      />
      <DelegationsDrawer open={delegating} onClose={() => setDelegating(false)} />
      <Segmented<Tab>
        block={phone}
        value={tab}
        onChange={(value) => setParams(value === 'submitted' ? { tab: 'submitted' } : {}, { replace: true })}
        options={[
          {
            value: 'inbox',
            label: (
              <span data-testid="approvals-tab-inbox">
                {t('approvals.tab.inbox')} <Badge count={pending.count} size="small" />
              </span>
            ),
          },
          { value: 'submitted', label: <span data-testid="approvals-tab-submitted">{t('approvals.tab.submitted')}</span> },
        ]}
        style={{ marginBottom: 12 }}
      />
      {first.error && !first.data ? (
        <LoadError error={first.error} onRetry={reload} />
      ) : (
        <List<Approval>
          loading={first.loading}
          dataSource={items}
          grid={{ gutter: 12, xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
          locale={{ emptyText: <Empty description={t(tab === 'inbox' ? 'approvals.empty.inbox' : 'approvals.empty.submitted')} /> }}
          data-testid={`approvals-${tab}`}
          renderItem={(approval) => (
            <List.Item>
              <ApprovalCard approval={approval} mode={tab} userId={user.id} phone={phone} nameOf={nameOf} onChanged={reload} />
            </List.Item>
          )}
        />
      )}
      {cursor && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void loadMore()}>{t('common.loadMore')}</Button>
        </Flex>
      )}
    </div>
  );
}
