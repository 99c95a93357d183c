import { CalendarOutlined, PlusOutlined, TrophyOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Form, Grid, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useCallback, useState, type HTMLAttributes } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { TARGET_METRICS, targetsApi, type TargetMetric, type TargetPlan } from '../api/targets';
import { useSession } from '../auth/session';
import { CreateDrawer } from '../components/CreateDrawer';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { currencySymbol, formatDateTime } from '../lib/format';
import { useLoader } from '../lib/useLoader';
import { decimalsOf, isCounted, normalize } from './allocation';
import { MetricTag, PlanStatusTag, useAmountFormat, useCurrency } from './labels';
import { todayIn } from './period';
import './targets.css';

interface PlanValues {
  name: string;
  metric: TargetMetric;
  year: number;
  total: string;
}

function PlanTotal({ plan }: { plan: TargetPlan }) {
  const format = useAmountFormat(plan.metric);
  return <span className="closer-num">{format(plan.total)}</span>;
}

/** "New target plan": its name, what it measures, the year and the company's total. */
function NewPlanDrawer({ year, onClose }: { year: number; onClose: () => void }) {
  const { t, language } = useI18n();
  const navigate = useNavigate();
  const currency = useCurrency();
  const [form] = Form.useForm<PlanValues>();
  const metric = (Form.useWatch('metric', form) ?? 'contract_amount') as TargetMetric;
  const save = async (values: PlanValues) => {
    const plan = await targetsApi.createPlan({
      name: values.name.trim(),
      metric: values.metric,
      year: values.year,
      total: normalize(values.total, decimalsOf(values.metric)) || String(values.total),
    });
    navigate(`/targets/${plan.id}`);
  };
  return (
    <CreateDrawer<PlanValues>
      title={t('targets.new')}
      width={480}
      testId="plan-create-drawer"
      form={form}
      onSave={save}
      onClose={onClose}
      submitTestId="plan-create-save"
      initialValues={{ metric: 'contract_amount', year, name: t('targets.defaultName', { year }) }}
    >
      <Form.Item name="name" label={t('targets.field.name')} rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('targets.field.name') }) }]}>
        <Input maxLength={200} data-testid="plan-name" />
      </Form.Item>
      <Form.Item name="metric" label={t('targets.field.metric')} rules={[{ required: true }]}>
        <Select
          data-testid="plan-metric-select"
          options={TARGET_METRICS.map((m) => ({ value: m, label: <span data-testid={`plan-metric-${m}`}>{t(`targets.metric.${m}`)}</span> }))}
        />
      </Form.Item>
      <Form.Item name="year" label={t('targets.field.year')} rules={[{ required: true }]}>
        <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} data-testid="plan-year" />
      </Form.Item>
      <Form.Item
        name="total"
        label={t('targets.field.total')}
        extra={t(`targets.totalHint.${isCounted(metric) ? 'count' : 'money'}`)}
        rules={[{ required: true, message: t('validation.required', { field: t('targets.field.total') }) }]}
      >
        <InputNumber<string>
          stringMode
          min="0"
          precision={decimalsOf(metric)}
          prefix={isCounted(metric) ? undefined : currencySymbol(currency, language)}
          style={{ width: '100%' }}
          data-testid="plan-total"
        />
      </Form.Item>
    </CreateDrawer>
  );
}

/**
 * Targets (目标): the year's target plans — what each measures, its total and whether it is
 * still a draft or locked — each opening its allocation screen; a new plan for the managers.
 */
