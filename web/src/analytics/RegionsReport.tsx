import { Card, Empty, Flex, Progress, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useCallback, useMemo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { analyticsApi } from '../api/analytics';
import type { components } from '../api/schema';
import type { Money } from '../api/types';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { useI18n } from '../i18n/useI18n';
import { formatMoney, formatPercent } from '../lib/format';
import { useLoader } from '../lib/useLoader';
import { Chart } from '../opportunities/Chart';
import { ExportButtons } from './ExportButtons';
import { drillUrl, type ReportFilters } from './report';
import { regionsOption } from './resultCharts';

type RegionRow = components['schemas']['RegionRowDto'];

/**
 * Regions (区域): each region under the company with the plan's target and actual for the
 * period, its people's open pipeline and customers, and coverage (pipeline ÷ gap) — the part
 * of each region the caller's scope reaches.
 */
export function RegionsReport({ filters, phone }: { filters: ReportFilters; phone: boolean }) {
  const { t, language } = useI18n();
  const drillsToDeals = useSession().can('opportunities.read');
  const navigate = useNavigate();
  const queryKey = JSON.stringify(filters);
  const report = useLoader(useCallback(() => analyticsApi.regions(JSON.parse(queryKey) as ReportFilters), [queryKey]));
  const data = report.data;
  const rows = useMemo(() => data?.rows ?? [], [data]);
  // A count metric (visits, new customers) has no currency: its target is not drawn beside money.
  const money = rows.every((r) => !r.target || Boolean(r.target.currency));
  /** A figure of the plan's metric: money, or a whole count. */
  const value = useCallback((m?: Money | null) => (m ? (m.currency ? formatMoney(m, language) : Number(m.amount).toLocaleString(language)) : null), [language]);
  const currency = rows[0]?.pipeline_amount.currency ?? null;
  const option = useMemo(
    () =>
      regionsOption(
        rows.map((r) => ({
          name: r.name,
          target: money && r.target ? Number(r.target.amount) : null,
          actual: money && r.actual ? Number(r.actual.amount) : null,
          pipeline: Number(r.pipeline_amount.amount),
        })),
        { target: t('analytics.rg.target'), actual: t('analytics.rg.actual'), pipeline: t('analytics.rg.pipeline') },
        currency,
        language,
        phone,
      ),
    [rows, money, t, currency, language, phone],
  );
  const none = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const num = (text: string | null) => (text === null ? none : <span className="closer-num">{text}</span>);

  const columns: ColumnsType<RegionRow> = [
    {
      title: t('analytics.rg.region'),
      key: 'name',
      fixed: 'left',
      width: phone ? 110 : 150,
      render: (_, r) => {
        const to = drillsToDeals ? drillUrl('department', r.department_id, filters) : null;
        return to ? (
          <Link to={to} data-testid="regions-row-name">
            {r.name}
          </Link>
        ) : (
          r.name
        );
      },
    },
    { title: t('analytics.rg.target'), key: 'target', align: 'right', width: 150, render: (_, r) => num(value(r.target)) },
    { title: t('analytics.rg.actual'), key: 'actual', align: 'right', width: 150, render: (_, r) => num(value(r.actual)) },
    {
      title: t('analytics.rg.rate'),
      key: 'rate',
      width: 150,
      render: (_, r) =>
        r.rate ? (
          <Progress
            percent={Math.min(100, Number(r.rate))}
            size="small"
            format={() => formatPercent(r.rate ?? '0')}
            status={Number(r.rate) >= 100 ? 'success' : 'normal'}
            data-testid="regions-rate"
          />
        ) : (
          none
        ),
    },
    { title: t('analytics.rg.gap'), key: 'gap', align: 'right', width: 150, render: (_, r) => num(value(r.gap)) },
    {
      title: t('analytics.rg.pipeline'),
      key: 'pipeline',
      align: 'right',
      width: 150,
      render: (_, r) => (
        <Flex vertical align="end">
          <span className="closer-num">{formatMoney(r.pipeline_amount, language)}</span>
          <Typography.Text type="secondary" className="closer-num">
            {t('analytics.dealsN', { count: r.pipeline_count })}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('analytics.rg.customers'), dataIndex: 'customers', align: 'right', width: 96, render: (n: number) => <span className="closer-num">{n}</span> },
    {
      title: t('analytics.rg.coverage'),
      key: 'coverage',
      align: 'right',
      width: 100,
      render: (_, r) => num(r.coverage ? formatPercent(r.coverage) : null),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="regions-report">
      <Card size="small" className="closer-analytics-card">
        <Flex justify="space-between" align="center" gap={8} wrap className="closer-analytics-toolbar">
          <Typography.Text type="secondary" data-testid="regions-plan">
            {data?.plan_name ? t('analytics.rg.plan', { name: data.plan_name, period: data.period }) : t('analytics.rg.noPlan')}
          </Typography.Text>
          <ExportButtons report="regions" query={filters} />
        </Flex>
        {report.error && !data ? (
          <LoadError error={report.error} onRetry={report.reload} />
        ) : !report.loading && rows.length === 0 ? (
          <Empty description={t('analytics.rg.empty')} data-testid="regions-empty" />
        ) : (
          <>
            {rows.length > 0 && (
              <Chart
                option={option}
                height={Math.min(480, Math.max(180, 60 + rows.length * 48))}
                label={t('analytics.tab.regions')}
                testId="regions-chart"
                onClick={(p) => {
                  const row = rows[p.dataIndex];
                  const to = row && drillsToDeals ? drillUrl('department', row.department_id, filters) : null;
                  if (to) navigate(to);
                }}
              />
            )}
            <Typography.Paragraph type="secondary" className="closer-analytics-hint">
              {t('analytics.rg.hint')}
            </Typography.Paragraph>
            <Table<RegionRow>
              rowKey="department_id"
              size="small"
              loading={report.loading}
              columns={columns}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 1100 }}
              onRow={() => ({ 'data-testid': 'regions-row' }) as React.HTMLAttributes<HTMLElement>}
            />
          </>
        )}
      </Card>
    </Space>
  );
}
