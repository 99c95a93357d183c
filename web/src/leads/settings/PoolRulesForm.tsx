import { App, Button, Col, Form, InputNumber, Row } from 'antd';
import { useState } from 'react';
import type { PoolSettings } from '../../api/freeform';
import { leadsApi } from '../../api/leads';
import type { LeadSettings } from '../../api/types';
import type { MessageKey } from '../../i18n/messages';
import { useI18n } from '../../i18n/useI18n';
import { applyFieldProblems, type FieldPath } from '../../lib/formProblems';
import { useErrorReporter } from '../../lib/useErrorReporter';

const FIELDS: { name: keyof PoolSettings; min: number; max: number; unit: 'days' | 'leads' }[] = [
  { name: 'recycle_days', min: 1, max: 365, unit: 'days' },
  { name: 'max_protect_days', min: 1, max: 3650, unit: 'days' },
  { name: 'warn_days', min: 0, max: 364, unit: 'days' },
  { name: 'cooldown_days', min: 0, max: 365, unit: 'days' },
  { name: 'daily_claims', min: 1, max: 100000, unit: 'leads' },
  { name: 'max_held', min: 1, max: 1000000, unit: 'leads' },
];

/** `pool.recycle_days` is the pool form's own `recycle_days`. */
const poolField = ([first, ...rest]: FieldPath): FieldPath | null => (first === 'pool' ? rest : null);

/** The pool's rules: recycling, protection, warning, cool-down and claim limits. */
export function PoolRulesForm({
  settings,
  editable,
  onSaved,
}: {
  settings: LeadSettings;
  editable: boolean;
  onSaved: (settings: LeadSettings) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<PoolSettings>();
  const [saving, setSaving] = useState(false);

  const save = async (pool: PoolSettings) => {
    setSaving(true);
    try {
      const saved = await leadsApi.updateSettings({ pool });
      onSaved(saved);
      void message.success(t('leadSettings.saved'));
    } catch (caught) {
      applyFieldProblems(form, caught, { rename: poolField });
      report(caught);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={settings.pool}
      onFinish={save}
      disabled={!editable}
      data-testid="pool-rules-form"
    >
      <Row gutter={16}>
        {FIELDS.map((field) => (
          <Col xs={24} sm={12} lg={8} key={field.name}>
            <Form.Item
              name={field.name}
              label={t(`leadSettings.pool.${field.name}` as MessageKey)}
              extra={t(`leadSettings.pool.${field.name}Help` as MessageKey)}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <InputNumber
                min={field.min}
                max={field.max}
                precision={0}
                style={{ width: '100%' }}
                suffix={t(field.unit === 'days' ? 'leadSettings.unit.days' : 'leadSettings.unit.leads')}
                data-testid={`pool-${field.name}`}
              />
            </Form.Item>
          </Col>
        ))}
      </Row>
      {editable && (
        <Button type="primary" htmlType="submit" loading={saving} data-testid="pool-rules-save">
          {t('common.save')}
        </Button>
      )}
    </Form>
  );
}
