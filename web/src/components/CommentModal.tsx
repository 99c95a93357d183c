import { Form, Input, Modal, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n/useI18n';

interface Props {
  open: boolean;
  title: string;
  label: string;
  /** Must be filled in before OK. */
  required?: boolean;
  okText: string;
  danger?: boolean;
  testId: string;
  /** Resolves once done (the modal closes); a failure keeps it open with what was typed. */
  onSubmit: (comment: string) => Promise<void>;
  onClose: () => void;
}

/** A short text asked for before an action: a comment on a decision, the reason for a termination. */
export function CommentModal({ open, title, label, required, okText, danger, testId, onSubmit, onClose }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ comment?: string }>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    let comment: string | undefined;
    try {
      ({ comment } = await form.validateFields());
    } catch {
      return; // the form shows what is missing
    }
    setBusy(true);
    try {
      await onSubmit(comment?.trim() ?? '');
    } catch {
      // The caller has said what went wrong; what was typed stays.
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ danger, loading: busy, size: 'large', 'data-testid': `${testId}-ok` } as ButtonProps}
      cancelButtonProps={{ size: 'large' }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid={testId}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="comment"
          label={label}
          rules={required ? [{ required: true, whitespace: true, message: t('validation.required', { field: label }) }] : []}
        >
          <Input.TextArea rows={3} maxLength={2000} autoFocus data-testid={`${testId}-text`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
