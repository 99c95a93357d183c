import { FilterOutlined, PlusOutlined, SettingOutlined, SwapOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Drawer, Empty, Flex, FloatButton, Grid, Input, List, Space, Table, Typography } from 'antd';
import type { ColumnsType, SortOrder } from 'antd/es/table/interface';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { customersApi } from '../api/customers';
import type { Customer, Page } from '../api/types';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { SavedViews } from '../components/SavedViews';
import { useI18n } from '../i18n/useI18n';
import { formatDate, relativeTime } from '../lib/format';
import { useErrorReporter } from '../lib/useErrorReporter';
import { useLoader } from '../lib/useLoader';
import { CustomerCreateDrawer } from './CustomerCreateDrawer';
import { CustomerFilters } from './CustomerFilters';
import './customers.css';
import { GradeTag, ScoreBar, useCustomerLabels, useUsers } from './labels';
import { filterCount, joinSort, normalizeQuery, paramsFromQuery, queryFromParams, splitSort, type SortField, type CustomerQuery } from './query';
import { TransferDialog } from './TransferDialog';

const PAGE_SIZE = 50;

export function CustomersPage() {
  const { t, language } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const report = useErrorReporter();
  const phone = Grid.useBreakpoint().md === false;
  const users = useUsers();
  const labels = useCustomerLabels();

  const [params, setParams] = useSearchParams();
  const query = useMemo(() => queryFromParams(params), [params]);
  const queryKey = JSON.stringify(query);
  const [search, setSearch] = useState<{ key: string; text: string }>({ key: queryKey, text: query.q ?? '' });
  const searchText = search.key === queryKey ? search.text : (query.q ?? '');

  const apply = useCallback((next: CustomerQuery) => setParams(paramsFromQuery(next)), [setParams]);
  const change = (patch: Partial<CustomerQuery>) => apply({ ...query, ...patch });

  const loadFirst = useCallback(
    () => customersApi.list(JSON.parse(queryKey) as CustomerQuery, { limit: PAGE_SIZE }),
    [queryKey],
  );
  const first = useLoader(loadFirst);
  const loadCount = useCallback(
    () => customersApi.count(JSON.parse(queryKey) as CustomerQuery).then((r) => r.count).catch(() => null),
    [queryKey],
  );
  const count = useLoader(loadCount);
  const [more, setMore] = useState<{ key: string; page: Page<Customer> } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [creating, setCreating] = useState(false);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const [selection, setSelection] = useState<{ key: string; rows: Customer[] }>({ key: queryKey, rows: [] });
  const selected = selection.key === queryKey ? selection.rows : [];

  const extra = more?.key === queryKey ? more.page : null;
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const cursor = extra ? extra.next_cursor : (first.data?.next_cursor ?? null);

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await customersApi.list(query, { limit: PAGE_SIZE, cursor });
      setMore({ key: queryKey, page: { items: [...(extra?.items ?? []), ...page.items], next_cursor: page.next_cursor } });
    } catch (caught) {
      report(caught);
    } finally {
      setLoadingMore(false);
    }
  };

  const reload = () => {
    setMore(null);
    setSelection({ key: queryKey, rows: [] });
    first.reload();
    count.reload();
  };

  const canWrite = can('customers.write');
  const canTransfer = canWrite && can('customers.transfer');
  const canScoring = can('settings.manage');
  const filters = filterCount(query);
  const sort = splitSort(query.sort);
  const sortable = (field: SortField, firstOrder: 'ascend' | 'descend') => ({
    sorter: true,
    sortOrder: (sort.field === field ? (sort.descending ? 'descend' : 'ascend') : null) as SortOrder,
    sortDirections: (firstOrder === 'ascend' ? ['ascend', 'descend', 'ascend'] : ['descend', 'ascend', 'descend']) as SortOrder[],
  });

  const columns: ColumnsType<Customer> = [
    {
      title: t('customers.field.name'),
      dataIndex: 'name',
      width: 200,
      ...sortable('name', 'ascend'),
      render: (_, customer) => (
        <Link to={`/customers/${customer.id}`} data-testid="customer-link">
          {customer.name}
        </Link>
      ),
    },
    {
      title: t('customers.field.grade'),
      dataIndex: 'grade',
      width: 76,
      align: 'center',
      render: (grade: string | null) => <GradeTag grade={grade} />,
    },
    {
      title: t('customers.field.score'),
      dataIndex: 'score',
      width: 124,
      ...sortable('score', 'descend'),
      render: (score: number | null, customer) => <ScoreBar score={score} grade={customer.grade} />,
    },
    {
      title: t('customers.field.industrySize'),
      dataIndex: 'industry',
      width: 160,
      ellipsis: true,
      render: (industry: string | null, customer) => {
        const more = [labels.sizeTier(customer.size_tier), labels.place(customer.province, customer.city)].filter(Boolean).join(' · ');
        return (
          <div className="closer-user-cell">
            <span>{industry ?? t('common.none')}</span>
            {more && (
              <Typography.Text type="secondary" className="closer-user-cell__meta" ellipsis>
                {more}
              </Typography.Text>
            )}
          </div>
        );
      },
    },
    {
      title: t('field.owner_id'),
      dataIndex: 'owner_id',
      width: 120,
      render: (owner: string | null) => (
        <span data-testid="customer-owner-cell">{owner ? users.name(owner) || t('common.none') : t('customers.inPool')}</span>
      ),
    },
    {
      title: t('customers.field.followedUp'),
      dataIndex: 'last_activity_at',
      width: 116,
      ellipsis: true,
      render: (value: string | null) =>
        value ? (
          <span title={formatDate(value, language)}>{relativeTime(value, language)}</span>
        ) : (
          <span className="closer-muted">{t('customers.never')}</span>
        ),
    },
    {
      title: t('field.created_at'),
      dataIndex: 'created_at',
      width: 104,
      ...sortable('created_at', 'descend'),
      render: (value: string) => formatDate(value, language),
    },
  ];

  const phoneList = (
    <List<Customer>
      dataSource={items}
      loading={first.loading}
      locale={{ emptyText: <Empty description={t('customers.empty')} /> }}
      data-testid="customers-cards"
      renderItem={(customer) => (
        <Card
          size="small"
          className="closer-customer-card"
          data-testid="customer-card"
          onClick={() => navigate(`/customers/${customer.id}`)}
          hoverable
        >
          <Flex justify="space-between" align="flex-start" gap={8}>
            <Typography.Text strong className="closer-customer-card__title">
              <Link to={`/customers/${customer.id}`} onClick={(event) => event.stopPropagation()} data-testid="customer-link">
                {customer.name}
              </Link>
            </Typography.Text>
            <GradeTag grade={customer.grade} />
          </Flex>
          <div className="closer-customer-card__meta">
            {[customer.industry, labels.sizeTier(customer.size_tier), labels.place(customer.province, customer.city)]
              .filter(Boolean)
              .join(' · ')}
          </div>
          <Flex justify="space-between" align="center" gap={8} className="closer-customer-card__meta">
            <ScoreBar score={customer.score} grade={customer.grade} width={120} />
            <span className="closer-customer-card__owner">
              {customer.owner_id ? users.name(customer.owner_id) : t('customers.inPool')}
              {customer.last_activity_at && ` · ${relativeTime(customer.last_activity_at, language)}`}
            </span>
          </Flex>
        </Card>
      )}
    />
  );

  if (first.error && !first.data) return <LoadError error={first.error} onRetry={reload} />;

  const countText = count.data === null || count.data === undefined ? '' : t('customers.count', { count: count.data });
  const views = (block?: boolean) => (
    <SavedViews resource="customers" query={query} onApply={apply} normalize={normalizeQuery} block={block} />
  );
  const transferButton = canTransfer && (
    <Button icon={<SwapOutlined />} onClick={() => setTransferring(true)} data-testid="customer-transfer">
      {selected.length > 0 ? t('transfer.actionCount', { count: selected.length }) : t('transfer.action')}
    </Button>
  );

  return (
    <div data-testid="customers-page">
      <PageHeader
        title={t('customers.title')}
        subtitle={<span data-testid="customer-count">{countText || t('customers.subtitle')}</span>}
        extra={
          phone ? (
            transferButton
          ) : (
            <Space wrap>
              {canScoring && (
                <Link to="/org/scoring-model">
                  <Button icon={<SettingOutlined />}>{t('nav.scoringModel')}</Button>
                </Link>
              )}
              {transferButton}
              {canWrite && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customer-new">
                  {t('customers.new')}
                </Button>
              )}
            </Space>
          )
        }
      />
      <Card className="closer-page-card">
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('customers.search')}
            value={searchText}
            onChange={(event) => setSearch({ key: queryKey, text: event.target.value })}
            onSearch={(value) => change({ q: value.trim() || undefined })}
            style={{ maxWidth: phone ? undefined : 260, flex: phone ? 1 : undefined }}
            enterButton={phone ? undefined : t('common.search')}
            data-testid="customer-search"
          />
          {phone ? (
            <Badge count={filters} size="small">
              <Button icon={<FilterOutlined />} onClick={() => setFiltersOpen(true)} data-testid="customer-filters-open">
                {t('customers.filter.title')}
              </Button>
            </Badge>
          ) : (
            <>
              <CustomerFilters query={query} users={users} onChange={change} />
              {views()}
            </>
          )}
        </Flex>
        {phone ? (
          phoneList
        ) : (
          <Table<Customer>
            rowKey="id"
            columns={columns}
            dataSource={items}
            loading={first.loading}
            pagination={false}
            scroll={{ x: 940 }}
            rowSelection={
              canTransfer
                ? {
                    selectedRowKeys: selected.map((c) => c.id),
                    onChange: (_keys, rows) => setSelection({ key: queryKey, rows }),
                    columnWidth: 40,
                  }
                : undefined
            }
            locale={{ emptyText: <Empty description={t('customers.empty')} /> }}
            onChange={(_pagination, _filters, sorter) => {
              const { field, order } = Array.isArray(sorter) ? (sorter[0] ?? {}) : sorter;
              change({ sort: order ? joinSort(field as SortField, order === 'descend') : undefined });
            }}
            data-testid="customers-table"
          />
        )}
        {cursor && (
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Button onClick={loadMore} loading={loadingMore} data-testid="customers-more">
              {t('common.loadMore')}
            </Button>
          </Flex>
        )}
      </Card>
      {phone && canWrite && (
        <FloatButton
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          tooltip={t('customers.new')}
          aria-label={t('customers.new')}
          data-testid="customer-new"
          className="closer-fab"
        />
      )}
      {phone && (
        <Drawer
          placement="bottom"
          open={filtersOpen}
          onClose={() => setFiltersOpen(false)}
          title={t('customers.filter.title')}
          height="auto"
          data-testid="customer-filters-drawer"
          footer={
            <Flex gap={8}>
              <Button block onClick={() => apply(query.q ? { q: query.q } : {})}>
                {t('customers.filter.clear')}
              </Button>
              <Button block type="primary" onClick={() => setFiltersOpen(false)}>
                {t('customers.filter.show')}
              </Button>
            </Flex>
          }
        >
          <Flex vertical gap={12}>
            {views(true)}
            <CustomerFilters query={query} users={users} onChange={change} stacked />
          </Flex>
        </Drawer>
      )}
      <CustomerCreateDrawer open={creating} users={users} onClose={() => setCreating(false)} onCreated={() => reload()} />
      {canTransfer && (
        <TransferDialog
          open={transferring}
          selected={selected}
          users={users}
          ownerFilter={query.owner_id}
          onClose={() => setTransferring(false)}
          onTransferred={() => reload()}
          onStale={() => reload()}
        />
      )}
    </div>
  );
}