export function TargetsPage() {
  const { t, language } = useI18n();
  const { user, can } = useSession();
  const phone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const thisYear = Number(todayIn(user.tenant.time_zone).slice(0, 4));
  const year = /^\d{4}$/.test(params.get('year') ?? '') ? Number(params.get('year')) : thisYear;
  const plans = useLoader(useCallback(() => targetsApi.plans(year), [year]));
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const manage = can('targets.manage');

  const columns: ColumnsType<TargetPlan> = [
    {
      title: t('targets.field.name'),
      render: (_, plan) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Link to={`/targets/${plan.id}`} data-testid="plan-link" className="closer-target-plan__name">
            {plan.name}
          </Link>
          {phone && (
            <Space size={4} wrap>
              <MetricTag metric={plan.metric} />
              <PlanStatusTag status={plan.status} />
              <Typography.Text type="secondary" className="closer-target-meta">
                {t('targets.versionN', { version: plan.version })}
              </Typography.Text>
            </Space>
          )}
        </Flex>
      ),
    },
    ...(phone
      ? []
      : ([
          { title: t('targets.field.metric'), width: 150, render: (_: unknown, plan: TargetPlan) => <MetricTag metric={plan.metric} /> },
          {
            title: t('targets.field.status'),
            width: 190,
            render: (_: unknown, plan: TargetPlan) => (
              <Space size={4} wrap>
                <PlanStatusTag status={plan.status} />
                {plan.superseded_by && (
                  <Tag bordered={false} data-testid="plan-superseded">
                    {t('targets.superseded')}
                  </Tag>
                )}
              </Space>
            ),
          },
          { title: t('targets.field.version'), width: 90, render: (_: unknown, plan: TargetPlan) => `v${plan.version}` },
        ] as ColumnsType<TargetPlan>)),
    { title: t('targets.field.total'), align: 'right', width: phone ? 130 : 170, render: (_, plan) => <PlanTotal plan={plan} /> },
    ...(phone
      ? []
      : ([
          {
            title: t('targets.field.updated'),
            width: 170,
            render: (_: unknown, plan: TargetPlan) => (
              <Typography.Text type="secondary">{formatDateTime(plan.locked_at ?? plan.created_at, language)}</Typography.Text>
            ),
          },
        ] as ColumnsType<TargetPlan>)),
  ];

  const setYear = (next: number) => {
    const p = new URLSearchParams(params);
    p.set('year', String(next));
    setParams(p, { replace: true });
  };

  return (
    <div className="closer-page" data-testid="targets-page">
      <PageHeader
        title={t('targets.title')}
        subtitle={t('targets.subtitle')}
        extra={
          <Space wrap className="closer-target-actions">
            {can('performance.read') && (
              <Link to="/performance">
                <Button icon={<TrophyOutlined />} data-testid="targets-performance">
                  {t('nav.performance')}
                </Button>
              </Link>
            )}
            {manage && (
              <Link to="/targets/visit-rules">
                <Button icon={<CalendarOutlined />} data-testid="targets-visit-rules">
                  {t('visits.rules.title')}
                </Button>
              </Link>
            )}
            {manage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="plan-new">
                {t('targets.new')}
              </Button>
            )}
          </Space>
        }
      />
      <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('targets.field.year')}</Typography.Text>
        <Select<number>
          value={year}
          onChange={setYear}
          options={[thisYear - 2, thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: String(y) }))}
          style={{ width: 100 }}
          data-testid="targets-year"
        />
      </Flex>
      {plans.error && !plans.data ? (
        <LoadError error={plans.error} onRetry={plans.reload} />
      ) : (
        <Card size="small">
          <Table<TargetPlan>
            rowKey="id"
            size="small"
            loading={plans.loading && !plans.data}
            columns={columns}
            dataSource={plans.data ?? []}
            pagination={false}
            scroll={phone ? undefined : { x: 900 }}
            rowClassName={(plan) => (plan.superseded_by ? 'closer-row--inactive' : '')}
            onRow={(plan) =>
              ({
                'data-testid': 'plan-row',
                'data-id': plan.id,
                onClick: (e: React.MouseEvent) => {
                  if (!(e.target as HTMLElement).closest('a,button')) navigate(`/targets/${plan.id}`);
                },
                style: { cursor: 'pointer' },
              }) as HTMLAttributes<HTMLElement>
            }
            locale={{
              emptyText: (
                <Empty description={t('targets.empty', { year })}>
                  {manage && (
                    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                      {t('targets.new')}
                    </Button>
                  )}
                </Empty>
              ),
            }}
            data-testid="plans-table"
          />
        </Card>
      )}
      {creating && <NewPlanDrawer year={year} onClose={() => setCreating(false)} />}
    </div>
  );
}
