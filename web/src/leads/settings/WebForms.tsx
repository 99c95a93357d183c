import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Form, Grid, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState } from 'react';
import { ApiError } from '../../api/client';
import { leadsApi } from '../../api/leads';
import type { CaptureForm, CaptureFormInput } from '../../api/types';
import { LoadError } from '../../components/LoadError';
import { useI18n } from '../../i18n/useI18n';
import { useErrorReporter } from '../../lib/useErrorReporter';
import { useLoader } from '../../lib/useLoader';
import type { LeadLookups } from '../lookups';
import { KNOWN_SOURCES, useSourceLabel } from '../status';

/** A capture URL as the browser should copy it: absolute, on this server. */
export function absoluteUrl(url: string, origin = window.location.origin): string {
  try {
    return new URL(url, origin).toString();
  } catch {
    return url;
  }
}

/** Public web forms: each has a URL that takes leads without signing in. */
export function WebForms({ lookups, editable }: { lookups: LeadLookups; editable: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const sourceLabel = useSourceLabel();
  const phone = Grid.useBreakpoint().md === false;
  const load = useCallback(() => leadsApi.captureForms(), []);
  const forms = useLoader(load);
  const [adding, setAdding] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<CaptureFormInput>();

  const save = async (values: CaptureFormInput) => {
    const body: CaptureFormInput = { name: values.name.trim() };
    if (values.source?.trim()) body.source = values.source.trim();
    if (values.campaign_id) body.campaign_id = values.campaign_id;
    setSaving(true);
    try {
      const created = await leadsApi.createCaptureForm(body);
      forms.setData((previous) => [...(previous ?? []), created]);
      setAdding(false);
      void message.success(t('leadSettings.forms.created'));
    } catch (caught) {
      report(caught, { form });
    } finally {
      setSaving(false);
    }
  };

  if (forms.error && forms.error instanceof ApiError && (forms.error.status === 404 || forms.error.status === 405)) {
    return <Alert type="info" showIcon message={t('leadSettings.forms.unavailable')} />;
  }
  if (forms.error && !forms.data) return <LoadError error={forms.error} onRetry={forms.reload} />;

  const url = (value: string) => (
    <Typography.Text copyable={{ text: absoluteUrl(value) }} code className="closer-capture-url" data-testid="capture-url">
      {absoluteUrl(value)}
    </Typography.Text>
  );

  // On a phone: the name and the URL to copy, which is what the list is for.
  const phoneColumns: ColumnsType<CaptureForm> = [
    {
      title: t('leadSettings.forms.name'),
      key: 'form',
      render: (_, form) => (
        <Space direction="vertical" size={2} style={{ minWidth: 0 }}>
          <Typography.Text strong>{form.name}</Typography.Text>
          {url(form.url)}
        </Space>
      ),
    },
  ];

  const columns: ColumnsType<CaptureForm> = [
    { title: t('leadSettings.forms.name'), dataIndex: 'name', width: 180 },
    { title: t('field.source'), dataIndex: 'source', width: 120, render: (s: string | null) => (s ? sourceLabel(s) : t('common.none')) },
    {
      title: t('field.campaign_id'),
      dataIndex: 'campaign_id',
      width: 160,
      render: (id: string | null) => lookups.campaignName(id) || t('common.none'),
    },
    {
      title: t('leadSettings.forms.active'),
      dataIndex: 'active',
      width: 90,
      render: (active: boolean) => (active ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>),
    },
    {
      title: t('leadSettings.forms.url'),
      dataIndex: 'url',
      render: (value: string) => url(value),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('leadSettings.forms.explain')}
      </Typography.Paragraph>
      {editable && (
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="capture-form-new">
          {t('leadSettings.forms.new')}
        </Button>
      )}
      <Table<CaptureForm>
        rowKey="form_key"
        size="small"
        pagination={false}
        loading={forms.loading}
        columns={phone ? phoneColumns : columns}
        dataSource={forms.data ?? []}
        scroll={phone ? undefined : { x: 860 }}
        locale={{ emptyText: <Empty description={t('leadSettings.forms.empty')} /> }}
        data-testid="capture-forms-table"
      />
      <Modal
        title={t('leadSettings.forms.new')}
        open={adding}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={save} preserve={false} initialValues={{ source: 'web_form' }}>
          <Form.Item name="name" label={t('leadSettings.forms.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input maxLength={200} data-testid="capture-form-name" />
          </Form.Item>
          <Form.Item name="source" label={t('field.source')}>
            <Select showSearch options={KNOWN_SOURCES.map((s) => ({ value: s, label: sourceLabel(s) }))} />
          </Form.Item>
          <Form.Item name="campaign_id" label={t('field.campaign_id')}>
            <Select allowClear optionFilterProp="label" options={lookups.campaigns.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
