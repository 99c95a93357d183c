import {
  DownloadOutlined,
  DownOutlined,
  FilterOutlined,
  PhoneOutlined,
  PlusOutlined,
  SettingOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Badge, Button, Card, Drawer, Dropdown, Empty, Flex, FloatButton, Grid, Input, List, Space, Table, Typography } from 'antd';
import type { ColumnsType, SortOrder } from 'antd/es/table/interface';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { leadsApi } from '../api/leads';
import type { Lead, Page } from '../api/types';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { SavedViews } from '../components/SavedViews';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatPhone, formatTime } from '../lib/format';
import { useErrorReporter } from '../lib/useErrorReporter';
import { useLoader } from '../lib/useLoader';
import { LeadCreateDrawer } from './LeadCreateDrawer';
import { LeadFilters } from './LeadFilters';
import { useLeadLookups } from './lookups';
import { ProtectionUntil } from './Protection';
import { filterCount, joinSort, normalizeQuery, paramsFromQuery, queryFromParams, splitSort, type LeadExportFormat, type LeadQuery, type SortField } from './query';
import { StatusTag, useSourceLabel } from './status';

const PAGE_SIZE = 50;
const EXPORT_FORMATS: LeadExportFormat[] = ['csv', 'xlsx'];

export function LeadsPage() {
  const { t, language } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const report = useErrorReporter();
  const phone = Grid.useBreakpoint().md === false;
  const lookups = useLeadLookups();
  const sourceLabel = useSourceLabel();

  const [params, setParams] = useSearchParams();
  const query = useMemo(() => queryFromParams(params), [params]);
  const queryKey = JSON.stringify(query);
  const [search, setSearch] = useState<{ key: string; text: string }>({ key: queryKey, text: query.q ?? '' });
  const searchText = search.key === queryKey ? search.text : (query.q ?? '');

  const apply = useCallback(
    (next: LeadQuery) => setParams(paramsFromQuery(next), { replace: false }),
    [setParams],
  );
  const change = (patch: Partial<LeadQuery>) => apply({ ...query, ...patch });

  const loadFirst = useCallback(() => leadsApi.list(JSON.parse(queryKey) as LeadQuery, { limit: PAGE_SIZE }), [queryKey]);
  const first = useLoader(loadFirst);
  const loadCount = useCallback(
    () => leadsApi.count(JSON.parse(queryKey) as LeadQuery).then((r) => r.count).catch(() => null),
    [queryKey],
  );
  const count = useLoader(loadCount);
  const [more, setMore] = useState<{ key: string; page: Page<Lead> } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [creating, setCreating] = useState(false);
  const [filtersOpen, setFiltersOpen] = useState(false);

  const extra = more?.key === queryKey ? more.page : null;
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const cursor = extra ? extra.next_cursor : (first.data?.next_cursor ?? null);

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await leadsApi.list(query, { limit: PAGE_SIZE, cursor });
      setMore({ key: queryKey, page: { items: [...(extra?.items ?? []), ...page.items], next_cursor: page.next_cursor } });
    } catch (caught) {
      report(caught);
    } finally {
      setLoadingMore(false);
    }
  };

  const reload = () => {
    setMore(null);
    first.reload();
    count.reload();
  };

  const canWrite = can('leads.write');
  const canImport = can('leads.import');
  const canSettings = can('settings.manage') || can('campaigns.manage');
  const filters = filterCount(query);
  const sort = splitSort(query.sort);
  // A sortable column shows the list's order; clicking one starts it in `first` direction.
  const sortable = (field: SortField, first: 'ascend' | 'descend') => ({
    sorter: true,
    sortOrder: (sort.field === field ? (sort.descending ? 'descend' : 'ascend') : null) as SortOrder,
    sortDirections: (first === 'ascend' ? ['ascend', 'descend', 'ascend'] : ['descend', 'ascend', 'descend']) as SortOrder[],
  });
  const exportLabel = (format: LeadExportFormat) => t(format === 'csv' ? 'leads.export.csv' : 'leads.export.xlsx');

  const columns: ColumnsType<Lead> = [
    {
      title: t('field.company_name'),
      dataIndex: 'company_name',
      width: 180,
      ...sortable('company_name', 'ascend'),
      render: (_, lead) => (
        <Link to={`/leads/${lead.id}`} data-testid="lead-link">
          {lead.company_name}
        </Link>
      ),
    },
    {
      title: t('field.contact_name'),
      dataIndex: 'contact_name',
      width: 110,
      render: (_, lead) => (
        <div className="closer-user-cell">
          <span>{lead.contact_name ?? t('common.none')}</span>
          {lead.title && (
            <Typography.Text type="secondary" className="closer-user-cell__email">
              {lead.title}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('field.phone'),
      dataIndex: 'phone',
      width: 116,
      render: (value: string | null) => (value ? formatPhone(value) : t('common.none')),
    },
    { title: t('field.status'), dataIndex: 'status', width: 96, render: (status: string) => <StatusTag status={status} /> },
    { title: t('field.source'), dataIndex: 'source', width: 104, render: (source: string) => sourceLabel(source) },
    {
      title: t('field.owner_id'),
      dataIndex: 'owner_id',
      width: 130,
      render: (owner: string | null) =>
        owner ? lookups.userName(owner) || t('common.none') : <Typography.Text type="secondary">{t('leads.inPool')}</Typography.Text>,
    },
    {
      title: t('field.protected_until'),
      dataIndex: 'protected_until',
      width: 100,
      render: (until: string | null) => <ProtectionUntil until={until} />,
    },
    // In order of last change the date column shows that change (with its time, as many
    // changes fall on one day), so the order can be seen.
    sort.field === 'updated_at'
      ? {
          title: t('field.updated_at'),
          dataIndex: 'updated_at',
          width: 110,
          ...sortable('updated_at', 'descend'),
          render: (value: string) => (
            <div className="closer-user-cell">
              <span>{formatDate(value, language)}</span>
              <Typography.Text type="secondary" className="closer-user-cell__meta">
                {formatTime(value, language)}
              </Typography.Text>
            </div>
          ),
        }
      : {
          title: t('field.created_at'),
          dataIndex: 'created_at',
          width: 110,
          ...sortable('created_at', 'descend'),
          render: (value: string) => formatDate(value, language),
        },
  ];

  const phoneList = (
    <List<Lead>
      dataSource={items}
      loading={first.loading}
      locale={{ emptyText: <Empty description={t('leads.empty')} /> }}
      data-testid="leads-cards"
      renderItem={(lead) => (
        <Card
          size="small"
          className="closer-lead-card"
          data-testid="lead-card"
          onClick={() => navigate(`/leads/${lead.id}`)}
          hoverable
        >
          <Flex justify="space-between" align="flex-start" gap={8}>
            <Typography.Text strong className="closer-lead-card__title">
              <Link to={`/leads/${lead.id}`} onClick={(event) => event.stopPropagation()} data-testid="lead-link">
                {lead.company_name}
              </Link>
            </Typography.Text>
            <StatusTag status={lead.status} />
          </Flex>
          <div className="closer-lead-card__meta">
            {lead.contact_name && <span>{lead.contact_name}</span>}
            {lead.phone && (
              <a href={`tel:${lead.phone}`} onClick={(event) => event.stopPropagation()}>
                <PhoneOutlined /> {formatPhone(lead.phone)}
              </a>
            )}
          </div>
          <Flex justify="space-between" gap={8} className="closer-lead-card__meta">
            <span>{lead.owner_id ? lookups.userName(lead.owner_id) : t('leads.inPool')}</span>
            <ProtectionUntil until={lead.protected_until} icon />
          </Flex>
        </Card>
      )}
    />
  );

  if (first.error && !first.data) return <LoadError error={first.error} onRetry={reload} />;

  const countText = count.data === null || count.data === undefined ? '' : t('leads.count', { count: count.data });

  return (
    <div data-testid="leads-page">
      <PageHeader
        title={t('leads.title')}
        subtitle={<span data-testid="lead-count">{countText || t('leads.subtitle')}</span>}
        extra={
          phone ? (
            canImport && (
              <Button icon={<UploadOutlined />} onClick={() => navigate('/leads/import')} data-testid="lead-import">
                {t('leads.import.action')}
              </Button>
            )
          ) : (
            <Space wrap>
              {canSettings && (
                <Link to="/org/lead-settings">
                  <Button icon={<SettingOutlined />}>{t('nav.leadSettings')}</Button>
                </Link>
              )}
              <Dropdown
                trigger={['click']}
                menu={{
                  items: EXPORT_FORMATS.map((format) => ({
                    key: format,
                    label: (
                      <a href={leadsApi.exportUrl(query, format)} download data-testid={`lead-export-${format}`}>
                        {exportLabel(format)}
                      </a>
                    ),
                  })),
                }}
              >
                <Button icon={<DownloadOutlined />} data-testid="lead-export">
                  {t('leads.export')} <DownOutlined />
                </Button>
              </Dropdown>
              {canImport && (
                <Button icon={<UploadOutlined />} onClick={() => navigate('/leads/import')} data-testid="lead-import">
                  {t('leads.import.action')}
                </Button>
              )}
              {canWrite && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="lead-new">
                  {t('leads.new')}
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
            placeholder={t('leads.search')}
            value={searchText}
            onChange={(event) => setSearch({ key: queryKey, text: event.target.value })}
            onSearch={(value) => change({ q: value.trim() || undefined })}
            style={{ maxWidth: phone ? undefined : 280, flex: phone ? 1 : undefined }}
            enterButton={phone ? undefined : t('common.search')}
            data-testid="lead-search"
          />
          {phone ? (
            <Badge count={filters} size="small">
              <Button icon={<FilterOutlined />} onClick={() => setFiltersOpen(true)} data-testid="lead-filters-open">
                {t('leads.filter.title')}
              </Button>
            </Badge>
          ) : (
            <>
              <LeadFilters query={query} lookups={lookups} onChange={change} />
              <SavedViews resource="leads" query={query} onApply={apply} normalize={normalizeQuery} />
            </>
          )}
        </Flex>
        {phone ? (
          phoneList
        ) : (
          <Table<Lead>
            rowKey="id"
            columns={columns}
            dataSource={items}
            loading={first.loading}
            pagination={false}
            scroll={{ x: 940 }}
            locale={{ emptyText: <Empty description={t('leads.empty')} /> }}
            onChange={(_pagination, _filters, sorter) => {
              const { field, order } = Array.isArray(sorter) ? (sorter[0] ?? {}) : sorter;
              // No order (a cleared column) means the default.
              change({ sort: order ? joinSort(field as SortField, order === 'descend') : undefined });
            }}
            data-testid="leads-table"
          />
        )}
        {cursor && (
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Button onClick={loadMore} loading={loadingMore} data-testid="leads-more">
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
          tooltip={t('leads.new')}
          aria-label={t('leads.new')}
          data-testid="lead-new"
          className="closer-fab"
        />
      )}
      {phone && (
        <Drawer
          placement="bottom"
          open={filtersOpen}
          onClose={() => setFiltersOpen(false)}
          title={t('leads.filter.title')}
          height="auto"
          data-testid="lead-filters-drawer"
          footer={
            <Flex gap={8}>
              <Button block onClick={() => apply(query.q ? { q: query.q } : {})}>
                {t('leads.filter.clear')}
              </Button>
              <Button block type="primary" onClick={() => setFiltersOpen(false)}>
                {t('leads.filter.show')}
              </Button>
            </Flex>
          }
        >
          <Flex vertical gap={12}>
            <SavedViews resource="leads" query={query} onApply={apply} normalize={normalizeQuery} block />
            <LeadFilters query={query} lookups={lookups} onChange={change} stacked />
            <Flex gap={8}>
              {EXPORT_FORMATS.map((format) => (
                <Button
                  key={format}
                  icon={<DownloadOutlined />}
                  href={leadsApi.exportUrl(query, format)}
                  download
                  block
                  data-testid={`lead-export-${format}`}
                >
                  {t('leads.exportAs', { format: exportLabel(format) })}
                </Button>
              ))}
            </Flex>
          </Flex>
        </Drawer>
      )}
      <LeadCreateDrawer
        open={creating}
        lookups={lookups}
        onClose={() => setCreating(false)}
        onCreated={() => reload()}
      />
    </div>
  );
}
