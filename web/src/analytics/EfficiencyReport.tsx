import { ArrowDownOutlined, ArrowUpOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { Card, Empty, Flex, Segmented, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useCallback, useMemo, type HTMLAttributes, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { analyticsApi, EFFICIENCY_GROUPS, type EfficiencyGroup } from '../api/analytics';
import type { EfficiencyRow, Process } from '../api/types';
import { LoadError } from '../components/LoadError';
import { useI18n } from '../i18n/useI18n';
import { formatMoney, formatPercent } from '../lib/format';
import { useLoader } from '../lib/useLoader';
import { Chart } from '../opportunities/Chart';
import { useStageLabel } from '../opportunities/lookups';
import { dwellHeight, dwellOption, dwellStages } from './charts';
import { ExportButtons } from './ExportButtons';
import { useSession } from '../auth/session';
import { drillUrl, reportQuery, worseThanTeam, type EfficiencyFigure, type ReportFilters } from './report';

const TEAM_KEY = '__team__';

/** A column title with the sentence that says what it counts. */
function Titled({ title, help }: { title: string; help: string }) {
  return (
    <Tooltip title={help}>
      <span className="closer-analytics-th">
        {title} <QuestionCircleOutlined className="closer-analytics-th__help" />
      </span>
    </Tooltip>
  );
}

/**
 * Sales efficiency: each rep (or department) against the team — win rate of closed deals
 * and of all deals, the average won deal and cycle — with figures worse than the team's
 * marked, and the days a deal spends in each stage.
 */
export function EfficiencyReport({
  filters,
  groupBy,
  onGroupBy,
  processes,
  phone,
}: {
  filters: ReportFilters;
  groupBy: EfficiencyGroup;
  onGroupBy: (group: EfficiencyGroup) => void;
  processes: Process[];
  phone: boolean;
}) {
  const { t, language } = useI18n();
  // Drill-through opens the deals: only for whoever may read them.
  const drillsToDeals = useSession().can('opportunities.read');
  const navigate = useNavigate();
  const query = useMemo(() => reportQuery(filters, groupBy), [filters, groupBy]);
  const queryKey = JSON.stringify(query);
  const efficiency = useLoader(useCallback(() => analyticsApi.efficiency(JSON.parse(queryKey) as typeof query), [queryKey]));
  const rows = useMemo(() => efficiency.data?.rows ?? [], [efficiency.data]);
  const team = efficiency.data?.team_average;

  const stageLabel = useStageLabel(processes);
  const stages = useMemo(() => (team ? dwellStages([team, ...rows], stageLabel) : []), [team, rows, stageLabel]);
  const days = useCallback((value: string) => t('analytics.eff.days', { days: value }), [t]);
  const dwell = useMemo(
    () =>
      team
        ? dwellOption(team, rows, stages, { team: t('analytics.eff.teamAverage'), days, deals: (count) => t('analytics.dealsN', { count }) }, phone)
        : null,
    [team, rows, stages, t, days, phone],
  );

  const isTeam = (row: EfficiencyRow) => row.key === TEAM_KEY;
  /** A figure, marked when worse than the team's (never on the team's own row). */
  const figure = (row: EfficiencyRow, which: EfficiencyFigure, shown: ReactNode) => {
    if (shown === null) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
    const worse = !isTeam(row) && team && worseThanTeam(row, team, which);
    if (!worse) return <span className="closer-num">{shown}</span>;
    const Arrow = which === 'average_cycle_days' ? ArrowUpOutlined : ArrowDownOutlined;
    return (
      <Tooltip title={t('analytics.eff.worse')}>
        <Typography.Text type="danger" className="closer-num closer-analytics-worse" data-testid="efficiency-worse" aria-label={t('analytics.eff.worse')}>
          <Arrow /> {shown}
        </Typography.Text>
      </Tooltip>
    );
  };
  const percent = (value?: string | null) => (value ? formatPercent(value) : null);

  const columns: ColumnsType<EfficiencyRow> = [
    {
      title: t(`analytics.group.${groupBy}`),
      key: 'name',
      fixed: 'left',
      width: phone ? 120 : 160,
      render: (_, row) => {
        if (isTeam(row)) return <Typography.Text strong>{t('analytics.eff.teamAverage')}</Typography.Text>;
        const to = drillsToDeals ? drillUrl(groupBy, row.key, filters) : null;
        return to ? (
          <Link to={to} className="closer-analytics-name" title={row.name} data-testid="efficiency-row-name">
            {row.name}
          </Link>
        ) : (
          <span className="closer-analytics-name">{row.name}</span>
        );
      },
    },
    {
      title: <Titled title={t('analytics.eff.winRateClosed')} help={t('analytics.eff.winRateClosedHelp')} />,
      key: 'win_rate_of_closed',
      align: 'right',
      width: 126,
      render: (_, row) => <span data-testid="efficiency-win-rate-closed">{figure(row, 'win_rate_of_closed', percent(row.win_rate_of_closed))}</span>,
    },
    {
      title: <Titled title={t('analytics.eff.winRateAll')} help={t('analytics.eff.winRateAllHelp')} />,
      key: 'win_rate_of_all',
      align: 'right',
      width: 110,
      render: (_, row) => <span data-testid="efficiency-win-rate-all">{figure(row, 'win_rate_of_all', percent(row.win_rate_of_all))}</span>,
    },
    {
      title: <Titled title={t('analytics.eff.cycle')} help={t('analytics.eff.cycleHelp')} />,
      key: 'average_cycle_days',
      align: 'right',
      width: 110,
      render: (_, row) => figure(row, 'average_cycle_days', row.average_cycle_days ? days(row.average_cycle_days) : null),
    },
    {
      title: t('analytics.eff.avgWon'),
      key: 'average_won_amount',
      align: 'right',
      width: 130,
      render: (_, row) => figure(row, 'average_won_amount', row.average_won_amount ? formatMoney(row.average_won_amount, language) : null),
    },
    { title: t('analytics.won'), dataIndex: 'won_count', align: 'right', width: 60, render: (n: number) => <span className="closer-num">{n}</span> },
    { title: t('analytics.lost'), dataIndex: 'lost_count', align: 'right', width: 60, render: (n: number) => <span className="closer-num">{n}</span> },
    { title: t('analytics.open'), dataIndex: 'open_count', align: 'right', width: 68, render: (n: number) => <span className="closer-num">{n}</span> },
    {
      title: t('analytics.eff.wonAmount'),
      key: 'won_amount',
      align: 'right',
      width: 130,
      render: (_, row) => <span className="closer-num">{formatMoney(row.won_amount, language)}</span>,
    },
  ];

  const tableRows = team ? [{ ...team, key: TEAM_KEY }, ...rows] : rows;
  const empty = !efficiency.loading && rows.length === 0;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" className="closer-analytics-card" data-testid="efficiency-report">
        <Flex justify="space-between" align="center" gap={8} wrap className="closer-analytics-toolbar">
          <Segmented<EfficiencyGroup>
            value={groupBy}
            onChange={onGroupBy}
            options={EFFICIENCY_GROUPS.map((g) => ({ value: g, label: <span data-testid={`efficiency-group-${g}`}>{t(`analytics.group.${g}`)}</span> }))}
          />
          <ExportButtons report="efficiency" query={query} />
        </Flex>
        {efficiency.error && !efficiency.data ? (
          <LoadError error={efficiency.error} onRetry={efficiency.reload} />
        ) : empty ? (
          <Empty description={t('analytics.empty')} data-testid="efficiency-empty" />
        ) : (
          <>
            <Typography.Text type="secondary" className="closer-analytics-hint">
              {t('analytics.eff.legend')}
            </Typography.Text>
            <Table<EfficiencyRow>
              rowKey={(row) => row.key ?? 'none'}
              size="small"
              loading={efficiency.loading}
              columns={columns}
              dataSource={tableRows}
              pagination={false}
              scroll={{ x: 940 }}
              className="closer-analytics-table"
              rowClassName={(row) => (isTeam(row) ? 'closer-analytics-team' : '')}
              onRow={(row) =>
                ({ 'data-testid': isTeam(row) ? 'efficiency-team' : 'efficiency-row', 'data-key': row.key ?? 'none' }) as HTMLAttributes<HTMLElement>
              }
              data-testid="efficiency-table"
            />
          </>
        )}
      </Card>
      {!empty && team && dwell && (
        <Card size="small" title={t('analytics.eff.dwell')} className="closer-analytics-card" data-testid="efficiency-dwell">
          <Typography.Paragraph type="secondary" className="closer-analytics-hint">
            {t('analytics.eff.dwellHint')}
          </Typography.Paragraph>
          {stages.length === 0 ? (
            <Empty description={t('analytics.eff.noDwell')} />
          ) : (
            <Chart
              option={dwell}
              height={dwellHeight(rows.length, phone)}
              label={t('analytics.eff.dwell')}
              testId="dwell-chart"
              onClick={(p) => {
                const row = rows[p.dataIndex - 1];
                const to = row && drillsToDeals ? drillUrl(groupBy, row.key, filters) : null;
                if (to) navigate(to);
              }}
            />
          )}
        </Card>
      )}
    </Space>
  );
}
