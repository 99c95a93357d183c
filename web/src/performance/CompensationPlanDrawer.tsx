import { Flex, Form, Input, InputNumber, Select, Switch, Typography } from 'antd';
import { performanceApi, type CompensationPlan } from '../api/performance';
import type { TargetPlan } from '../api/targets';
import { CreateDrawer } from '../components/CreateDrawer';
import { useI18n } from '../i18n/useI18n';
import { currencySymbol } from '../lib/format';
import { toMoneyAmount } from '../lib/money';
import { useCurrency } from '../targets/labels';
import { TierEditor } from './TierEditor';
import { DEFAULT_COLLECTIONS, DEFAULT_TIERS, planBody, type PlanFormValues, type TierValues } from './tiers';

/**
 * A new compensation plan: which target plan it pays on and per what period, the base pay,
 * the performance pool paid at 100 %, the threshold below which nothing is paid, the cap on
 * completion counted, and the tiers (from / to / rate) — checked live for gaps and overlaps —
 * and, when switched on, the collections factor (回款系数): tiers of the collection ratio, each
 * multiplying the performance pay; sent as `collections` only then.
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
  const weighCollections = Form.useWatch('weigh_collections', form) === true;
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
      initialValues={{
        period_kind: 'quarter',
        threshold: '60',
        cap: '150',
        tiers: DEFAULT_TIERS,
        weigh_collections: false,
        collections: DEFAULT_COLLECTIONS,
        target_plan_id: live[0]?.id,
      }}
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
      <TierEditor
        name="tiers"
        fallback={DEFAULT_TIERS}
        labels={{ from: t('compensation.tier.from'), to: t('compensation.tier.to'), rate: t('compensation.tier.rate') }}
        sound={t('compensation.tier.sound')}
        testId="comp-tier"
      />
      <Flex align="center" gap={8} style={{ marginTop: 20 }}>
        <Form.Item name="weigh_collections" valuePropName="checked" noStyle>
          <Switch
            id="comp-plan-weigh-collections"
            onChange={(on) => {
              if (on && !(form.getFieldValue('collections') as TierValues[] | undefined)?.length) form.setFieldValue('collections', DEFAULT_COLLECTIONS);
            }}
            data-testid="comp-plan-collections-switch"
          />
        </Form.Item>
        <label htmlFor="comp-plan-weigh-collections" style={{ cursor: 'pointer' }}>
          <Typography.Text strong>{t('compensation.plan.collections')}</Typography.Text>
        </label>
      </Flex>
      {weighCollections && (
        <div style={{ marginTop: 8 }} data-testid="comp-plan-collections">
          <Typography.Paragraph type="secondary" className="closer-alloc-meta" style={{ marginBottom: 8 }}>
            {t('compensation.plan.collectionsHint')}
          </Typography.Paragraph>
          <TierEditor
            name="collections"
            fallback={DEFAULT_COLLECTIONS}
            labels={{ from: t('compensation.collection.from'), to: t('compensation.collection.to'), rate: t('compensation.collection.rate') }}
            sound={t('compensation.collection.sound')}
            testId="comp-collection"
          />
        </div>
      )}
    </CreateDrawer>
  );
}
