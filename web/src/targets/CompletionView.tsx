import { ApartmentOutlined, BankOutlined, UserOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Flex, Grid, Row, Select, Skeleton, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useCallback, useMemo, type HTMLAttributes } from 'react';
import { useSearchParams } from 'react-router-dom';
import { targetsApi, type TargetPlan } from '../api/targets';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { useI18n } from '../i18n/useI18n';
import { formatPeriod } from '../lib/format';
import { useLoader } from '../lib/useLoader';
import { Chart } from '../opportunities/Chart';
import { gaugeOption, trendOption } from './charts';
import { completionTree, gaugeRow, type CompletionNode } from './completion';
import { RateBar, rateColor, useAmountFormat, useCompactAmount } from './labels';
import { defaultPeriod, parsePeriod, periodText, todayIn, type PeriodParts } from './period';
import { PeriodPicker } from './PeriodPicker';

const UNIT_ICON = { company: <BankOutlined />, department: <ApartmentOutlined />, user: <UserOutlined /> };

/**
 * The completion dashboard of a plan: for a year, quarter or month, each unit's target,
 * actual, rate and gap in the organisation's tree; a gauge for the company or the chosen
 * department; its twelve months as target and actual bars with the month's rate as a line.
 */
export function CompletionView({ plan }: { plan: TargetPlan }) {
  const { t, language } = useI18n();
  const { user } = useSession();
  const phone = Grid.useBreakpoint().md === false;
  const format = useAmountFormat(plan.metric);
  const tile = useCompactAmount(plan.metric);
  const [params, setParams] = useSearchParams();
  const timeZone = user.tenant.time_zone;
  const today = todayIn(timeZone);
  const parsed = parsePeriod(params.get('period'));
  const period: PeriodParts = parsed && parsed.year === plan.year ? parsed : defaultPeriod('month', plan.year, today);
  const departmentId = params.get('department') || null;
  const departments = plan.units.filter((u) => u.kind === 'department');
  const text = periodText(period);
  const completion = useLoader(useCallback(() => targetsApi.completion(plan.id, text, departmentId), [plan.id, text, departmentId]));
  const data = completion.data;
  const tree = useMemo(() => (data ? completionTree(data.rows) : []), [data]);
  const focus = data ? gaugeRow(data.rows, departmentId) : undefined;
  const monthLabel = useCallback(
    (month: string) => new Intl.DateTimeFormat(language, { month: 'short' }).format(new Date(`${month}-15T12:00:00`)),
    [language],
  );

  const set = (next: { period?: string; department?: string | null }) => {
    const p = new URLSearchParams(params);
    if (next.period) p.set('period', next.period);
    if (next.department !== undefined) {
      if (next.department) p.set('department', next.department);
      else p.delete('department');
    }
    setParams(p, { replace: true });
  };

  const trend = useMemo(
    () =>
      data
        ? trendOption(
            data.months,
            { target: t('targets.completion.target'), actual: t('targets.completion.actual'), rate: t('targets.completion.rate'), monthLabel, language },
            format,
            phone,
            todayIn(timeZone).slice(0, 7),
          )
        : null,
    [data, t, monthLabel, language, format, phone, timeZone],
  );

  const columns: ColumnsType<CompletionNode> = [
    {
      title: t('targets.alloc.unit'),
      key: 'unit',
      fixed: 'left',
      width: phone ? 140 : 220,
      render: (_, node) => (
        <Typography.Text strong={node.row.unit.kind !== 'user'} className="closer-alloc-name" data-testid="completion-name">
          {UNIT_ICON[node.row.unit.kind]} {node.row.unit.kind === 'company' ? t('targets.company') : node.row.unit.name}
        </Typography.Text>
      ),
    },
    {
      title: t('targets.completion.target'),
      key: 'target',
      align: 'right',
      width: 140,
      render: (_, node) => (
        <span className="closer-num" data-testid="completion-target">
          {format(node.row.target)}
        </span>
      ),
    },
    {
      title: t('targets.completion.actual'),
      key: 'actual',
      align: 'right',
      width: 140,
      render: (_, node) => (
        <span className="closer-num" data-testid="completion-actual" data-amount={node.row.actual}>
          {format(node.row.actual)}
        </span>
      ),
    },
    { title: t('targets.completion.rate'), key: 'rate', width: phone ? 130 : 170, render: (_, node) => <RateBar rate={node.row.rate} width={phone ? 110 : 150} /> },
    {
      title: t('targets.completion.gap'),
      key: 'gap',
      align: 'right',
      width: 140,
      render: (_, node) => {
        const exceeded = node.row.gap.startsWith('-');
        return (
          <Typography.Text className="closer-num" type={exceeded ? 'success' : undefined} data-testid="completion-gap">
            {exceeded ? t('targets.completion.exceeded', { amount: format(node.row.gap.slice(1)) }) : format(node.row.gap)}
          </Typography.Text>
        );
      },
    },
    {
      title: t('targets.completion.previous'),
      key: 'previous',
      align: 'right',
      width: 120,
      render: (_, node) =>
        node.row.previous ? (
          <Typography.Text className="closer-num" style={{ color: node.row.previous.rate === null ? undefined : rateColor(node.row.previous.rate) }} data-testid="completion-previous">
            {node.row.previous.rate === null ? '—' : `${node.row.previous.rate}%`}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  // On a phone the rate comes first, then what was done, then what was asked.
  const ordered = phone ? [columns[0], columns[3], columns[2], columns[1], columns[4], columns[5]] : columns;

  const allKeys = useMemo(() => {
    const keys: string[] = [];
    const walk = (nodes: CompletionNode[]) => nodes.forEach((n) => n.children && (keys.push(n.key), walk(n.children)));
    walk(tree);
    return keys;
  }, [tree]);

  return (
    <Flex vertical gap={16} data-testid="completion">
      <Flex gap={8} wrap align="center" justify="space-between">
        <PeriodPicker value={period} onChange={(next) => set({ period: periodText(next) })} testId="completion-period" />
        <Select<string>
          value={departmentId ?? ''}
          onChange={(value) => set({ department: value || null })}
          showSearch
          optionFilterProp="label"
          style={{ minWidth: 170 }}
          popupMatchSelectWidth={false}
          data-testid="completion-department"
          options={[{ value: '', label: t('targets.company') }, ...departments.map((d) => ({ value: d.id, label: d.name }))]}
        />
      </Flex>
      {completion.error && !data ? (
        <LoadError error={completion.error} onRetry={completion.reload} />
      ) : !data ? (
        <Skeleton active />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={24} md={9} lg={8}>
              <Card size="small" title={t('targets.completion.gaugeTitle', { name: focus?.unit.kind === 'company' || !focus ? t('targets.company') : focus.unit.name })} className="closer-stat-card" data-testid="completion-gauge">
                <Chart option={gaugeOption(focus?.rate ?? null, t('targets.completion.rate'))} height={phone ? 190 : 210} label={t('targets.completion.rate')} testId="completion-gauge-canvas" />
                {focus && (
                  <Row gutter={8}>
                    <Col span={12}>
                      <Statistic title={t('targets.completion.actual')} value={focus.actual ?? ''} formatter={() => tile(focus.actual)} className="closer-completion-stat" />
                    </Col>
                    <Col span={12}>
                      <Statistic title={t('targets.completion.target')} value={focus.target ?? ''} formatter={() => tile(focus.target)} className="closer-completion-stat" />
                    </Col>
                  </Row>
                )}
              </Card>
            </Col>
            <Col xs={24} md={15} lg={16}>
              <Card size="small" title={t('targets.completion.trend', { year: plan.year })} className="closer-stat-card" data-testid="completion-trend">
                {trend && data.months.length > 0 ? (
                  <Chart option={trend} height={phone ? 220 : 262} label={t('targets.completion.trend', { year: plan.year })} testId="completion-trend-canvas" />
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
                )}
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('targets.completion.byUnit', { period: formatPeriod(text, language) })}>
            <Table<CompletionNode>
              rowKey="key"
              size="small"
              className="closer-completion-table"
              columns={ordered}
              dataSource={tree}
              pagination={false}
              scroll={{ x: 'max-content' }}
              expandable={{ expandedRowKeys: allKeys, showExpandColumn: true, indentSize: phone ? 8 : 16, expandIcon: () => null }}
              onRow={(node) =>
                ({
                  'data-testid': 'completion-row',
                  'data-id': node.row.unit.kind === 'company' ? 'company' : node.row.unit.id,
                  'data-kind': node.row.unit.kind,
                }) as HTMLAttributes<HTMLElement>
              }
              locale={{ emptyText: <Empty description={t('targets.completion.empty')} /> }}
              data-testid="completion-table"
            />
          </Card>
        </>
      )}
    </Flex>
  );
}
