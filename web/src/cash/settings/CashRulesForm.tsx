import { App, Button, Col, Form, InputNumber, Row } from 'antd';
import { useState } from 'react';
import { cashApi } from '../../api/cash';
import type { CashSettings } from '../../api/types';
import { useI18n } from '../../i18n/useI18n';
import { currencySymbol } from '../../lib/format';
import { useErrorReporter } from '../../lib/useErrorReporter';
import { moneyInput } from '../forms';

interface Values {
  write_off_tolerance?: string;
  remind_days_before?: number;
}

/** The write-off tolerance (a leftover this small is closed by a recorded write-off) and how early owners are reminded. */
export function CashRulesForm({ settings, onSaved }: { settings: CashSettings; onSaved: (settings: CashSettings) => void }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const currency = settings.write_off_tolerance.currency;

  const save = async (v: Values) => {
    setSaving(true);
    try {
      const saved = await cashApi.saveSettings({ write_off_tolerance: moneyInput(v.write_off_tolerance, currency), remind_days_before: v.remind_days_before ?? 0 });
      onSaved(saved);
      void message.success(t('cash.settings.saved'));
    } catch (caught) {
      report(caught, { form });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={save}
      initialValues={{ write_off_tolerance: settings.write_off_tolerance.amount, remind_days_before: settings.remind_days_before }}
      data-testid="cash-rules-form"
    >
      <Row gutter={16}>
        <Col xs={24} sm={12} lg={8}>
          <Form.Item
            name="write_off_tolerance"
            label={t('cash.settings.tolerance')}
            extra={t('cash.settings.toleranceHelp')}
            rules={[{ required: true, message: t('validation.required', { field: t('cash.settings.tolerance') }) }]}
          >
            <InputNumber stringMode min="0" precision={2} prefix={currencySymbol(currency, language)} style={{ width: '100%' }} data-testid="cash-tolerance" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={8}>
          <Form.Item
            name="remind_days_before"
            label={t('cash.settings.remindDays')}
            extra={t('cash.settings.remindDaysHelp')}
            rules={[{ required: true, message: t('validation.required', { field: t('cash.settings.remindDays') }) }]}
          >
            <InputNumber min={0} max={365} precision={0} suffix={t('leadSettings.unit.days')} style={{ width: '100%' }} data-testid="cash-remind-days" />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={saving} data-testid="cash-rules-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}
