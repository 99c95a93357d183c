import { Card, Empty, Flex, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useCallback, useMemo, type HTMLAttributes } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { analyticsApi, PIPELINE_GROUPS, type PipelineGroup } from '../api/analytics';
import type { Money, PipelineRow } from '../api/types';
import { LoadError } from '../components/LoadError';
import { useI18n } from '../i18n/useI18n';
import { formatMoney, formatMonth } from '../lib/format';
import { useLoader } from '../lib/useLoader';
import { Chart } from '../opportunities/Chart';
import { chartRows, pipelineHeight, pipelineOption } from './charts';
import { ExportButtons } from './ExportButtons';
import { useSession } from '../auth/session';
import { drillable, drillUrl, reportQuery, type ReportFilters } from './report';

/** Won, open and lost deals by month, owner, department, product, product line or type, or campaign. */
export function PipelineReport({
  filters,
  groupBy,
  onGroupBy,
  phone,
}: {
  filters: ReportFilters;
  groupBy: PipelineGroup;
  onGroupBy: (group: PipelineGroup) => void;
  phone: boolean;
}) {
  const { t, language } = useI18n();
  // Drill-through opens the deals: only for whoever may read them.
  const drillsToDeals = useSession().can('opportunities.read');
  const navigate = useNavigate();
  const query = useMemo(() => reportQuery(filters, groupBy), [filters, groupBy]);
  const queryKey = JSON.stringify(query);
  const pipeline = useLoader(useCallback(() => analyticsApi.pipeline(JSON.parse(queryKey) as typeof query), [queryKey]));
  const byMonth = groupBy === 'month';
  // The group of deals without one ("none", "no close date") goes last.
  const rows = useMemo(() => {
    const all = pipeline.data?.rows ?? [];
    return [...all.filter((row) => row.key), ...all.filter((row) => !row.key)];
  }, [pipeline.data]);
  const money = useCallback((m: Money) => formatMoney(m, language), [language]);

  const label = useCallback(
    (row: PipelineRow) => {
      if (!row.key) return t(byMonth ? 'analytics.none.month' : 'analytics.none');
      return byMonth ? formatMonth(row.key, language) : row.name || row.key;
    },
    [t, byMonth, language],
  );
  const shown = useMemo(() => chartRows(rows, byMonth, filters.period), [rows, byMonth, filters.period]);
  // Months of one year read as Jan, Feb … on the axis; the tooltip and table keep the year.
  const oneYear = byMonth && shown.length > 0 && shown.every((row) => row.key?.slice(0, 4) === shown[0].key?.slice(0, 4));
  const option = useMemo(
    () =>
      pipelineOption(
        shown,
        byMonth,
        {
          won: t('analytics.won'),
          open: t('analytics.open'),
          lost: t('analytics.lost'),
          label,
          axis: oneYear ? (row) => (row.key ? formatMonth(row.key, language, false) : label(row)) : undefined,
          deals: (count) => t('analytics.dealsN', { count }),
        },
        money,
        language,
        phone,
      ),
    [shown, byMonth, t, label, oneYear, money, language, phone],
  );

  const drill = (row: PipelineRow) => (drillsToDeals ? drillUrl(groupBy, row.key, filters) : null);
  const amountCell = (testId: string) => (m: Money) => (
    <span className="closer-num" data-testid={testId}>
      {money(m)}
    </span>
  );
  const outcome = (word: 'won' | 'open' | 'lost'): ColumnsType<PipelineRow>[number] => ({
    title: t(`analytics.${word}`),
    className: `closer-analytics-col--${word}`,
    children: [
      { title: t('analytics.col.deals'), dataIndex: `${word}_count`, align: 'right', width: 64, render: (n: number) => <span className="closer-num">{n}</span> },
      { title: t('analytics.col.amount'), dataIndex: `${word}_amount`, align: 'right', width: 150, render: amountCell(`pipeline-${word}-amount`) },
    ],
  });
  const columns: ColumnsType<PipelineRow> = [
    {
      title: t(`analytics.group.${groupBy}`),
      key: 'name',
      fixed: 'left',
      width: phone ? 120 : 200,
      render: (_, row) => {
        const to = drill(row);
        const name = label(row);
        return to ? (
          <Link to={to} data-testid="pipeline-row-name" className="closer-analytics-name">
            {name}
          </Link>
        ) : (
          <span data-testid="pipeline-row-name" className="closer-analytics-name">
            {name}
          </span>
        );
      },
    },
    outcome('won'),
    outcome('open'),
    outcome('lost'),
  ];

  const total = pipeline.data?.total;
  const empty = !pipeline.loading && rows.length === 0;

  return (
    <Card size="small" className="closer-analytics-card" data-testid="pipeline-report">
      <Flex justify="space-between" align="center" gap={8} wrap className="closer-analytics-toolbar">
        <Flex gap={8} align="center">
          <Typography.Text type="secondary">{t('analytics.groupBy')}</Typography.Text>
          <Select<PipelineGroup>
            value={groupBy}
            onChange={onGroupBy}
            options={PIPELINE_GROUPS.map((g) => ({ value: g, label: t(`analytics.group.${g}`) }))}
            style={{ width: 132 }}
            data-testid="pipeline-group"
            aria-label={t('analytics.groupBy')}
          />
        </Flex>
        <ExportButtons report="pipeline" query={query} />
      </Flex>
      {pipeline.error && !pipeline.data ? (
        <LoadError error={pipeline.error} onRetry={pipeline.reload} />
      ) : empty ? (
        <Empty description={t('analytics.empty')} data-testid="pipeline-empty" />
      ) : (
        <>
          {shown.length > 0 && (
            <>
              <Typography.Text type="secondary" className="closer-analytics-hint">
                {drillable(groupBy) && drillsToDeals ? t('analytics.pipeline.clickHint') : t('analytics.pipeline.chartTitle')}
              </Typography.Text>
              <Chart
                option={option}
                height={pipelineHeight(shown.length, byMonth, phone)}
                label={t('analytics.pipeline.chartTitle')}
                testId="pipeline-chart"
                onClick={(p) => {
                  const row = shown[p.dataIndex];
                  const to = row ? drill(row) : null;
                  if (to) navigate(to);
                }}
              />
            </>
          )}
          <Table<PipelineRow>
            rowKey={(row) => row.key ?? 'none'}
            size="small"
            bordered
            loading={pipeline.loading}
            columns={columns}
            dataSource={rows}
            pagination={false}
            scroll={{ x: phone ? 760 : 900 }}
            className="closer-analytics-table"
            onRow={(row) => ({ 'data-testid': 'pipeline-row', 'data-key': row.key ?? 'none' }) as HTMLAttributes<HTMLElement>}
            summary={() =>
              total ? (
                <Table.Summary>
                  <Table.Summary.Row className="closer-analytics-total" data-testid="pipeline-total">
                    <Table.Summary.Cell index={0}>{t('analytics.total')}</Table.Summary.Cell>
                    {(['won', 'open', 'lost'] as const).flatMap((word, i) => [
                      <Table.Summary.Cell key={`${word}-n`} index={1 + i * 2} align="right">
                        <span className="closer-num">{total[`${word}_count`]}</span>
                      </Table.Summary.Cell>,
                      <Table.Summary.Cell key={`${word}-a`} index={2 + i * 2} align="right">
                        <span className="closer-num" data-testid={`pipeline-total-${word}`}>
                          {money(total[`${word}_amount`])}
                        </span>
                      </Table.Summary.Cell>,
                    ])}
                  </Table.Summary.Row>
                </Table.Summary>
              ) : null
            }
            data-testid="pipeline-table"
          />
        </>
      )}
    </Card>
  );
}
