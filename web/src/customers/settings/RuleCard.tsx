import { DeleteOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Input, InputNumber, Row, Select, Typography, type FormInstance } from 'antd';
import type { ConditionKind } from '../../api/freeform';
import type { MessageKey } from '../../i18n/messages';
import { useI18n } from '../../i18n/useI18n';
import { amountToMinor } from '../../lib/money';
import { CUSTOMER_SOURCES } from '../CustomerFormFields';
import { useCustomerLabels } from '../labels';
import { SIZE_TIERS } from '../query';
import { INDUSTRIES, PROVINCES } from '../suggestions';
import {
  CONDITION_KINDS,
  defaultCondition,
  isMoneyCondition,
  NUMBER_FIELDS,
  TEXT_FIELDS,
  type ConditionValues,
  type ModelValues,
} from './scoringForm';

/** The unit a bound is counted in, per condition. */
function unitOf(condition: ConditionValues | undefined): MessageKey {
  if (isMoneyCondition(condition)) return 'scoring.unit.yuan';
  switch (condition?.kind) {
    case 'days_since_last_activity':
      return 'scoring.unit.days';
    case 'activities_in_last_days':
      return 'scoring.unit.activities';
    default:
      return condition?.field === 'employee_count' ? 'scoring.unit.people' : 'scoring.unit.none';
  }
}

