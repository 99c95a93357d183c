import { AppstoreOutlined, BarsOutlined, FundOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Grid, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType, SortOrder } from 'antd/es/table/interface';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { opportunitiesApi } from '../api/opportunities';
import type { Opportunity, Page } from '../api/types';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatMoney, formatPercent, formatPeriod } from '../lib/format';
import { useErrorReporter } from '../lib/useErrorReporter';
import { useLoader } from '../lib/useLoader';
import { listQuery, periodOptions, queryFromParams, splitSort, type OpportunityQuery } from './filters';
import { stageName, useProcess, useUserNames } from './lookups';
import './opportunities.css';
import { OpportunityBoard } from './OpportunityBoard';
import { OpportunityCreateDrawer } from './OpportunityCreateDrawer';

const PAGE_SIZE = 50;

function OpportunityList({ query, nameOf, onSort }: { query: OpportunityQuery; nameOf: (id?: string | null) => string; onSort: (sort: string | undefined) => void }) {
  const { t, language } = useI18n();
  const report = useErrorReporter();
  const { stages } = useProcess();
  const queryKey = JSON.stringify(query);
  const load = useCallback(() => opportunitiesApi.list(listQuery(JSON.parse(queryKey) as OpportunityQuery), { limit: PAGE_SIZE }), [queryKey]);
  const first = useLoader(load);
  const [more, setMore] = useState<{ key: string; page: Page<Opportunity> } | null>(null);
  const extra = more?.key === queryKey ? more.page : null;
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const cursor = extra ? extra.next_cursor : (first.data?.next_cursor ?? null);

  const loadMore = async () => {
    if (!cursor) return;
    try {
      const page = await opportunitiesApi.list(listQuery(query), { limit: PAGE_SIZE, cursor });
      setMore({ key: queryKey, page: { items: [...(extra?.items ?? []), ...page.items], next_cursor: page.next_cursor } });
    } catch (caught) {
      report(caught);
    }
  };

  const stageLabel = (id?: string) => {
    const stage = stages.find((s) => s.id === id);
    return stage ? stageName(stage, language) : t('common.none');
  };

  const sort = splitSort(query.sort);
  // A sortable column shows the list's order; clicking one starts it in `first` direction.
  const sortable = (field: string, first: 'ascend' | 'descend') => ({
    key: field,
    sorter: true,
    sortOrder: (sort.field === field ? (sort.descending ? 'descend' : 'ascend') : null) as SortOrder,
    sortDirections: (first === 'ascend' ? ['ascend', 'descend', 'ascend'] : ['descend', 'ascend', 'descend']) as SortOrder[],
  });

  const columns: ColumnsType<Opportunity> = [
    { title: t('opps.field.name'), dataIndex: 'name', ...sortable('name', 'ascend'), render: (_, o) => <Link to={`/opportunities/${o.id}`} data-testid="opp-row-link">{o.name}</Link> },
    {
      title: t('opps.field.stage'),
      width: 150,
      render: (_, o) => {
        const stage = stages.find((s) => s.id === o.stage?.id);
        return <Tag color={stage?.is_won ? 'green' : stage?.is_lost ? 'default' : 'blue'}>{stageLabel(o.stage?.id)}</Tag>;
      },
    },
    { title: t('opps.field.amount'), width: 150, align: 'right', ...sortable('amount', 'descend'), render: (_, o) => formatMoney(o.amount, language) },
    { title: t('opps.field.win_rate'), width: 90, align: 'right', render: (_, o) => (o.stage ? formatPercent(o.stage.win_rate) : t('common.none')) },
    { title: t('opps.field.expected_close_date'), width: 130, render: (_, o) => (o.expected_close_date ? formatDate(o.expected_close_date, language) : t('common.none')) },
    { title: t('opps.field.owner'), width: 130, render: (_, o) => nameOf(o.owner_id) },
  ];

  if (first.error && !first.data) return <LoadError error={first.error} onRetry={first.reload} />;
  return (
    <>
      <Table
        rowKey="id"
        size="middle"
        data-testid="opp-table"
        loading={first.loading}
        columns={columns}
        dataSource={items}
        pagination={false}
        scroll={{ x: 760 }}
        onChange={(_pagination, _filters, sorter) => {
          const { columnKey, order } = Array.isArray(sorter) ? (sorter[0] ?? {}) : sorter;
          // No order (a cleared column) means the default: newest first.
          onSort(order ? `${order === 'descend' ? '-' : ''}${String(columnKey)}` : undefined);
        }}
      />
      {cursor && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void loadMore()}>{t('common.loadMore')}</Button>
        </Flex>
      )}
    </>
  );
}

