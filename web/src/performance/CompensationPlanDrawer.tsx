import { Flex, Form, Input, InputNumber, Select, Switch, Typography, type FormInstance } from 'antd';
import { performanceApi, type CompensationPlan } from '../api/performance';
import type { TargetPlan } from '../api/targets';
import { CreateDrawer } from '../components/CreateDrawer';
import { useI18n } from '../i18n/useI18n';
import { currencySymbol } from '../lib/format';
import { toMoneyAmount } from '../lib/money';
import { useCurrency } from '../targets/labels';
import { TierEditor } from './TierEditor';
import type { MessageKey } from '../i18n/messages';
import { DEFAULT_TIERS, FACTOR_DEFAULTS, FACTORS, planBody, type Factor, type PlanFormValues, type TierValues } from './tiers';

/** Each factor's words and test ids: its switch, hint and the columns of its bands. */
const FACTOR_TEXT: Record<Factor, { title: MessageKey; hint: MessageKey; columns: string; testId: string }> = {
  margin: { title: 'compensation.plan.margin', hint: 'compensation.plan.marginHint', columns: 'compensation.margin', testId: 'comp-margin' },
  collections: {
    title: 'compensation.plan.collections',
    hint: 'compensation.plan.collectionsHint',
    columns: 'compensation.collection',
    testId: 'comp-collection',
  },
  forecast_accuracy: {
    title: 'compensation.plan.forecastAccuracy',
    hint: 'compensation.plan.forecastAccuracyHint',
    columns: 'compensation.accuracy',
    testId: 'comp-accuracy',
  },
};

/** One factor: a switch and, when on, its bands. */
function FactorSection({ factor, form }: { factor: Factor; form: FormInstance<PlanFormValues> }) {
  const { t } = useI18n();
  const on = Form.useWatch(`weigh_${factor}`, form) === true;
  const text = FACTOR_TEXT[factor];
  const column = (name: string) => t(`${text.columns}.${name}` as MessageKey);
  return (
    <>
      <Flex align="center" gap={8} style={{ marginTop: 20 }}>
        <Form.Item name={`weigh_${factor}`} valuePropName="checked" noStyle>
          <Switch
            id={`comp-plan-weigh-${factor}`}
            onChange={(checked) => {
              if (checked && !(form.getFieldValue(factor) as TierValues[] | undefined)?.length) form.setFieldValue(factor, FACTOR_DEFAULTS[factor]);
            }}
            data-testid={`comp-plan-${factor}-switch`}
          />
        </Form.Item>
        <label htmlFor={`comp-plan-weigh-${factor}`} style={{ cursor: 'pointer' }}>
          <Typography.Text strong>{t(text.title)}</Typography.Text>
        </label>
      </Flex>
      {on && (
        <div style={{ marginTop: 8 }} data-testid={`comp-plan-${factor}`}>
          <Typography.Paragraph type="secondary" className="closer-alloc-meta" style={{ marginBottom: 8 }}>
            {t(text.hint)}
          </Typography.Paragraph>
          <TierEditor
            name={factor}
            fallback={FACTOR_DEFAULTS[factor]}
            labels={{ from: column('from'), to: column('to'), rate: column('rate') }}
            sound={column('sound')}
            testId={text.testId}
          />
        </div>
      )}
    </>
  );
}

/**
 * A new compensation plan: which target plan it pays on and per what period, the base pay,
 * the performance pool paid at 100 %, the threshold below which nothing is paid, the cap on
 * completion counted, and the tiers (from / to / rate) — checked live for gaps and overlaps —
 * and, each when switched on, the factors (毛利 margin, 回款 collections, 预测准确率 forecast
 * accuracy): bands of a ratio, each multiplying the performance pay; sent only then.
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
        weigh_margin: false,
        margin: FACTOR_DEFAULTS.margin,
        weigh_collections: false,
        collections: FACTOR_DEFAULTS.collections,
        weigh_forecast_accuracy: false,
        forecast_accuracy: FACTOR_DEFAULTS.forecast_accuracy,
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
      {FACTORS.map((factor) => (
        <FactorSection key={factor} factor={factor} form={form} />
      ))}
    </CreateDrawer>
  );
}
