import { Button, Drawer, Form, Grid, Result, Skeleton, Space, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n';
import { useErrorReporter, type ReportOptions } from '../lib/useErrorReporter';

/** What the drawer shows once the record is made, in place of the form. */
export interface CreatedStep {
  testId: string;
  title: string;
  /** The record's name. */
  name: string;
  /** Said below, e.g. the similar records the server found. */
  details?: ReactNode;
  openText: string;
  openTestId: string;
  onOpen: () => void;
}

interface Props<V> {
  open?: boolean;
  title: string;
  /** On a desk; a phone gets its whole width. */
  width: number;
  testId: string;
  form: FormInstance<V>;
  /** Saves the form's values; what a failure says goes through `report`. */
  onSave: (values: V) => Promise<void>;
  /** How a failed save is shown (default: the usual reporter): field problems beside their fields. */
  report?: (error: unknown, options: ReportOptions) => void;
  onClose: () => void;
  /** Default: "Create". */
  submitText?: string;
  submitTestId: string;
  /** What the form needs is still loading: a skeleton stands in for it. */
  loading?: boolean;
  /** The fields stay read-only while the record is being saved. */
  lockWhileSaving?: boolean;
  initialValues?: Partial<V>;
  formTestId?: string;
  /** After saving, when there is something to say before the record is opened. */
  created?: CreatedStep | null;
  /** The form's fields. */
  children: ReactNode;
}

/**
 * The drawer every "New …" form opens in: title, the form, Cancel and Create below it (busy
 * while saving), and the server's field problems beside their fields when saving fails.
 */
export function CreateDrawer<V>({
  open = true,
  title,
  width,
  testId,
  form,
  onSave,
  report,
  onClose,
  submitText,
  submitTestId,
  loading,
  lockWhileSaving,
  initialValues,
  formTestId,
  created,
  children,
}: Props<V>) {
  const { t } = useI18n();
  const reportError = useErrorReporter();
  const phone = Grid.useBreakpoint().sm === false;
  const [saving, setSaving] = useState(false);

  const save = async (values: V) => {
    setSaving(true);
    try {
      await onSave(values);
    } catch (caught) {
      (report ?? reportError)(caught, { form });
    } finally {
      setSaving(false);
    }
  };

  const footer = created ? (
    <>
      <Button onClick={onClose}>{t('common.close')}</Button>
      <Button type="primary" onClick={created.onOpen} data-testid={created.openTestId}>
        {created.openText}
      </Button>
    </>
  ) : (
    <>
      <Button onClick={onClose}>{t('common.cancel')}</Button>
      <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid={submitTestId}>
        {submitText ?? t('common.create')}
      </Button>
    </>
  );

  return (
    <Drawer
      open={open}
      title={title}
      onClose={onClose}
      width={phone ? '100%' : width}
      destroyOnHidden
      data-testid={testId}
      footer={<Space style={{ width: '100%', justifyContent: 'flex-end' }}>{footer}</Space>}
    >
      {created ? (
        <div data-testid={created.testId}>
          <Result status="success" title={created.title} subTitle={created.name} style={{ padding: '16px 0' }} />
          {created.details}
        </div>
      ) : loading ? (
        <Skeleton active />
      ) : (
        <Form
          form={form}
          layout="vertical"
          onFinish={save}
          disabled={lockWhileSaving && saving}
          initialValues={initialValues}
          data-testid={formTestId}
        >
          {children}
        </Form>
      )}
    </Drawer>
  );
}
