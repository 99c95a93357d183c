import { Card, Col, Empty, Flex, Progress, Row, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useCallback, useMemo } from 'react';
import { analyticsApi } from '../api/analytics';
import type { components } from '../api/schema';
import type { Process } from '../api/types';
import { LoadError } from '../components/LoadError';
import { useI18n } from '../i18n/useI18n';
import { formatMoney, formatPercent } from '../lib/format';
import { useLoader } from '../lib/useLoader';
import { Chart } from '../opportunities/Chart';
import { useStageLabel } from '../opportunities/lookups';
import { ExportButtons } from './ExportButtons';
import type { ReportFilters } from './report';
import { countBarsHeight, countBarsOption, type CountBar } from './resultCharts';

type Competitor = components['schemas']['CompetitorMetDto'];
type Reason = components['schemas']['LossReasonDto'];

/**
 * Win/loss (输赢分析): why deals of the period were lost, at which stage, and against whom —
 * each competitor with the deals won and lost against them.
 */
export function WinLossReport({ filters, processes, phone }: { filters: ReportFilters; processes: Process[]; phone: boolean }) {
  const { t, language } = useI18n();
  const queryKey = JSON.stringify(filters);
  const report = useLoader(useCallback(() => analyticsApi.winLoss(JSON.parse(queryKey) as ReportFilters), [queryKey]));
  const data = report.data;
  const words = useMemo(
    () => ({ deals: (count: number) => t('analytics.dealsN', { count }), money: (m: CountBar['amount']) => formatMoney(m, language) }),
    [t, language],
  );
  const stageLabel = useStageLabel(processes);
  const reasons: CountBar[] = (data?.reasons ?? []).map((r) => ({ label: r.reason ?? t('analytics.wl.noReason'), count: r.count, amount: r.amount }));
  const stages: CountBar[] = (data?.lost_at_stage ?? []).map((s) => ({
    label: s.stage ? stageLabel(s.stage) : t('analytics.wl.createdLost'),
    count: s.count,
    amount: s.amount,
  }));
  const competitors = data?.competitors ?? [];
  const empty = !report.loading && data && reasons.length === 0 && competitors.length === 0;

  const reasonColumns: ColumnsType<Reason> = [
    { title: t('analytics.wl.reason'), key: 'reason', render: (_, r) => r.reason ?? <Typography.Text type="secondary">{t('analytics.wl.noReason')}</Typography.Text> },
    { title: t('analytics.col.deals'), dataIndex: 'count', align: 'right', width: 72, render: (n: number) => <span className="closer-num">{n}</span> },
    { title: t('analytics.col.amount'), key: 'amount', align: 'right', width: 130, render: (_, r) => <span className="closer-num">{formatMoney(r.amount, language)}</span> },
  ];
  const competitorColumns: ColumnsType<Competitor> = [
    { title: t('analytics.wl.competitor'), dataIndex: 'name', fixed: 'left', width: phone ? 110 : 160 },
    { title: t('analytics.wl.met'), dataIndex: 'met', align: 'right', width: 70, render: (n: number) => <span className="closer-num">{n}</span> },
    { title: t('analytics.wl.wonAgainst'), dataIndex: 'won_against', align: 'right', width: 80, render: (n: number) => <span className="closer-num">{n}</span> },
    { title: t('analytics.wl.lostAgainst'), dataIndex: 'lost_against', align: 'right', width: 80, render: (n: number) => <span className="closer-num">{n}</span> },
    {
      title: t('analytics.wl.winRate'),
      key: 'win_rate',
      width: 150,
      render: (_, c) =>
        c.win_rate ? (
          <Progress percent={Number(c.win_rate)} size="small" format={() => formatPercent(c.win_rate ?? '0')} strokeColor="#16a34a" data-testid="win-loss-win-rate" />
        ) : (
          t('common.none')
        ),
    },
    { title: t('analytics.wl.lostAmount'), key: 'lost_amount', align: 'right', width: 130, render: (_, c) => <span className="closer-num">{formatMoney(c.lost_amount, language)}</span> },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="win-loss-report">
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text type="secondary">{t('analytics.wl.hint')}</Typography.Text>
        <ExportButtons report="win-loss" query={filters} />
      </Flex>
      {report.error && !data ? (
        <LoadError error={report.error} onRetry={report.reload} />
      ) : empty ? (
        <Card size="small" className="closer-analytics-card">
          <Empty description={t('analytics.wl.empty')} data-testid="win-loss-empty" />
        </Card>
      ) : (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('analytics.wl.reasons')} className="closer-analytics-card" loading={report.loading && !data}>
                {reasons.length === 0 ? (
                  <Empty description={t('analytics.wl.noneLost')} />
                ) : (
                  <>
                    <Chart option={countBarsOption(reasons, words, phone)} height={countBarsHeight(reasons.length)} label={t('analytics.wl.reasons')} testId="win-loss-reasons-chart" />
                    <Table<Reason>
                      rowKey={(r) => r.reason ?? ''}
                      size="small"
                      columns={reasonColumns}
                      dataSource={data?.reasons ?? []}
                      pagination={false}
                      onRow={() => ({ 'data-testid': 'win-loss-reason' }) as React.HTMLAttributes<HTMLElement>}
                    />
                  </>
                )}
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('analytics.wl.lostAt')} className="closer-analytics-card" loading={report.loading && !data}>
                <Typography.Paragraph type="secondary" className="closer-analytics-hint">
                  {t('analytics.wl.lostAtHint')}
                </Typography.Paragraph>
                {stages.length === 0 ? (
                  <Empty description={t(reasons.length === 0 ? 'analytics.wl.noneLost' : 'analytics.wl.noStages')} />
                ) : (
                  <Chart option={countBarsOption(stages, words, phone)} height={countBarsHeight(stages.length)} label={t('analytics.wl.lostAt')} testId="win-loss-stages-chart" />
                )}
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('analytics.wl.competitors')} className="closer-analytics-card">
            {competitors.length === 0 ? (
              <Empty description={t('analytics.wl.noCompetitors')} />
            ) : (
              <Table<Competitor>
                rowKey="name"
                size="small"
                columns={competitorColumns}
                dataSource={competitors}
                pagination={false}
                scroll={{ x: 640 }}
                onRow={() => ({ 'data-testid': 'win-loss-competitor' }) as React.HTMLAttributes<HTMLElement>}
              />
            )}
          </Card>
        </>
      )}
    </Space>
  );
}