/** One weighted rule: what it means, its points, and the condition a customer must meet. */
export function RuleCard({
  form,
  name,
  index,
  maxPoints,
  editable,
  onRemove,
}: {
  form: FormInstance<ModelValues>;
  name: number;
  index: number;
  maxPoints: number;
  editable: boolean;
  onRemove: () => void;
}) {
  const { t, language } = useI18n();
  const labels = useCustomerLabels();
  const condition = Form.useWatch(['rules', name, 'condition'], form) as ConditionValues | undefined;
  const weight = Form.useWatch(['rules', name, 'weight'], form) as number | null | undefined;
  const key = Form.useWatch(['rules', name, 'key'], form) as string | undefined;
  const kind = condition?.kind;
  const money = isMoneyCondition(condition);
  const share = maxPoints > 0 && weight ? Math.round((weight / maxPoints) * 100) : 0;
  const unit = t(unitOf(condition));

  const suggestions =
    condition?.field === 'industry'
      ? INDUSTRIES[language].map((v) => ({ value: v, label: v }))
      : condition?.field === 'province'
        ? PROVINCES.map((v) => ({ value: v, label: v }))
        : condition?.field === 'source'
          ? CUSTOMER_SOURCES.map((v) => ({ value: v, label: labels.source(v) }))
          : [];

  const moneyRule = {
    validator: (_: unknown, value: string | number | null | undefined) =>
      value === null || value === undefined || value === '' || amountToMinor(value) !== null
        ? Promise.resolve()
        : Promise.reject(new Error(t('customers.moneyInvalid'))),
  };
  const boundInput = (which: 'min' | 'max') =>
    money ? (
      <Input prefix="¥" inputMode="decimal" placeholder={t('scoring.noBound')} data-testid={`rule-${which}`} />
    ) : (
      <InputNumber min={0} precision={0} style={{ width: '100%' }} placeholder={t('scoring.noBound')} data-testid={`rule-${which}`} />
    );

  return (
    <Card size="small" className="closer-rule-card" data-testid="rule-card" data-key={key}>
      <Row gutter={12} align="top">
        <Col xs={24} md={12}>
          <Form.Item
            name={[name, 'label']}
            label={t('scoring.rule.label', { n: index + 1 })}
            rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('scoring.rule.labelField') }) }]}
          >
            <Input maxLength={100} data-testid="rule-label" />
          </Form.Item>
        </Col>
        <Col xs={14} md={7}>
          <Form.Item
            name={[name, 'weight']}
            label={t('scoring.rule.weight')}
            rules={[{ required: true, message: t('validation.required', { field: t('scoring.rule.weight') }) }]}
          >
            <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} data-testid="rule-weight" />
          </Form.Item>
        </Col>
        <Col xs={10} md={5} style={{ textAlign: 'end' }}>
          <Typography.Text type="secondary" className="closer-scoring-share" data-testid="rule-share">
            {t('scoring.rule.share', { share })}
          </Typography.Text>
          {editable && (
            <div>
              <Button
                danger
                type="text"
                icon={<DeleteOutlined />}
                onClick={onRemove}
                aria-label={t('scoring.rule.remove')}
                data-testid="rule-remove"
              >
                {t('scoring.rule.remove')}
              </Button>
            </div>
          )}
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={[name, 'condition', 'kind']} label={t('scoring.rule.kind')}>
            <Select<ConditionKind>
              options={CONDITION_KINDS.map((k) => ({ value: k, label: t(`scoring.kind.${k}`) }))}
              onChange={(next) => form.setFieldValue(['rules', name, 'condition'], defaultCondition(next))}
              popupMatchSelectWidth={false}
              data-testid="rule-kind"
            />
          </Form.Item>
        </Col>
        {(kind === 'field_in' || kind === 'number_between') && (
          <Col xs={24} md={6}>
            <Form.Item name={[name, 'condition', 'field']} label={t('scoring.rule.field')}>
              <Select
                options={(kind === 'field_in' ? TEXT_FIELDS : NUMBER_FIELDS).map((f) => ({
                  value: f,
                  label: t(`scoring.field.${f}`),
                }))}
                onChange={() => {
                  if (kind === 'field_in') form.setFieldValue(['rules', name, 'condition', 'values'], []);
                  else {
                    form.setFieldValue(['rules', name, 'condition', 'min'], null);
                    form.setFieldValue(['rules', name, 'condition', 'max'], null);
                  }
                }}
                data-testid="rule-field"
              />
            </Form.Item>
          </Col>
        )}
        {kind === 'field_in' && (
          <Col xs={24} md={10}>
            <Form.Item
              name={[name, 'condition', 'values']}
              label={t('scoring.rule.values')}
              extra={condition?.field === 'size_tier' ? undefined : t('scoring.rule.valuesHelp')}
              rules={[{ required: true, type: 'array', min: 1, message: t('scoring.rule.valuesRequired') }]}
            >
              {condition?.field === 'size_tier' ? (
                <Select mode="multiple" options={SIZE_TIERS.map((tier) => ({ value: tier, label: labels.sizeTier(tier) }))} data-testid="rule-values" />
              ) : (
                <Select mode="tags" options={suggestions} tokenSeparators={[',', '，']} data-testid="rule-values" />
              )}
            </Form.Item>
          </Col>
        )}
        {kind === 'activities_in_last_days' && (
          <Col xs={24} md={4}>
            <Form.Item
              name={[name, 'condition', 'days']}
              label={t('scoring.rule.days')}
              rules={[{ required: true, message: t('validation.required', { field: t('scoring.rule.days') }) }]}
            >
              <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} data-testid="rule-days" />
            </Form.Item>
          </Col>
        )}
        {kind && kind !== 'field_in' && (
          <>
            <Col xs={12} md={kind === 'activities_in_last_days' ? 6 : 8}>
              <Form.Item
                name={[name, 'condition', 'min']}
                label={t('scoring.rule.min', { unit })}
                rules={money ? [moneyRule] : undefined}
              >
                {boundInput('min')}
              </Form.Item>
            </Col>
            <Col xs={12} md={kind === 'activities_in_last_days' ? 6 : 8}>
              <Form.Item
                name={[name, 'condition', 'max']}
                label={t('scoring.rule.max', { unit })}
                rules={money ? [moneyRule] : undefined}
              >
                {boundInput('max')}
              </Form.Item>
            </Col>
          </>
        )}
      </Row>
      <Typography.Text type="secondary" className="closer-rule-card__key">
        {t('scoring.rule.key', { key: key ?? '' })}
      </Typography.Text>
    </Card>
  );
}
