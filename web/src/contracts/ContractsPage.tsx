import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, FloatButton, Grid, List, Progress, Segmented, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType, SortOrder } from 'antd/es/table/interface';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { contractsApi } from '../api/contracts';
import type { Contract, Page } from '../api/types';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { SavedViews } from '../components/SavedViews';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatMoney } from '../lib/format';
import { toFen } from '../lib/money';
import { useErrorReporter } from '../lib/useErrorReporter';
import { useLoader } from '../lib/useLoader';
import { useUserNames } from '../opportunities/lookups';
import { ContractCreateDrawer } from './ContractCreateDrawer';
import './contracts.css';
import { ContractStatusTag } from './labels';
import { CONTRACT_STATUSES } from './lifecycle';
import { joinSort, listQuery, normalizeQuery, paramsFromQuery, queryFromParams, splitSort, type ContractQuery, type SortField } from './query';

const PAGE_SIZE = 50;

/** Delivered as a whole percentage of the amount, for the bar only. */
function deliveredShare(contract: Contract): number {
  const total = toFen(contract.amount.amount);
  return total > 0n ? Number((toFen(contract.delivered.amount) * 100n) / total) : 0;
}

/** The contracts the user may see, newest first, narrowed by status (and customer or deal when linked to). */
export function ContractsPage() {
  const { t, tx, language } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const report = useErrorReporter();
  const phone = Grid.useBreakpoint().md === false;
  const { nameOf } = useUserNames();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => queryFromParams(params), [params]);
  const queryKey = JSON.stringify(query);
  const apply = useCallback((next: ContractQuery) => setParams(paramsFromQuery(next)), [setParams]);
  const first = useLoader(useCallback(() => contractsApi.list(listQuery(JSON.parse(queryKey) as ContractQuery), { limit: PAGE_SIZE }), [queryKey]));
  const [more, setMore] = useState<{ key: string; page: Page<Contract> } | null>(null);
  const [creating, setCreating] = useState(false);
  const extra = more?.key === queryKey ? more.page : null;
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const cursor = extra ? extra.next_cursor : (first.data?.next_cursor ?? null);
  const canWrite = can('contracts.write');

  const loadMore = async () => {
    try {
      const page = await contractsApi.list(listQuery(query), { limit: PAGE_SIZE, cursor });
      setMore({ key: queryKey, page: { items: [...(extra?.items ?? []), ...page.items], next_cursor: page.next_cursor } });
    } catch (caught) {
      report(caught);
    }
  };

  const statusOptions = [
    { value: '', label: t('contracts.filter.all') },
    ...CONTRACT_STATUSES.map((s) => ({ value: s, label: tx(`contracts.status.${s}`, s) })),
  ];
  const setStatus = (status: string) => apply({ ...query, status: (status || undefined) as ContractQuery['status'] });

  const sort = splitSort(query.sort);
  // A sortable column shows the list's order; clicking one starts it in `first` direction.
  const sortable = (field: SortField, first: 'ascend' | 'descend') => ({
    key: field,
    sorter: true,
    sortOrder: (sort.field === field ? (sort.descending ? 'descend' : 'ascend') : null) as SortOrder,
    sortDirections: (first === 'ascend' ? ['ascend', 'descend', 'ascend'] : ['descend', 'ascend', 'descend']) as SortOrder[],
  });

  const columns: ColumnsType<Contract> = [
    {
      title: t('contracts.field.number'),
      width: 140,
      render: (_, c) => (
        <Link to={`/contracts/${c.id}`} data-testid="contract-link">
          {c.number}
        </Link>
      ),
    },
    { title: t('contracts.field.name'), dataIndex: 'name', ...sortable('name', 'ascend') },
    { title: t('contracts.field.status'), width: 100, render: (_, c) => <ContractStatusTag status={c.status} /> },
    { title: t('contracts.field.amount'), width: 150, align: 'right', ...sortable('amount', 'descend'), render: (_, c) => formatMoney(c.amount, language) },
    {
      title: t('contracts.field.delivered'),
      width: 130,
      render: (_, c) => <Progress percent={deliveredShare(c)} size="small" format={(p) => `${p}%`} />,
    },
    { title: t('contracts.field.signed_on'), width: 110, render: (_, c) => formatDate(c.signed_on, language) || t('common.none') },
    { title: t('contracts.field.owner'), width: 130, render: (_, c) => nameOf(c.owner_id) },
  ];

  const cards = (
    <List<Contract>
      dataSource={items}
      loading={first.loading}
      locale={{ emptyText: <Empty description={t('contracts.empty')} /> }}
      data-testid="contracts-cards"
      renderItem={(c) => (
        <Card size="small" hoverable className="closer-contract-card" onClick={() => navigate(`/contracts/${c.id}`)} data-testid="contract-card">
          <Flex justify="space-between" align="flex-start" gap={8}>
            <Typography.Text strong className="closer-contract-card__title">
              <Link to={`/contracts/${c.id}`} onClick={(e) => e.stopPropagation()} data-testid="contract-link">
                {c.name}
              </Link>
            </Typography.Text>
            <ContractStatusTag status={c.status} />
          </Flex>
          <Flex justify="space-between" gap={8} className="closer-contract-card__meta">
            <span>{c.number} · {nameOf(c.owner_id)}</span>
            <Typography.Text strong className="closer-contract-card__amount">{formatMoney(c.amount, language)}</Typography.Text>
          </Flex>
          {c.status !== 'draft' && <Progress percent={deliveredShare(c)} size="small" format={(p) => t('contracts.deliveredShare', { percent: p ?? 0 })} />}
        </Card>
      )}
    />
  );

  if (first.error && !first.data) return <LoadError error={first.error} onRetry={first.reload} />;
  return (
    <div className="closer-page" data-testid="contracts-page">
      <PageHeader
        title={t('contracts.title')}
        subtitle={t('contracts.subtitle')}
        extra={
          canWrite &&
          !phone && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="contract-new">
              {t('contracts.create.title')}
            </Button>
          )
        }
      />
      <Card className="closer-page-card">
        <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
          {phone ? (
            <Select value={query.status ?? ''} onChange={setStatus} options={statusOptions} style={{ flex: 1 }} data-testid="contract-filter-status" />
          ) : (
            <Segmented value={query.status ?? ''} onChange={(v) => setStatus(String(v))} options={statusOptions} data-testid="contract-filter-status" />
          )}
          {query.customer_id && <Tag closable onClose={() => apply({ ...query, customer_id: undefined })}>{t('contracts.filter.customer')}</Tag>}
          {query.opportunity_id && <Tag closable onClose={() => apply({ ...query, opportunity_id: undefined })}>{t('contracts.filter.opportunity')}</Tag>}
          <SavedViews resource="contracts" query={query} onApply={apply} normalize={normalizeQuery} />
        </Flex>
        {phone ? (
          cards
        ) : (
          <Table<Contract>
            rowKey="id"
            columns={columns}
            dataSource={items}
            loading={first.loading}
            pagination={false}
            scroll={{ x: 880 }}
            locale={{ emptyText: <Empty description={t('contracts.empty')} /> }}
            onChange={(_pagination, _filters, sorter) => {
              const { columnKey, order } = Array.isArray(sorter) ? (sorter[0] ?? {}) : sorter;
              // No order (a cleared column) means the default: newest first.
              apply({ ...query, sort: order ? joinSort(columnKey as SortField, order === 'descend') : undefined });
            }}
            data-testid="contracts-table"
          />
        )}
        {cursor && (
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Button onClick={() => void loadMore()} data-testid="contracts-more">
              {t('common.loadMore')}
            </Button>
          </Flex>
        )}
      </Card>
      {phone && canWrite && (
        <FloatButton type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} tooltip={t('contracts.create.title')} className="closer-fab" data-testid="contract-new" />
      )}
      <ContractCreateDrawer open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
