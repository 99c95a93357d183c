import { LockOutlined, MailOutlined, ShopOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../api/client';
import type { LoginRequest } from '../api/types';
import type { SignedIn } from '../auth/session';
import { Brand } from '../components/Brand';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useI18n } from '../i18n/useI18n';
import { applyFieldProblems } from '../lib/formProblems';
import { problemMessage } from '../lib/problem';

const TENANT_KEY = 'closer.tenant';

function rememberedTenant(): string {
  try {
    return localStorage.getItem(TENANT_KEY) ?? '';
  } catch {
    return '';
  }
}

export function SignInPage({ onSignedIn, notice }: { onSignedIn: SignedIn; notice?: string }) {
  const { t } = useI18n();
  const [form] = Form.useForm<LoginRequest>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: LoginRequest) => {
    setBusy(true);
    setError(null);
    const request = { ...values, tenant: values.tenant.trim(), email: values.email.trim() };
    try {
      const session = await api.login(request);
      try {
        localStorage.setItem(TENANT_KEY, request.tenant);
      } catch {
        // remembering the tenant is a convenience only
      }
      onSignedIn(session);
    } catch (caught) {
      applyFieldProblems(form, caught);
      if (caught instanceof ApiError && caught.status === 401) {
        setError(caught.problem.detail ?? t('signin.failed'));
      } else if (caught instanceof ApiError && caught.status === 429) {
        setError(caught.problem.detail ?? t('signin.throttled'));
      } else {
        setError(problemMessage(caught, t));
      }
      setBusy(false);
    }
  };

  return (
    <div className="closer-signin">
      <div className="closer-signin__lang">
        <LanguageSwitch />
      </div>
      <Card className="closer-signin__card" variant="borderless">
        <div className="closer-signin__head">
          <Brand />
          <Typography.Title level={3} style={{ marginTop: 16, marginBottom: 4 }}>
            {t('signin.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('signin.subtitle')}
          </Typography.Paragraph>
        </div>
        {notice && !error && (
          <Alert type="info" showIcon message={notice} style={{ marginBottom: 16 }} />
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            message={error}
            style={{ marginBottom: 16 }}
            data-testid="signin-error"
            role="alert"
          />
        )}
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ tenant: rememberedTenant(), email: '', password: '' }}
          onFinish={submit}
          disabled={busy}
          size="large"
        >
          <Form.Item
            name="tenant"
            label={t('signin.tenant')}
            rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('signin.tenant') }) }]}
          >
            <Input
              prefix={<ShopOutlined />}
              placeholder={t('signin.tenantPlaceholder')}
              autoComplete="organization"
              autoCapitalize="none"
            />
          </Form.Item>
          <Form.Item
            name="email"
            label={t('signin.email')}
            rules={[
              { required: true, whitespace: true, message: t('validation.required', { field: t('signin.email') }) },
              { type: 'email', message: t('validation.email') },
            ]}
          >
            <Input
              prefix={<MailOutlined />}
              placeholder={t('signin.emailPlaceholder')}
              autoComplete="username"
              inputMode="email"
              autoCapitalize="none"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('signin.password')}
            rules={[{ required: true, message: t('validation.required', { field: t('signin.password') }) }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="signin-submit">
            {t('signin.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" className="closer-signin__pillars">
          {t('signin.pillars')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
