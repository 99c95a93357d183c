import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, Empty, Form, Input, InputNumber, Modal, Row, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { leadsApi } from '../../api/leads';
import type { Campaign, CampaignInput } from '../../api/types';
import { useSession } from '../../auth/session';
import { useI18n } from '../../i18n/useI18n';
import { formatMoney } from '../../lib/format';
import { toMoneyAmount } from '../../lib/money';
import { useErrorReporter } from '../../lib/useErrorReporter';
import type { LeadLookups } from '../lookups';

interface Values {
  name: string;
  channel?: string;
  starts_on?: string;
  ends_on?: string;
  cost?: string | null;
}

/** Marketing campaigns leads can come from, with their cost (for ROI later). */
export function Campaigns({ lookups, editable }: { lookups: LeadLookups; editable: boolean }) {
  const { t, language } = useI18n();
  const { user } = useSession();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [adding, setAdding] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Values>();
  const currency = user.tenant.currency ?? 'CNY';

  const save = async (values: Values) => {
    const body: CampaignInput = { name: values.name.trim() };
    if (values.channel?.trim()) body.channel = values.channel.trim();
    if (values.starts_on) body.starts_on = values.starts_on;
    if (values.ends_on) body.ends_on = values.ends_on;
    const cost = toMoneyAmount(values.cost);
    if (cost) body.cost = { amount: cost, currency };
    setSaving(true);
    try {
      await leadsApi.createCampaign(body);
      lookups.reloadCampaigns();
      setAdding(false);
      void message.success(t('leadSettings.campaigns.created'));
    } catch (caught) {
      report(caught, { form });
    } finally {
      setSaving(false);
    }
  };

  const columns: ColumnsType<Campaign> = [
    { title: t('leadSettings.campaigns.name'), dataIndex: 'name', width: 220 },
    { title: t('leadSettings.campaigns.channel'), dataIndex: 'channel', width: 140, render: (v: string | null) => v ?? t('common.none') },
    {
      title: t('leadSettings.campaigns.period'),
      key: 'period',
      width: 220,
      render: (_, c) => (c.starts_on || c.ends_on ? `${c.starts_on ?? '…'} – ${c.ends_on ?? '…'}` : t('common.none')),
    },
    { title: t('leadSettings.campaigns.cost'), dataIndex: 'cost', width: 160, render: (cost: Campaign['cost']) => formatMoney(cost, language) },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('leadSettings.campaigns.explain')}
      </Typography.Paragraph>
      {editable && (
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="campaign-new">
          {t('leadSettings.campaigns.new')}
        </Button>
      )}
      <Table<Campaign>
        rowKey="id"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={lookups.campaigns}
        scroll={{ x: 740 }}
        locale={{ emptyText: <Empty description={t('leadSettings.campaigns.empty')} /> }}
        data-testid="campaigns-table"
      />
      <Modal
        title={t('leadSettings.campaigns.new')}
        open={adding}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={save} preserve={false}>
          <Form.Item name="name" label={t('leadSettings.campaigns.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input maxLength={200} data-testid="campaign-name" />
          </Form.Item>
          <Form.Item name="channel" label={t('leadSettings.campaigns.channel')} extra={t('leadSettings.campaigns.channelHelp')}>
            <Input maxLength={60} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="starts_on" label={t('leadSettings.campaigns.startsOn')}>
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="ends_on" label={t('leadSettings.campaigns.endsOn')}>
                <Input type="date" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="cost" label={t('leadSettings.campaigns.costIn', { currency })}>
            <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} prefix={currency === 'CNY' ? '¥' : undefined} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
