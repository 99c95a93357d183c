import { Card, Col, Empty, Flex, Grid, Row, Select, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useCallback, useMemo, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import { opportunitiesApi } from '../api/opportunities';
import type { Department, ForecastQuery, LearnedRate, MonthAccuracy } from '../api/types';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { formatAxisAmount, formatMoney, formatPercent, formatPeriod } from '../lib/format';
import { useLoader } from '../lib/useLoader';
import { Chart, type ChartOption } from './Chart';
import { forecastDrillUrl, periodOptions } from './filters';
import { ForecastByRep } from './ForecastByRep';
import { stageName, useProcess, useUserNames } from './lookups';
import './opportunities.css';

/** The weighted forecast: a funnel by open stage, learned win rates and past accuracy. */
export function ForecastPage() {
  const { t, language } = useI18n();
  const currency = useSession().user.tenant.currency ?? 'CNY';
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const query: ForecastQuery = useMemo(
    () => ({
      period: params.get('period') ?? String(new Date().getFullYear()),
      department_id: params.get('department_id') ?? undefined,
      owner_id: params.get('owner_id') ?? undefined,
    }),
    [params],
  );
  const queryKey = JSON.stringify(query);
  const set = (key: string, value?: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const { stages } = useProcess();
  const { users } = useUserNames();
  const loadDepartments = useCallback(() => api.departments().catch(() => [] as Department[]), []);
  const departments = useLoader(loadDepartments);
  const loadForecast = useCallback(() => opportunitiesApi.forecast(JSON.parse(queryKey) as ForecastQuery), [queryKey]);
  const forecast = useLoader(loadForecast);
  const loadLearned = useCallback(() => opportunitiesApi.learnedWinRates(), []);
  const learned = useLoader(loadLearned);
  const loadAccuracy = useCallback(() => opportunitiesApi.accuracy(6), []);
  const accuracy = useLoader(loadAccuracy);

  const label = useCallback(
    (stage: { id: string; name: string }) => {
      const full = stages.find((s) => s.id === stage.id);
      return full ? stageName(full, language) : stage.name;
    },
    [stages, language],
  );

  const rows = useMemo(() => forecast.data?.stages ?? [], [forecast.data]);
  const funnel: ChartOption = useMemo(
    () => ({
      tooltip: {
        trigger: 'item',
        formatter: (p: { dataIndex: number }) => {
          const row = rows[p.dataIndex];
          if (!row) return '';
          return `${label(row.stage)}<br/>${t('opps.forecast.count')}: ${row.count}<br/>${t('opps.forecast.amount')}: ${formatMoney(row.amount, language)}<br/>${t('opps.forecast.expected')}: ${formatMoney(row.expected_amount, language)}`;
        },
      },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: '5%',
          width: '90%',
          minSize: '25%',
          gap: 2,
          label: {
            position: 'inside',
            formatter: (p: { dataIndex: number }) => {
              const row = rows[p.dataIndex];
              return row ? `${label(row.stage)} · ${row.count}\n${formatMoney(row.amount, language)}` : '';
            },
          },
          // Width follows the stage's position in the funnel, so an empty stage still shows.
          data: rows.map((row, index) => ({ name: row.stage.id, value: rows.length - index })),
        },
      ],
    }),
    [rows, label, language, t],
  );

  const accuracyItems = useMemo(() => accuracy.data ?? [], [accuracy.data]);
  const accuracyChart: ChartOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      // The legend sits above the plot, clear of the bars.
      legend: { top: 0, data: [t('opps.accuracy.forecast'), t('opps.accuracy.won'), t('opps.accuracy.ratio')] },
      grid: { left: 64, right: 56, top: 48, bottom: 28 },
      xAxis: { type: 'category', data: accuracyItems.map((m) => formatPeriod(m.period, language)) },
      yAxis: [
        { type: 'value', axisLabel: { formatter: (v: number) => formatAxisAmount(v, currency, language) } },
        { type: 'value', axisLabel: { formatter: '{value}%' } },
      ],
      series: [
        { name: t('opps.accuracy.forecast'), type: 'bar', data: accuracyItems.map((m) => Number(m.forecast.amount)) },
        { name: t('opps.accuracy.won'), type: 'bar', data: accuracyItems.map((m) => Number(m.won.amount)) },
        {
          name: t('opps.accuracy.ratio'),
          type: 'line',
          yAxisIndex: 1,
          data: accuracyItems.map((m) => (m.won_vs_forecast ? Number(m.won_vs_forecast) : null)),
        },
      ],
    }),
    [accuracyItems, t, language, currency],
  );

  // Every figure of a stage opens the deals behind it: the stage, with the page's filters.
  const stageLink = (r: (typeof rows)[number], figure: string, children: ReactNode) => (
    <Link to={forecastDrillUrl({ ...query, stage_id: r.stage.id })} data-testid={`forecast-drill-${figure}${r.stage.key}`}>
      {children}
    </Link>
  );
  const stageColumns: ColumnsType<(typeof rows)[number]> = [
    {
      title: t('opps.field.stage'),
      render: (_, r) => (
        <Flex vertical>
          {stageLink(r, '', label(r.stage))}
          <Typography.Text type="secondary" className="closer-forecast-rate">
            {t('opps.forecast.winRateOf', { rate: formatPercent(r.win_rate) })}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('opps.forecast.countShort'), align: 'right', render: (_, r) => stageLink(r, 'count-', r.count) },
    { title: t('opps.forecast.amount'), align: 'right', render: (_, r) => stageLink(r, 'amount-', formatMoney(r.amount, language)) },
    {
      title: t('opps.forecast.expected'),
      align: 'right',
      render: (_, r) => stageLink(r, 'expected-', <span data-testid={`forecast-expected-${r.stage.key}`}>{formatMoney(r.expected_amount, language)}</span>),
    },
  ];

  const learnedColumns: ColumnsType<LearnedRate> = [
    { title: t('opps.field.stage'), render: (_, r) => label(r.stage) },
    { title: t('opps.learned.configured'), align: 'right', render: (_, r) => formatPercent(r.configured_win_rate) },
    { title: t('opps.learned.learned'), align: 'right', render: (_, r) => (r.learned_win_rate ? formatPercent(r.learned_win_rate) : t('common.none')) },
    { title: t('opps.learned.closed'), align: 'right', render: (_, r) => t('opps.learned.wonLost', { won: r.won, lost: r.lost }) },
  ];

  const accuracyColumns: ColumnsType<MonthAccuracy> = [
    { title: t('opps.accuracy.month'), dataIndex: 'period', render: (p: string) => formatPeriod(p, language) },
    { title: t('opps.accuracy.forecast'), align: 'right', render: (_, m) => formatMoney(m.forecast, language) },
    { title: t('opps.accuracy.won'), align: 'right', render: (_, m) => formatMoney(m.won, language) },
    { title: t('opps.accuracy.ratio'), align: 'right', render: (_, m) => (m.won_vs_forecast ? formatPercent(m.won_vs_forecast) : t('common.none')) },
  ];

  const totals = forecast.data;
  return (
    <div className="closer-page" data-testid="forecast-page">
      <PageHeader title={t('opps.forecast.title')} subtitle={t('opps.forecast.subtitle')} extra={<Link to="/opportunities">{t('opps.forecast.toBoard')}</Link>} />
      <Flex gap={8} wrap className="closer-opp-filters">
        <Select style={{ minWidth: 120 }} value={query.period} onChange={(v: string) => set('period', v)} options={periodOptions().map((p) => ({ value: p, label: formatPeriod(p, language) }))} data-testid="forecast-period" />
        <Select
          allowClear
          placeholder={t('opps.filter.department')}
          style={{ minWidth: 160 }}
          value={query.department_id}
          onChange={(v?: string) => set('department_id', v)}
          options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('opps.field.owner')}
          style={{ minWidth: 160 }}
          value={query.owner_id}
          onChange={(v?: string) => set('owner_id', v)}
          options={users.map((u) => ({ value: u.id, label: u.name }))}
        />
      </Flex>
      {forecast.error && !forecast.data ? (
        <LoadError error={forecast.error} onRetry={forecast.reload} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24}>
            <Card size="small">
              <Row gutter={16}>
                <Col xs={24} sm={8}>
                  <Link to={forecastDrillUrl({ ...query, open: 'true' })} data-testid="forecast-total-count">
                    <Statistic title={t('opps.forecast.count')} value={totals?.count ?? 0} valueRender={(node) => <span data-testid="forecast-count">{node}</span>} />
                  </Link>
                </Col>
                <Col xs={24} sm={8}>
                  <Link to={forecastDrillUrl({ ...query, open: 'true' })} data-testid="forecast-total-amount">
                    <Statistic title={t('opps.forecast.amount')} value={totals ? formatMoney(totals.amount, language) : ''} valueStyle={{ fontSize: phone ? 16 : 22 }} />
                  </Link>
                </Col>
                <Col xs={24} sm={8}>
                  <Link to={forecastDrillUrl({ ...query, open: 'true' })} data-testid="forecast-total-expected">
                    <Statistic
                      title={t('opps.forecast.expected')}
                      value={totals ? formatMoney(totals.expected_amount, language) : ''}
                      valueStyle={{ fontSize: phone ? 16 : 22, color: '#1677ff' }}
                      valueRender={(node) => <span data-testid="forecast-expected">{node}</span>}
                    />
                  </Link>
                </Col>
              </Row>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('opps.forecast.byStage')} extra={phone ? undefined : <Typography.Text type="secondary">{t('opps.forecast.figureHint')}</Typography.Text>}>
              <Table
                rowKey={(r) => r.stage.id}
                size="small"
                pagination={false}
                columns={stageColumns}
                dataSource={rows}
                data-testid="forecast-table"
                className="closer-forecast-table"
                scroll={{ x: 'max-content' }}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <ForecastByRep query={query} phone={phone} />
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('opps.forecast.funnel')} extra={<Typography.Text type="secondary">{t('opps.forecast.clickHint')}</Typography.Text>}>
              {rows.length === 0 ? (
                <Empty />
              ) : (
                <Chart
                  option={funnel}
                  height={phone ? 260 : 320}
                  label={t('opps.forecast.funnel')}
                  testId="forecast-funnel"
                  onClick={(p) => {
                    const row = rows[p.dataIndex];
                    if (row) navigate(forecastDrillUrl({ ...query, stage_id: row.stage.id }));
                  }}
                />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('opps.learned.title')}>
              <Typography.Paragraph type="secondary">{t('opps.learned.explain')}</Typography.Paragraph>
              <Table rowKey={(r) => r.stage.id} size="small" pagination={false} columns={learnedColumns} dataSource={learned.data ?? []} loading={learned.loading} data-testid="learned-table" scroll={{ x: 420 }} />
            </Card>
          </Col>
          <Col xs={24}>
            <Card size="small" title={t('opps.accuracy.title')}>
              <Typography.Paragraph type="secondary">{t('opps.accuracy.explain')}</Typography.Paragraph>
              <Chart option={accuracyChart} height={phone ? 220 : 260} label={t('opps.accuracy.title')} />
              <Table rowKey="period" size="small" pagination={false} columns={accuracyColumns} dataSource={accuracyItems} scroll={{ x: 420 }} />
            </Card>
          </Col>
        </Row>
      )}
    </div>
  );
}
