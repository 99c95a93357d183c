import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Grid, Input, Segmented, Skeleton, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useCallback, useMemo, type HTMLAttributes } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { cashApi, type AgingGroup } from '../api/cash';
import type { AgingFigures, AgingRow } from '../api/types';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/useI18n';
import { formatAxisAmount, formatDate, formatMoney } from '../lib/format';
import { toFen } from '../lib/money';
import { useLoader } from '../lib/useLoader';
import { Chart } from '../opportunities/Chart';
import { AGING_GROUPS, agingChartOption, BUCKETS, drillPath, isAgingGroup, type Bucket } from './aging';
import './cash.css';
import { localToday } from './query';

const CHART_ROWS = 12;

/**
 * Aging (账龄): open receivables by bucket — not yet due, 1–30, 31–60, 61–90, over 90 days —
 * per customer, owner or department as of any day, as a stacked bar chart and a table whose
 * every figure opens the receivables behind it; exported to CSV or XLSX.
 */
export function AgingPage() {
  const { t, tx, language } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const group: AgingGroup = isAgingGroup(params.get('group_by')) ? (params.get('group_by') as AgingGroup) : 'customer';
  const asOf = /^\d{4}-\d{2}-\d{2}$/.test(params.get('as_of') ?? '') ? (params.get('as_of') as string) : localToday(user.tenant.time_zone);
  const aging = useLoader(useCallback(() => cashApi.aging({ as_of: asOf, group_by: group }), [asOf, group]));
  const data = aging.data;
  const labels = useMemo(() => Object.fromEntries(BUCKETS.map((b) => [b, tx(`cash.bucket.${b}`, b)])) as Record<Bucket, string>, [tx]);
  const currency = data?.total.total.currency ?? 'CNY';
  const option = useMemo(
    () =>
      data
        ? agingChartOption(data, labels, (amount) => formatMoney({ amount, currency }, language), {
            limit: CHART_ROWS,
            noName: t('cash.aging.noName'),
            compact: phone,
            axis: (value) => formatAxisAmount(value, currency, language),
          })
        : null,
    [data, labels, currency, language, t, phone],
  );

  const set = (next: { group_by?: AgingGroup; as_of?: string }) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) if (v) p.set(k, v);
    setParams(p, { replace: true });
  };

  const figure = (figures: AgingFigures | AgingRow, bucket: Bucket | 'total', row?: AgingRow) => {
    const money = figures[bucket];
    const text = formatMoney(money, language);
    if (toFen(money.amount) === 0n) return <span className="closer-aging-figure is-zero">{text}</span>;
    return (
      <Link to={drillPath(group, asOf, bucket, row)} className="closer-aging-figure" data-testid={`aging-${bucket}`}>
        {bucket === 'total' ? <strong>{text}</strong> : text}
      </Link>
    );
  };

  const columns: ColumnsType<AgingRow> = [
    {
      title: t(`cash.aging.group.${group}`),
      fixed: phone ? undefined : 'left',
      width: phone ? 130 : 200,
      render: (_, row) => <span data-testid="aging-name">{row.name || t('cash.aging.noName')}</span>,
    },
    ...BUCKETS.map((bucket) => ({
      title: labels[bucket],
      align: 'right' as const,
      width: 126,
      render: (_: unknown, row: AgingRow) => figure(row, bucket, row),
    })),
    { title: t('cash.aging.total'), align: 'right', width: 140, render: (_, row) => figure(row, 'total', row) },
  ];

  const chartHeight = Math.max(180, Math.min(CHART_ROWS, data?.rows.length ?? 0) * 34 + 60);

  return (
    <div className="closer-page" data-testid="aging-page">
      <PageHeader
        title={t('cash.aging.title')}
        subtitle={t('cash.aging.subtitle', { date: formatDate(asOf, language) })}
        extra={
          <Flex gap={8} className="closer-aging-exports">
            <Button icon={<DownloadOutlined />} href={cashApi.agingUrl({ as_of: asOf, group_by: group }, 'csv')} data-testid="aging-csv">
              CSV
            </Button>
            <Button icon={<DownloadOutlined />} href={cashApi.agingUrl({ as_of: asOf, group_by: group }, 'xlsx')} data-testid="aging-xlsx">
              XLSX
            </Button>
          </Flex>
        }
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<AgingGroup>
          value={group}
          onChange={(v) => set({ group_by: v })}
          options={AGING_GROUPS.map((g) => ({ value: g, label: <span data-testid={`aging-group-${g}`}>{t(`cash.aging.group.${g}`)}</span> }))}
        />
        <Flex gap={6} align="center">
          <Typography.Text type="secondary">{t('cash.aging.asOf')}</Typography.Text>
          <Input type="date" value={asOf} onChange={(e) => e.target.value && set({ as_of: e.target.value })} style={{ width: 160 }} data-testid="aging-as-of" />
        </Flex>
      </Flex>
      {aging.error && !data ? (
        <LoadError error={aging.error} onRetry={aging.reload} />
      ) : !data ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          <Card size="small" title={t('cash.aging.chart', { n: Math.min(CHART_ROWS, data.rows.length) })} data-testid="aging-chart">
            {data.rows.length === 0 || !option ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cash.aging.empty')} />
            ) : (
              <Chart
                option={option}
                height={chartHeight}
                label={t('cash.aging.title')}
                testId="aging-chart-canvas"
                onClick={({ dataIndex, seriesIndex }) => {
                  const row = data.rows[dataIndex];
                  const bucket = BUCKETS[seriesIndex ?? 0];
                  if (row && bucket) navigate(drillPath(group, asOf, bucket, row));
                }}
              />
            )}
          </Card>
          <Card size="small">
            <Table<AgingRow>
              rowKey={(row) => row.key || '—'}
              size="small"
              className="closer-aging-table"
              columns={columns}
              dataSource={data.rows}
              pagination={data.rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
              scroll={{ x: 960 }}
              onRow={(row) => ({ 'data-testid': 'aging-row', 'data-key': row.key }) as HTMLAttributes<HTMLElement>}
              locale={{ emptyText: <Empty description={t('cash.aging.empty')} /> }}
              data-testid="aging-table"
              summary={() =>
                data.rows.length > 0 && (
                  <Table.Summary fixed>
                    <Table.Summary.Row data-testid="aging-total-row">
                      <Table.Summary.Cell index={0}>
                        <strong>{t('cash.aging.total')}</strong>
                      </Table.Summary.Cell>
                      {BUCKETS.map((bucket, i) => (
                        <Table.Summary.Cell key={bucket} index={i + 1} align="right">
                          {figure(data.total, bucket)}
                        </Table.Summary.Cell>
                      ))}
                      <Table.Summary.Cell index={6} align="right">
                        {figure(data.total, 'total')}
                      </Table.Summary.Cell>
                    </Table.Summary.Row>
                  </Table.Summary>
                )
              }
            />
          </Card>
        </Flex>
      )}
    </div>
  );
}
