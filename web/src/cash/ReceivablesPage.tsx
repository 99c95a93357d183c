import { Button, Card, Empty, Flex, Grid, List, Segmented, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useCallback, useMemo, useState, type HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { cashApi } from '../api/cash';
import type { Receivable } from '../api/types';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatMoney } from '../lib/format';
import { useErrorReporter } from '../lib/useErrorReporter';
import { useLoader } from '../lib/useLoader';
import './cash.css';
import { ReceivableStatusTag } from './labels';
import { filtersFromParams, paramsFromFilters, receivablesQuery, type ReceivableFilters } from './query';

const PAGE_SIZE = 100;

type Page = { items: Receivable[]; next_cursor?: string | null };

/**
 * Installments still owed (or all of them), earliest due first: the aging report's
 * drill-through, the finance home's figures, and a rep's "who owes me what" on a phone.
 */
export function ReceivablesPage() {
  const { t, tx, language } = useI18n();
  const { user } = useSession();
  const report = useErrorReporter();
  const phone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  // Owing unless the address asks for every installment.
  const all = params.get('status') === 'all';
  const filters: ReceivableFilters = useMemo(() => ({ ...filtersFromParams(params), status: all ? undefined : 'owing' }), [params, all]);
  const key = JSON.stringify(filters);
  const first = useLoader(useCallback(() => cashApi.receivables(receivablesQuery(JSON.parse(key) as ReceivableFilters), { limit: PAGE_SIZE }), [key]));
  const [more, setMore] = useState<{ key: string; page: Page } | null>(null);
  const extra = more?.key === key ? more.page : null;
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const cursor = extra ? extra.next_cursor : (first.data?.next_cursor ?? null);

  const apply = (next: ReceivableFilters, showAll = all) => {
    const p = paramsFromFilters({ ...next, status: undefined });
    if (showAll) p.set('status', 'all');
    setParams(p);
  };
  const drop = (...keys: (keyof ReceivableFilters)[]) => {
    const next = { ...filters };
    for (const k of keys) delete next[k];
    apply(next);
  };

  const loadMore = async () => {
    try {
      const page = await cashApi.receivables(receivablesQuery(filters), { limit: PAGE_SIZE, cursor });
      setMore({ key, page: { items: [...(extra?.items ?? []), ...page.items], next_cursor: page.next_cursor } });
    } catch (caught) {
      report(caught);
    }
  };

  const chips = [
    filters.label && (filters.customer_id || filters.owner_id || filters.department_id) && (
      <Tag key="who" closable onClose={() => drop('customer_id', 'owner_id', 'department_id', 'label')} data-testid="receivables-filter-who">
        {filters.label}
      </Tag>
    ),
    !filters.label && filters.customer_id && (
      <Tag key="customer" closable onClose={() => drop('customer_id')}>
        {t('cash.filter.customer')}
      </Tag>
    ),
    filters.contract_id && (
      <Tag key="contract" closable onClose={() => drop('contract_id')}>
        {t('cash.filter.contract')}
      </Tag>
    ),
    filters.bucket && (
      <Tag key="bucket" color="orange" closable onClose={() => drop('bucket', 'as_of')} data-testid="receivables-filter-bucket">
        {tx(`cash.bucket.${filters.bucket}`, filters.bucket)}
        {filters.as_of && ` · ${t('cash.aging.asOfShort', { date: formatDate(filters.as_of, language) })}`}
      </Tag>
    ),
    filters.due_to && (
      <Tag key="due" closable onClose={() => drop('due_to')}>
        {t('cash.filter.dueTo', { date: formatDate(filters.due_to, language) })}
      </Tag>
    ),
  ].filter(Boolean);

  const columns: ColumnsType<Receivable> = [
    {
      title: t('cash.field.due_on'),
      width: 130,
      render: (_, r) => (
        <Flex vertical gap={2} align="flex-start">
          {formatDate(r.due_on, language)}
          <ReceivableStatusTag status={r.status} daysOverdue={r.days_overdue} owed={r.owed} />
        </Flex>
      ),
    },
    { title: t('cash.field.customer'), render: (_, r) => <Link to={`/customers/${r.customer_id}`}>{r.customer_name ?? t('cash.openCustomer')}</Link> },
    {
      title: t('cash.field.contract'),
      width: 170,
      render: (_, r) => (
        <Link to={`/contracts/${r.contract_id}?tab=cash`}>
          {r.contract_number ?? t('cash.openContract')} · {t('cash.receivable.n', { n: r.position + 1 })}
        </Link>
      ),
    },
    { title: t('cash.field.amount'), align: 'right', width: 150, render: (_, r) => <span className="closer-num">{formatMoney(r.amount, language)}</span> },
    { title: t('cash.field.paid'), align: 'right', width: 150, render: (_, r) => <span className="closer-num">{formatMoney(r.paid, language)}</span> },
    {
      title: t('cash.field.outstanding'),
      align: 'right',
      width: 160,
      render: (_, r) => (
        <Typography.Text strong className="closer-num" data-testid="receivable-outstanding">
          {formatMoney(r.outstanding, language)}
        </Typography.Text>
      ),
    },
  ];

  const cards = (
    <List<Receivable>
      dataSource={items}
      loading={first.loading}
      locale={{ emptyText: <Empty description={all ? t('cash.receivables.none') : t('cash.receivables.noneOwing')} /> }}
      renderItem={(r) => (
        <div className="closer-receivable-card" style={{ marginBottom: 8 }} data-testid="receivable-row" data-status={r.status}>
          <Flex justify="space-between" align="flex-start" gap={8}>
            <Link to={`/customers/${r.customer_id}`} className="closer-receivable-card__who">
              {r.customer_name ?? t('cash.openCustomer')}
            </Link>
            <Typography.Text strong className="closer-num" data-testid="receivable-outstanding">
              {formatMoney(r.outstanding, language)}
            </Typography.Text>
          </Flex>
          <Flex justify="space-between" align="center" gap={8} wrap className="closer-cash-meta">
            <span>
              {t('cash.receivables.due', { date: formatDate(r.due_on, language) })} <ReceivableStatusTag status={r.status} daysOverdue={r.days_overdue} owed={r.owed} />
            </span>
            <Typography.Text type="secondary">{t('cash.receivables.ofAmount', { amount: formatMoney(r.amount, language) })}</Typography.Text>
          </Flex>
          <Typography.Text type="secondary" className="closer-cash-meta">
            <Link to={`/contracts/${r.contract_id}?tab=cash`}>
              {r.contract_number ?? t('cash.openContract')} · {t('cash.receivable.n', { n: r.position + 1 })}
            </Link>
          </Typography.Text>
        </div>
      )}
    />
  );

  if (first.error && !first.data) return <LoadError error={first.error} onRetry={first.reload} />;
  return (
    <div className="closer-page" data-testid="receivables-page">
      <PageHeader title={t('cash.receivables.title')} subtitle={user.data_scope === 'own' ? t('cash.receivables.mine') : t('cash.receivables.subtitle')} />
      <Card className="closer-page-card">
        <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
          <Segmented
            value={all ? 'all' : 'owing'}
            onChange={(v) => apply({ ...filters }, v === 'all')}
            options={[
              { value: 'owing', label: <span data-testid="receivables-owing">{t('cash.receivables.owing')}</span> },
              { value: 'all', label: <span data-testid="receivables-all">{t('cash.receivables.all')}</span> },
            ]}
          />
          {chips}
        </Flex>
        {phone ? (
          cards
        ) : (
          <Table<Receivable>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={items}
            loading={first.loading}
            pagination={false}
            scroll={{ x: 900 }}
            onRow={(r) => ({ 'data-testid': 'receivable-row', 'data-status': r.status }) as HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <Empty description={all ? t('cash.receivables.none') : t('cash.receivables.noneOwing')} /> }}
            data-testid="receivables-table"
          />
        )}
        {cursor && (
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Button onClick={() => void loadMore()} data-testid="receivables-more">
              {t('common.loadMore')}
            </Button>
          </Flex>
        )}
      </Card>
    </div>
  );
}
