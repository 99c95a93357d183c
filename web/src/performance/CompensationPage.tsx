import { PlayCircleOutlined, PlusOutlined, TrophyOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Grid, List, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useCallback, useState, type HTMLAttributes, type MouseEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { performanceApi, type CompensationPlan, type CompensationRun, type Tier } from '../api/performance';
import { targetsApi } from '../api/targets';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';
import { formatDateTime, formatPercent, formatPeriod } from '../lib/format';
import { useLoader } from '../lib/useLoader';
import { useMoneyFormat } from '../targets/labels';
import { todayIn } from '../targets/period';
import '../targets/targets.css';
import { CompensationPlanDrawer } from './CompensationPlanDrawer';
import { RunStatusTag } from './RunStatusTag';
import { RunDrawer } from './RunDrawer';
import type { PlanWithCollections } from './tiers';

/** A table of tiers as tags: "0–50% × 0.5", the open end as ∞. */
function TierTags({ tiers, color, testId }: { tiers: Tier[]; color?: string; testId?: string }) {
  return (
    <Space size={4} wrap data-testid={testId}>
      {tiers.map((tier, i) => (
        <Tag key={i} bordered={false} color={color} style={{ marginInlineEnd: 0 }}>
          {tier.from}–{tier.to ?? '∞'}% × {tier.rate}
        </Tag>
      ))}
    </Space>
  );
}

/** Each factor's name on a plan's terms, and its colour. */
const FACTOR_TERMS: { factor: 'margin' | 'collections' | 'forecast_accuracy'; label: MessageKey; color: string }[] = [
  { factor: 'margin', label: 'compensation.plan.marginFactor', color: 'green' },
  { factor: 'collections', label: 'compensation.plan.collectionsFactor', color: 'gold' },
  { factor: 'forecast_accuracy', label: 'compensation.plan.forecastAccuracyFactor', color: 'purple' },
];

/** One plan's terms in a few lines: base, pool, threshold, cap, tiers and its factors (毛利, 回款, 预测准确率), if any. */
function PlanTerms({ plan }: { plan: PlanWithCollections }) {
  const { t } = useI18n();
  const money = useMoneyFormat();
  return (
    <Descriptions size="small" column={1} className="closer-comp-terms">
      <Descriptions.Item label={t('compensation.basePay')}>{money(plan.base_pay)}</Descriptions.Item>
      <Descriptions.Item label={t('compensation.plan.pool')}>{money(plan.pool)}</Descriptions.Item>
      <Descriptions.Item label={t('compensation.plan.thresholdCap')}>
        {formatPercent(plan.threshold)} · {plan.cap ? formatPercent(plan.cap) : t('compensation.plan.noCap')}
      </Descriptions.Item>
      <Descriptions.Item label={t('compensation.plan.tiers')}>
        <TierTags tiers={plan.tiers} />
      </Descriptions.Item>
      {FACTOR_TERMS.map(({ factor, label, color }) => {
        const tiers = plan[factor];
        return tiers && tiers.length > 0 ? (
          <Descriptions.Item key={factor} label={t(label)}>
            <TierTags tiers={tiers} color={color} testId={`comp-plan-${factor}`} />
          </Descriptions.Item>
        ) : null;
      })}
    </Descriptions>
  );
}

/**
 * Compensation (薪酬): the plans (base pay, a performance pool paid on completion through
 * tiers, threshold and cap) and their runs per period — previewed, made as drafts,
 * recalculated while open, closed and exported.
 */
export function CompensationPage() {
  const { t, tx, language } = useI18n();
  const { message } = App.useApp();
  const { user, can } = useSession();
  const money = useMoneyFormat();
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const planFilter = params.get('plan') || undefined;
  const manage = can('performance.manage');
  const plans = useLoader(useCallback(() => performanceApi.plans(), []));
  const runs = useLoader(useCallback(() => performanceApi.runs(planFilter), [planFilter]));
  const targetPlans = useLoader(useCallback(() => targetsApi.plans().catch(() => []), []));
  const [creatingPlan, setCreatingPlan] = useState(false);
  const [creatingRun, setCreatingRun] = useState<string | null>(null);
  const planList = plans.data ?? [];
  const today = todayIn(user.tenant.time_zone);

  const setPlanFilter = (id: string | null) => {
    const p = new URLSearchParams(params);
    if (id) p.set('plan', id);
    else p.delete('plan');
    setParams(p, { replace: true });
  };

  const columns: ColumnsType<CompensationRun> = [
    {
      title: t('compensation.run.period'),
      render: (_, run) => (
        <Flex vertical gap={0}>
          <Link to={`/compensation/runs/${run.id}`} data-testid="run-link" data-period={run.period}>
            {formatPeriod(run.period, language)}
          </Link>
          <Typography.Text type="secondary" className="closer-target-meta">
            {run.plan_name}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('targets.field.status'), width: 100, render: (_, run) => <RunStatusTag status={run.status} /> },
    { title: t('compensation.total'), align: 'right', width: 150, render: (_, run) => <span className="closer-num">{money(run.total)}</span> },
    ...(phone
      ? []
      : ([
          {
            title: t('compensation.run.made'),
            width: 170,
            render: (_: unknown, run: CompensationRun) => <Typography.Text type="secondary">{formatDateTime(run.closed_at ?? run.created_at, language)}</Typography.Text>,
          },
        ] as ColumnsType<CompensationRun>)),
  ];

  if (plans.error && !plans.data) return <LoadError error={plans.error} onRetry={plans.reload} />;

  return (
    <div className="closer-page" data-testid="compensation-page">
      <PageHeader
        title={t('compensation.title')}
        subtitle={t('compensation.subtitle')}
        extra={
          <Space wrap className="closer-target-actions">
            <Link to="/performance">
              <Button icon={<TrophyOutlined />}>{t('nav.performance')}</Button>
            </Link>
            {manage && (
              <Button icon={<PlusOutlined />} onClick={() => setCreatingPlan(true)} data-testid="comp-plan-new">
                {t('compensation.plan.new')}
              </Button>
            )}
            {manage && (
              <Button type="primary" icon={<PlayCircleOutlined />} onClick={() => setCreatingRun(planFilter ?? planList[0]?.id ?? '')} disabled={planList.length === 0} data-testid="run-new">
                {t('compensation.run.new')}
              </Button>
            )}
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('compensation.plans')} data-testid="comp-plans">
            <List<CompensationPlan>
              loading={plans.loading && !plans.data}
              dataSource={planList}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('compensation.plan.empty')} /> }}
              renderItem={(plan) => (
                <List.Item
                  className={`closer-comp-plan${planFilter === plan.id ? ' is-selected' : ''}`}
                  data-testid="comp-plan"
                  data-id={plan.id}
                  onClick={(e: MouseEvent) => {
                    if (!(e.target as HTMLElement).closest('button')) setPlanFilter(planFilter === plan.id ? null : plan.id);
                  }}
                >
                  <Flex vertical gap={4} style={{ width: '100%', minWidth: 0 }}>
                    <Flex justify="space-between" align="center" gap={8}>
                      <Typography.Text strong ellipsis>
                        {plan.name}
                      </Typography.Text>
                      <Tag bordered={false} color="blue">
                        {tx(`compensation.per.${plan.period_kind}`, plan.period_kind)}
                      </Tag>
                    </Flex>
                    <PlanTerms plan={plan} />
                    {manage && (
                      <Button size="small" icon={<PlayCircleOutlined />} onClick={() => setCreatingRun(plan.id)} style={{ alignSelf: 'flex-start' }} data-testid="comp-plan-run">
                        {t('compensation.run.new')}
                      </Button>
                    )}
                  </Flex>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={t('compensation.runs')}
            extra={
              <Select<string>
                size="small"
                value={planFilter ?? ''}
                onChange={(v) => setPlanFilter(v || null)}
                style={{ minWidth: 140 }}
                popupMatchSelectWidth={false}
                options={[{ value: '', label: t('compensation.allPlans') }, ...planList.map((p) => ({ value: p.id, label: p.name }))]}
                data-testid="runs-plan-filter"
              />
            }
            data-testid="comp-runs"
          >
            <Table<CompensationRun>
              rowKey={(run) => run.id ?? `${run.plan_id}:${run.period}`}
              size="small"
              loading={runs.loading && !runs.data}
              columns={columns}
              dataSource={runs.data ?? []}
              pagination={false}
              onRow={(run) =>
                ({
                  'data-testid': 'run-list-row',
                  'data-id': run.id,
                  style: { cursor: 'pointer' },
                  onClick: (e: MouseEvent) => {
                    if (!(e.target as HTMLElement).closest('a,button')) navigate(`/compensation/runs/${run.id}`);
                  },
                }) as HTMLAttributes<HTMLElement>
              }
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('compensation.run.empty')} /> }}
            />
          </Card>
        </Col>
      </Row>
      {creatingPlan && (
        <CompensationPlanDrawer
          targetPlans={targetPlans.data ?? []}
          onClose={() => setCreatingPlan(false)}
          onCreated={(plan) => {
            plans.setData((previous) => [...(previous ?? []), plan]);
            setCreatingPlan(false);
            void message.success(t('compensation.plan.created'));
          }}
        />
      )}
      {creatingRun !== null && (
        <RunDrawer plans={planList} targetPlans={targetPlans.data ?? []} initialPlanId={creatingRun || undefined} today={today} onClose={() => setCreatingRun(null)} />
      )}
    </div>
  );
}
