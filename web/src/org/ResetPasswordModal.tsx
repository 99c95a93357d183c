import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import type { User } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { useErrorReporter } from '../lib/useErrorReporter';

export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<{ password: string }>();
  const [busy, setBusy] = useState(false);

  const submit = async ({ password }: { password: string }) => {
    setBusy(true);
    try {
      await api.resetPassword(user.id, password);
      void message.success(t('users.passwordReset'));
      onClose();
    } catch (caught) {
      report(caught, { form });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('users.resetPasswordFor', { name: user.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} disabled={busy}>
        <Form.Item
          name="password"
          label={t('users.newPassword')}
          rules={[
            { required: true, message: t('validation.required', { field: t('users.newPassword') }) },
            { min: 8, message: t('validation.minLength', { min: 8 }) },
          ]}
        >
          <Input.Password autoComplete="new-password" autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
