import { InboxOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Grid, Input, List, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router-dom';
import { leadsApi } from '../api/leads';
import type { Lead, Page } from '../api/types';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatPhone } from '../lib/format';
import { useLoader } from '../lib/useLoader';
import { PoolQuota } from './PoolQuota';
import { leadCodeMessage, useLeadErrorReporter } from './problems';
import { useSourceLabel } from './status';

const PAGE_SIZE = 50;

/** The public pool: masked leads anyone in the pool may claim, within the limits. */
export function LeadPoolPage() {
  const { t, language } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const report = useLeadErrorReporter();
  const phone = Grid.useBreakpoint().md === false;
  const sourceLabel = useSourceLabel();

  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const loadFirst = useCallback(() => leadsApi.pool({ q: query, limit: PAGE_SIZE }), [query]);
  const first = useLoader(loadFirst);
  const [more, setMore] = useState<{ query: string; page: Page<Lead> } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [claiming, setClaiming] = useState<string | null>(null);
  const [claimed, setClaimed] = useState<Record<string, Lead>>({});
  const [refused, setRefused] = useState<Record<string, string>>({});

  // Either may be missing (an older server, a failed call): the page works without them.
  const loadQuota = useCallback(() => leadsApi.poolQuota().catch(() => null), []);
  const quota = useLoader(loadQuota);
  const loadSettings = useCallback(() => leadsApi.settings().catch(() => null), []);
  const settings = useLoader(loadSettings).data;

  const extra = more?.query === query ? more.page : null;
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const cursor = extra ? extra.next_cursor : (first.data?.next_cursor ?? null);
  const canClaim = can('leads.write');

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await leadsApi.pool({ q: query, limit: PAGE_SIZE, cursor });
      setMore({ query, page: { items: [...(extra?.items ?? []), ...page.items], next_cursor: page.next_cursor } });
    } catch (caught) {
      report(caught);
    } finally {
      setLoadingMore(false);
    }
  };

  const claim = async (lead: Lead) => {
    setClaiming(lead.id);
    try {
      const mine = await leadsApi.claim(lead.id);
      setClaimed((previous) => ({ ...previous, [lead.id]: mine }));
      void message.success(t('pool.claimed'));
    } catch (caught) {
      const key = leadCodeMessage(caught);
      if (key) setRefused((previous) => ({ ...previous, [lead.id]: t(key) }));
      report(caught);
    } finally {
      setClaiming(null);
      // A refusal may mean the shown figures are out of date (claims from another device).
      quota.reload();
    }
  };

  const claimCell = (lead: Lead) => {
    const mine = claimed[lead.id];
    if (mine) {
      return (
        <Link to={`/leads/${lead.id}`} data-testid="pool-open">
          <Button type="link" size="small">
            {t('pool.open')}
          </Button>
        </Link>
      );
    }
    if (!canClaim) return null;
    return (
      <Button
        type="primary"
        size="small"
        icon={<InboxOutlined />}
        loading={claiming === lead.id}
        disabled={claiming !== null && claiming !== lead.id}
        onClick={(event) => {
          event.stopPropagation();
          void claim(lead);
        }}
        data-testid="pool-claim"
      >
        {t('pool.claim')}
      </Button>
    );
  };

  const shown = (lead: Lead) => claimed[lead.id] ?? lead;

  const columns: ColumnsType<Lead> = [
    {
      title: t('field.company_name'),
      dataIndex: 'company_name',
      width: 180,
      render: (_, lead) => (
        <Space size={4} direction="vertical" style={{ width: '100%', minWidth: 0 }}>
          <Typography.Text strong data-testid="pool-company">
            {lead.company_name}
          </Typography.Text>
          {refused[lead.id] && (
            <Typography.Text type="danger" className="closer-pool__refused" data-testid="pool-refused">
              {refused[lead.id]}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t('field.contact_name'), dataIndex: 'contact_name', width: 100, render: (v: string | null) => v ?? t('common.none') },
    {
      title: t('field.phone'),
      key: 'phone',
      width: 120,
      render: (_, lead) => <span data-testid="pool-phone">{formatPhone(shown(lead).phone) || t('common.none')}</span>,
    },
    { title: t('field.email'), key: 'email', width: 140, ellipsis: true, render: (_, lead) => shown(lead).email ?? t('common.none') },
    { title: t('field.source'), dataIndex: 'source', width: 100, ellipsis: true, render: (s: string) => sourceLabel(s) },
    {
      title: t('leads.region'),
      key: 'region',
      width: 100,
      render: (_, lead) => [lead.province, lead.city].filter(Boolean).join(' · ') || t('common.none'),
    },
    { title: t('field.created_at'), dataIndex: 'created_at', width: 110, render: (v: string) => formatDate(v, language) },
    { title: '', key: 'claim', width: 100, fixed: 'right', render: (_, lead) => claimCell(lead) },
  ];

  const limits = (quota.data || settings) && (
    <Flex gap={8} wrap align="center" className="closer-pool-limits" data-testid="pool-limits">
      {quota.data && <PoolQuota quota={quota.data} />}
      {settings && <Tag bordered={false}>{t('pool.cooldown', { days: settings.pool.cooldown_days })}</Tag>}
    </Flex>
  );

  if (first.error && !first.data) return <LoadError error={first.error} onRetry={first.reload} />;

  return (
    <div data-testid="pool-page">
      <PageHeader title={t('pool.title')} subtitle={t('pool.subtitle')} />
      <Card className="closer-page-card">
        <Flex gap={8} wrap justify="space-between" align="center" style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('leads.search')}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onSearch={(value) => {
              setMore(null);
              setQuery(value.trim());
            }}
            style={{ maxWidth: phone ? undefined : 320 }}
            enterButton={t('common.search')}
            data-testid="pool-search"
          />
          {limits}
        </Flex>
        {phone ? (
          <List<Lead>
            dataSource={items}
            loading={first.loading}
            locale={{ emptyText: <Empty description={t('pool.empty')} /> }}
            data-testid="pool-cards"
            renderItem={(lead) => (
              <Card size="small" className="closer-lead-card" data-testid="pool-row">
                <Flex justify="space-between" align="flex-start" gap={8}>
                  <Typography.Text strong className="closer-lead-card__title">
                    {lead.company_name}
                  </Typography.Text>
                  {claimCell(lead)}
                </Flex>
                <div className="closer-lead-card__meta">
                  {lead.contact_name && <span>{lead.contact_name}</span>}
                  {shown(lead).phone && <span data-testid="pool-phone">{formatPhone(shown(lead).phone)}</span>}
                </div>
                <div className="closer-lead-card__meta">
                  <span>{sourceLabel(lead.source)}</span>
                  {(lead.province || lead.city) && <span>{[lead.province, lead.city].filter(Boolean).join(' · ')}</span>}
                  <span>{formatDate(lead.created_at, language)}</span>
                </div>
                {refused[lead.id] && (
                  <Typography.Text type="danger" className="closer-pool__refused" data-testid="pool-refused">
                    {refused[lead.id]}
                  </Typography.Text>
                )}
              </Card>
            )}
          />
        ) : (
          <Table<Lead>
            rowKey="id"
            columns={columns}
            dataSource={items}
            loading={first.loading}
            pagination={false}
            scroll={{ x: 940 }}
            locale={{ emptyText: <Empty description={t('pool.empty')} /> }}
            onRow={() => ({ 'data-testid': 'pool-row' }) as HTMLAttributes<HTMLElement>}
            data-testid="pool-table"
          />
        )}
        {cursor && (
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Button onClick={loadMore} loading={loadingMore}>
              {t('common.loadMore')}
            </Button>
          </Flex>
        )}
      </Card>
    </div>
  );
}
