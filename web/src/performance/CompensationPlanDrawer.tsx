import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import { performanceApi, type CompensationPlan } from '../api/performance';
import type { TargetPlan } from '../api/targets';
import { CreateDrawer } from '../components/CreateDrawer';
import { useI18n } from '../i18n/useI18n';
import { currencySymbol } from '../lib/format';
import { toMoneyAmount } from '../lib/money';
import { useCurrency } from '../targets/labels';
import { checkTiers, DEFAULT_TIERS, planBody, type PlanFormValues } from './tiers';

/**
 * A new compensation plan: which target plan it pays on and per what period, the base pay,
 * the performance pool paid at 100 %, the threshold below which nothing is paid, the cap on
 * completion counted, and the tiers (from / to / rate) — checked live for gaps and overlaps.
 */
export function CompensationPlanDrawer({
  targetPlans,
  onClose,
  onCreated,
}: {
  targetPlans: TargetPlan[];
  onClose: () => void;
  onCreated: (plan: CompensationPlan) => void;
}) {
  const { t, language } = useI18n();
  const currency = useCurrency();
  const [form] = Form.useForm<PlanFormValues>();
  const tiers = Form.useWatch('tiers', form) ?? DEFAULT_TIERS;
  const problems = checkTiers(tiers);
  const yuan = currencySymbol(currency, language);

  const save = async (values: PlanFormValues) => {
    const body = planBody(values);
    const plan = await performanceApi.createPlan({
      ...body,
      base_pay: toMoneyAmount(body.base_pay) ?? body.base_pay,
      pool: toMoneyAmount(body.pool) ?? body.pool,
    });
    onCreated(plan);
  };

  const live = targetPlans.filter((p) => !p.superseded_by);

  return (
    <CreateDrawer<PlanFormValues>
      title={t('compensation.plan.new')}
      width={620}
      testId="comp-plan-drawer"
      form={form}
      onSave={save}
      onClose={onClose}
      submitTestId="comp-plan-save"
      initialValues={{ period_kind: 'quarter', threshold: '60', cap: '150', tiers: DEFAULT_TIERS, target_plan_id: live[0]?.id }}
    >
      <Form.Item name="name" label={t('compensation.plan.name')} rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('compensation.plan.name') }) }]}>
        <Input maxLength={200} data-testid="comp-plan-name" />
      </Form.Item>
      <Form.Item name="target_plan_id" label={t('compensation.plan.targetPlan')} rules={[{ required: true, message: t('validation.select', { field: t('compensation.plan.targetPlan') }) }]}>
        <Select
          showSearch
          optionFilterProp="label"
          data-testid="comp-plan-target"
          options={live.map((p) => ({ value: p.id, label: `${p.name} · ${p.year} · v${p.version}` }))}
          notFoundContent={t('compensation.plan.noTargetPlans')}
        />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name="period_kind" label={t('compensation.plan.periodKind')} rules={[{ required: true }]} style={{ flex: '1 1 160px' }}>
          <Select
            data-testid="comp-plan-period-kind"
            options={(['month', 'quarter', 'year'] as const).map((k) => ({ value: k, label: t(`period.kind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="base_pay" label={t('compensation.basePay')} tooltip={t('compensation.plan.baseHint')} rules={[{ required: true, message: t('validation.required', { field: t('compensation.basePay') }) }]} style={{ flex: '1 1 160px' }}>
          <InputNumber<string> stringMode min="0" precision={2} prefix={yuan} style={{ width: '100%' }} data-testid="comp-plan-base" />
        </Form.Item>
        <Form.Item
          name="pool"
          label={t('compensation.plan.pool')}
          tooltip={t('compensation.plan.poolHint')}
          rules={[{ required: true, message: t('validation.required', { field: t('compensation.plan.pool') }) }]}
          style={{ flex: '1 1 160px' }}
        >
          <InputNumber<string> stringMode min="0" precision={2} prefix={yuan} style={{ width: '100%' }} data-testid="comp-plan-pool" />
        </Form.Item>
      </Flex>
      <Flex gap={12} wrap>
        <Form.Item name="threshold" label={t('compensation.plan.threshold')} tooltip={t('compensation.plan.thresholdHint')} rules={[{ required: true }]} style={{ flex: '1 1 160px' }}>
          <InputNumber<string> stringMode min="0" suffix="%" style={{ width: '100%' }} data-testid="comp-plan-threshold" />
        </Form.Item>
        <Form.Item name="cap" label={t('compensation.plan.cap')} tooltip={t('compensation.plan.capHint')} style={{ flex: '1 1 160px' }}>
          <InputNumber<string> stringMode min="0" suffix="%" placeholder={t('compensation.plan.noCap')} style={{ width: '100%' }} data-testid="comp-plan-cap" />
        </Form.Item>
      </Flex>
      <Typography.Text strong>{t('compensation.plan.tiers')}</Typography.Text>
      <Typography.Paragraph type="secondary" className="closer-alloc-meta" style={{ marginBottom: 8 }}>
        {t('compensation.plan.tiersHint')}
      </Typography.Paragraph>
      <Form.List name="tiers">
        {(fields, { add, remove }) => (
          <Flex vertical gap={0} data-testid="comp-tiers">
            {fields.map((field, index) => {
              const problem = problems.get(index);
              return (
                <div key={field.key} data-testid="comp-tier">
                  <Flex gap={8} align="flex-start" wrap className="closer-tier-row">
                    <Form.Item
                      name={[field.name, 'from']}
                      label={index === 0 ? t('compensation.tier.from') : undefined}
                      rules={[{ required: true, message: t('validation.required', { field: t('compensation.tier.from') }) }]}
                      validateStatus={problem === 'gap' || problem === 'overlap' ? 'warning' : undefined}
                      style={{ flex: '1 1 90px', marginBottom: 8 }}
                    >
                      <InputNumber<string> stringMode min="0" suffix="%" style={{ width: '100%' }} data-testid="comp-tier-from" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'to']} label={index === 0 ? t('compensation.tier.to') : undefined} style={{ flex: '1 1 90px', marginBottom: 8 }}>
                      <InputNumber<string> stringMode min="0" suffix="%" placeholder="∞" style={{ width: '100%' }} data-testid="comp-tier-to" />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'rate']}
                      label={index === 0 ? t('compensation.tier.rate') : undefined}
                      rules={[{ required: true, message: t('validation.required', { field: t('compensation.tier.rate') }) }]}
                      style={{ flex: '1 1 90px', marginBottom: 8 }}
                    >
                      <InputNumber<string> stringMode min="0" suffix="×" style={{ width: '100%' }} data-testid="comp-tier-rate" />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      disabled={fields.length === 1}
                      aria-label={t('compensation.tier.remove')}
                      style={{ marginTop: index === 0 ? 30 : 0 }}
                      data-testid="comp-tier-remove"
                    />
                  </Flex>
                  {problem && (
                    <Typography.Text type="warning" className="closer-alloc-meta" data-testid="comp-tier-problem">
                      {t(`compensation.tier.problem.${problem}`)}
                    </Typography.Text>
                  )}
                </div>
              );
            })}
            <Button
              icon={<PlusOutlined />}
              type="dashed"
              onClick={() => {
                const last = tiers[tiers.length - 1];
                add({ from: last?.to ?? '', to: null, rate: '' });
              }}
              style={{ alignSelf: 'flex-start', marginTop: 4 }}
              data-testid="comp-tier-add"
            >
              {t('compensation.tier.add')}
            </Button>
          </Flex>
        )}
      </Form.List>
      {problems.size === 0 && tiers.length > 0 && (
        <Alert type="success" showIcon style={{ marginTop: 12 }} message={t('compensation.tier.sound')} data-testid="comp-tiers-ok" />
      )}
    </CreateDrawer>
  );
}