/** Opportunities as a kanban board by stage (a stage-by-stage list on a phone) or as a list. */
export function OpportunitiesPage() {
  const { t, language } = useI18n();
  const phone = Grid.useBreakpoint().md === false;
  // A finger drags only after a long press: say so instead of "drag a card".
  const touch = useMemo(() => typeof window !== 'undefined' && window.matchMedia?.('(pointer: coarse)').matches === true, []);
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => queryFromParams(params), [params]);
  const view = params.get('view') === 'list' ? 'list' : 'board';
  const { stages, error, reload } = useProcess();
  const { users, nameOf } = useUserNames();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();

  const set = (key: string, value: string | undefined | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  const boardQuery = useMemo(() => {
    const rest = { ...query };
    delete rest.stage_id;
    return rest;
  }, [query]);

  return (
    <div className="closer-page" data-testid="opportunities-page">
      <PageHeader
        title={t('opps.title')}
        subtitle={t(view === 'list' ? 'opps.subtitleList' : phone ? 'opps.subtitlePhone' : touch ? 'opps.subtitleTouch' : 'opps.subtitle')}
        extra={
          <Space wrap>
            <Segmented
              value={view}
              onChange={(value) => set('view', value === 'list' ? 'list' : null)}
              options={[
                { value: 'board', icon: <AppstoreOutlined />, label: <span data-testid="opp-view-board">{t('opps.view.board')}</span> },
                { value: 'list', icon: <BarsOutlined />, label: <span data-testid="opp-view-list">{t('opps.view.list')}</span> },
              ]}
            />
            <Link to="/opportunities/forecast">
              <Button icon={<FundOutlined />}>{t('opps.forecast.title')}</Button>
            </Link>
            {can('opportunities.write') && (
              <Button icon={<UploadOutlined />} onClick={() => navigate('/opportunities/import')} data-testid="opp-import">
                {t('opps.import.action')}
              </Button>
            )}
            {can('opportunities.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="opp-new">
                {t('opps.new')}
              </Button>
            )}
          </Space>
        }
      />
      <Flex gap={8} wrap className="closer-opp-filters">
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('opps.field.owner')}
          style={{ minWidth: 160 }}
          value={query.owner_id}
          onChange={(v?: string) => set('owner_id', v)}
          options={users.map((u) => ({ value: u.id, label: u.name }))}
          data-testid="opp-filter-owner"
        />
        <Select
          allowClear
          placeholder={t('opps.forecast.period')}
          style={{ minWidth: 120 }}
          value={query.period}
          onChange={(v?: string) => set('period', v)}
          // A period from elsewhere (a month of the home's trend) is offered too, so it reads as a name.
          options={[...new Set([...periodOptions(), ...(query.period ? [query.period] : [])])].map((p) => ({ value: p, label: formatPeriod(p, language) }))}
          popupMatchSelectWidth={false}
          data-testid="opp-filter-period"
        />
        {view === 'list' && (
          <Select
            allowClear
            placeholder={t('opps.field.stage')}
            style={{ minWidth: 140 }}
            value={query.stage_id}
            onChange={(v?: string) => set('stage_id', v)}
            options={stages.map((s) => ({ value: s.id, label: stageName(s, language) }))}
          />
        )}
        <Checkbox
          checked={query.on_my_team === 'true'}
          onChange={(e) => set('on_my_team', e.target.checked ? 'true' : null)}
          data-testid="opp-filter-on-my-team"
        >
          {t('opps.filter.onMyTeam')}
        </Checkbox>
        {query.open === 'true' && (
          <Tag closable onClose={() => set('open', null)} data-testid="opp-filter-open">
            {t('opps.filter.openOnly')}
          </Tag>
        )}
        {query.department_id && (
          <Tag closable onClose={() => set('department_id', null)}>
            {t('opps.filter.department')}
          </Tag>
        )}
      </Flex>
      {error && stages.length === 0 ? (
        <LoadError error={error} onRetry={reload} />
      ) : view === 'list' ? (
        <OpportunityList query={query} nameOf={nameOf} onSort={(sort) => set('sort', sort)} />
      ) : (
        <>
          {!phone && !touch && (
            <Typography.Paragraph type="secondary" data-testid="opp-drag-hint">
              {t('opps.board.hint')}
            </Typography.Paragraph>
          )}
          <OpportunityBoard stages={stages} query={boardQuery} nameOf={nameOf} phone={phone} />
        </>
      )}
      <OpportunityCreateDrawer open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
