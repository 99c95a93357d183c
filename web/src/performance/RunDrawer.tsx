import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Flex, Grid, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { performanceApi, type CompensationPlan, type CompensationRun } from '../api/performance';
import type { TargetPlan } from '../api/targets';
import { useI18n } from '../i18n/useI18n';
import { formatPeriod } from '../lib/format';
import { useErrorReporter } from '../lib/useErrorReporter';
import { useMoneyFormat } from '../targets/labels';
import { defaultPeriod, periodText, type PeriodParts } from '../targets/period';
import { PeriodPicker } from '../targets/PeriodPicker';
import { RunTable } from './RunTable';

/**
 * A new compensation run: the plan and the period, a preview of what everyone would be paid
 * (nothing saved), then the run made as a draft.
 */
export function RunDrawer({
  plans,
  targetPlans,
  initialPlanId,
  today,
  onClose,
}: {
  plans: CompensationPlan[];
  targetPlans: TargetPlan[];
  initialPlanId?: string;
  today: string;
  onClose: () => void;
}) {
  const { t, language } = useI18n();
  const navigate = useNavigate();
  const report = useErrorReporter();
  const money = useMoneyFormat();
  const phone = Grid.useBreakpoint().sm === false;
  const [planId, setPlanId] = useState<string | undefined>(initialPlanId ?? plans[0]?.id);
  const plan = plans.find((p) => p.id === planId);
  const targetPlan = targetPlans.find((p) => p.id === plan?.target_plan_id);
  const year = targetPlan?.year ?? Number(today.slice(0, 4));
  const [period, setPeriod] = useState<PeriodParts>(() => defaultPeriod(plan?.period_kind ?? 'quarter', year, today));
  const [preview, setPreview] = useState<CompensationRun | null>(null);
  const [busy, setBusy] = useState<'preview' | 'create' | null>(null);
  const kind = plan?.period_kind ?? 'quarter';
  const current: PeriodParts = period.kind === kind ? period : defaultPeriod(kind, year, today);

  const choosePlan = (id: string) => {
    setPlanId(id);
    setPreview(null);
  };
  const choosePeriod = (next: PeriodParts) => {
    setPeriod(next);
    setPreview(null);
  };

  const runPreview = async () => {
    if (!plan) return;
    setBusy('preview');
    try {
      setPreview(await performanceApi.previewRun(plan.id, periodText(current)));
    } catch (error) {
      report(error);
    } finally {
      setBusy(null);
    }
  };

  const create = async () => {
    if (!plan) return;
    setBusy('create');
    try {
      const run = await performanceApi.createRun(plan.id, periodText(current));
      onClose();
      navigate(`/compensation/runs/${run.id}`);
    } catch (error) {
      report(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Drawer
      open
      title={t('compensation.run.new')}
      width={phone ? '100%' : 900}
      onClose={onClose}
      destroyOnHidden
      data-testid="run-drawer"
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button icon={<EyeOutlined />} onClick={() => void runPreview()} loading={busy === 'preview'} disabled={!plan} data-testid="run-preview">
            {t('compensation.run.preview')}
          </Button>
          <Button type="primary" onClick={() => void create()} loading={busy === 'create'} disabled={!preview} data-testid="run-create">
            {t('compensation.run.create')}
          </Button>
        </Space>
      }
    >
      <Flex vertical gap={12}>
        <Flex vertical gap={4}>
          <Typography.Text type="secondary">{t('compensation.run.plan')}</Typography.Text>
          <Select<string>
            value={planId}
            onChange={choosePlan}
            options={plans.map((p) => ({ value: p.id, label: p.name }))}
            data-testid="run-plan"
            style={{ maxWidth: 420 }}
          />
        </Flex>
        <Flex vertical gap={4}>
          <Typography.Text type="secondary">{t('compensation.run.period')}</Typography.Text>
          <PeriodPicker value={current} onChange={choosePeriod} kinds={[kind]} years={[year - 1, year, year + 1]} testId="run-period" />
        </Flex>
        {!preview ? (
          <Alert type="info" showIcon message={t('compensation.run.previewFirst')} />
        ) : (
          <Flex vertical gap={8} data-testid="run-preview-result">
            <Alert
              type="warning"
              showIcon
              message={t('compensation.run.previewNote', { period: formatPeriod(preview.period, language), total: money(preview.total), count: preview.lines.length })}
            />
            <RunTable run={preview} metric={targetPlan?.metric} />
          </Flex>
        )}
      </Flex>
    </Drawer>
  );
}
