import { SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Divider, Flex, Form, Input, InputNumber, Row, Select, Switch, Typography } from 'antd';
import { useState } from 'react';
import { cashApi } from '../../api/cash';
import { ApiError } from '../../api/client';
import type { EmailSettings, EmailTestResult } from '../../api/types';
import { useI18n } from '../../i18n/useI18n';
import { problemMessage } from '../../lib/problem';
import { useErrorReporter } from '../../lib/useErrorReporter';
import { emailBody, type EmailValues } from './email';

const SECURITY = ['starttls', 'tls', 'none'] as const;

/**
 * The SMTP server reminders and notifications go out through. The password is never read
 * back: left empty it stays as saved. A test message says whether the server took it.
 */
export function EmailSettingsForm({ settings, onSaved }: { settings: EmailSettings; onSaved: (settings: EmailSettings) => void }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<EmailValues>();
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [to, setTo] = useState('');
  const [result, setResult] = useState<EmailTestResult | null>(null);
  const [passwordSet, setPasswordSet] = useState(settings.password_set);

  const save = async (v: EmailValues) => {
    setSaving(true);
    try {
      const saved = await cashApi.saveEmailSettings(emailBody(v));
      onSaved(saved);
      setPasswordSet(saved.password_set);
      form.setFieldsValue({ password: '', clear_password: false });
      void message.success(t('cash.settings.saved'));
    } catch (caught) {
      report(caught, { form });
    } finally {
      setSaving(false);
    }
  };

  const test = async () => {
    setTesting(true);
    setResult(null);
    try {
      setResult(await cashApi.testEmail(to.trim() || null));
    } catch (caught) {
      // Not set up yet, or a bad address: said where the result goes, in plain words.
      if (caught instanceof ApiError && (caught.status === 409 || caught.status === 422)) setResult({ sent: false, error: problemMessage(caught, t) });
      else report(caught);
    } finally {
      setTesting(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={save}
      initialValues={{ ...settings, port: settings.port || 587, password: '', clear_password: false }}
      data-testid="email-settings-form"
    >
      <Form.Item name="enabled" label={t('cash.email.enabled')} valuePropName="checked" extra={t('cash.email.enabledHelp')}>
        <Switch data-testid="email-enabled" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="host" label={t('cash.email.host')} rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('cash.email.host') }) }]}>
            <Input maxLength={255} placeholder="smtp.example.com" data-testid="email-host" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="port" label={t('cash.email.port')} rules={[{ required: true, message: t('validation.required', { field: t('cash.email.port') }) }]}>
            <InputNumber min={1} max={65535} precision={0} style={{ width: '100%' }} data-testid="email-port" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="security" label={t('cash.email.security')}>
            <Select options={SECURITY.map((s) => ({ value: s, label: tx(`cash.email.security.${s}`, s) }))} data-testid="email-security" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="username" label={t('cash.email.username')}>
            <Input maxLength={255} autoComplete="off" data-testid="email-username" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="password" label={t('cash.email.password')} extra={passwordSet ? t('cash.email.passwordKept') : t('cash.email.passwordNone')}>
            <Input.Password maxLength={255} autoComplete="new-password" placeholder={passwordSet ? '••••••••' : ''} data-testid="email-password" />
          </Form.Item>
          {passwordSet && (
            <Form.Item name="clear_password" valuePropName="checked" style={{ marginTop: -12 }}>
              <Switch size="small" checkedChildren={t('cash.email.clearPassword')} unCheckedChildren={t('cash.email.keepPassword')} />
            </Form.Item>
          )}
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="from_address"
            label={t('cash.email.fromAddress')}
            rules={[{ required: true, type: 'email', message: t('validation.email') }]}
          >
            <Input maxLength={255} placeholder="closer@example.com" data-testid="email-from" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="from_name" label={t('cash.email.fromName')}>
            <Input maxLength={100} data-testid="email-from-name" />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={saving} data-testid="email-save">
        {t('common.save')}
      </Button>
      <Divider />
      <Typography.Title level={5}>{t('cash.email.testTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('cash.email.testHint')}</Typography.Paragraph>
      <Flex gap={8} wrap>
        <Input value={to} onChange={(e) => setTo(e.target.value)} placeholder={t('cash.email.testTo')} style={{ flex: '1 1 220px', maxWidth: 360 }} data-testid="email-test-to" />
        <Button icon={<SendOutlined />} loading={testing} onClick={() => void test()} data-testid="email-test">
          {t('cash.email.test')}
        </Button>
      </Flex>
      {result && (
        <Alert
          style={{ marginTop: 12 }}
          type={result.sent ? 'success' : 'error'}
          showIcon
          data-testid="email-test-result"
          data-sent={result.sent}
          message={result.sent ? t('cash.email.testSent') : t('cash.email.testFailed')}
          description={result.error ?? undefined}
        />
      )}
    </Form>
  );
}
