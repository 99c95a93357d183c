import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState } from 'react';
import type { RuleConditions } from '../../api/freeform';
import { leadsApi } from '../../api/leads';
import type { AssignmentRule, AssignmentRuleInput } from '../../api/types';
import { LoadError } from '../../components/LoadError';
import { useI18n } from '../../i18n/useI18n';
import { useErrorReporter } from '../../lib/useErrorReporter';
import { useLoader } from '../../lib/useLoader';
import type { LeadLookups } from '../lookups';
import { KNOWN_SOURCES, useSourceLabel } from '../status';

interface Values {
  name: string;
  position?: number;
  active: boolean;
  provinces: string[];
  industries: string[];
  sources: string[];
  campaign_ids: string[];
  mode: 'user' | 'group';
  target_user_id?: string;
  group_user_ids: string[];
}

const EMPTY: RuleConditions = { provinces: [], industries: [], sources: [], campaign_ids: [] };

function valuesOf(rule: AssignmentRule | null): Partial<Values> {
  if (!rule) return { active: true, mode: 'user', provinces: [], industries: [], sources: [], campaign_ids: [], group_user_ids: [] };
  const c = { ...EMPTY, ...rule.conditions };
  return {
    name: rule.name,
    position: rule.position,
    active: rule.active,
    provinces: c.provinces,
    industries: c.industries,
    sources: c.sources,
    campaign_ids: c.campaign_ids,
    mode: rule.target_user_id ? 'user' : 'group',
    target_user_id: rule.target_user_id ?? undefined,
    group_user_ids: rule.group_user_ids,
  };
}

/** Form values → the rule's request: a named user or a round-robin group, never both. */
export function ruleInputOf(values: Values): AssignmentRuleInput {
  const clean = (list: string[] | undefined) => (list ?? []).map((v) => v.trim()).filter(Boolean);
  const input: AssignmentRuleInput = {
    name: values.name.trim(),
    active: values.active,
    conditions: {
      provinces: clean(values.provinces),
      industries: clean(values.industries),
      sources: clean(values.sources).map((s) => s.toLowerCase()),
      campaign_ids: values.campaign_ids ?? [],
    },
  };
  if (values.position !== undefined && values.position !== null) input.position = values.position;
  if (values.mode === 'user') input.target_user_id = values.target_user_id;
  else input.group_user_ids = values.group_user_ids;
  return input;
}

/** Ordered routing rules: conditions on province, industry, source, campaign → a rep or a group. */
export function AssignmentRules({ lookups, editable }: { lookups: LeadLookups; editable: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const sourceLabel = useSourceLabel();
  const load = useCallback(() => leadsApi.rules(), []);
  const rules = useLoader(load);
  const [editing, setEditing] = useState<AssignmentRule | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Values>();
  const mode = Form.useWatch('mode', form);

  const userOptions = lookups.activeUsers.map((u) => ({ value: u.id, label: u.name }));

  const save = async (values: Values) => {
    setSaving(true);
    try {
      const input = ruleInputOf(values);
      const saved =
        editing === 'new' || editing === null
          ? await leadsApi.createRule(input)
          : await leadsApi.updateRule(editing.id, input, editing.version);
      rules.setData((previous) => {
        const others = (previous ?? []).filter((r) => r.id !== saved.id);
        return [...others, saved].sort((a, b) => a.position - b.position);
      });
      setEditing(null);
      void message.success(t('leadSettings.rules.saved'));
    } catch (caught) {
      report(caught, { form, onStale: rules.reload });
    } finally {
      setSaving(false);
    }
  };

  const toggle = async (rule: AssignmentRule, active: boolean) => {
    try {
      const saved = await leadsApi.updateRule(rule.id, { active }, rule.version);
      rules.setData((previous) => (previous ?? []).map((r) => (r.id === saved.id ? saved : r)));
    } catch (caught) {
      report(caught, { onStale: rules.reload });
    }
  };

  const conditionTags = (rule: AssignmentRule) => {
    const c = { ...EMPTY, ...rule.conditions };
    const tags = [
      ...c.provinces.map((p) => ({ key: `p-${p}`, color: 'blue', text: p })),
      ...c.industries.map((i) => ({ key: `i-${i}`, color: 'purple', text: i })),
      ...c.sources.map((s) => ({ key: `s-${s}`, color: 'cyan', text: sourceLabel(s) })),
      ...c.campaign_ids.map((id) => ({ key: `c-${id}`, color: 'gold', text: lookups.campaignName(id) || id })),
    ];
    if (tags.length === 0) return <Typography.Text type="secondary">{t('leadSettings.rules.anyLead')}</Typography.Text>;
    return (
      <Space size={[4, 4]} wrap>
        {tags.map((tag) => (
          <Tag key={tag.key} color={tag.color} bordered={false}>
            {tag.text}
          </Tag>
        ))}
      </Space>
    );
  };

  const target = (rule: AssignmentRule) =>
    rule.target_user_id
      ? lookups.userName(rule.target_user_id)
      : t('leadSettings.rules.roundRobin', {
          names: rule.group_user_ids.map((id) => lookups.userName(id) || id).join(t('common.listSeparator')),
        });

  const columns: ColumnsType<AssignmentRule> = [
    { title: '#', dataIndex: 'position', width: 60 },
    { title: t('leadSettings.rules.name'), dataIndex: 'name', width: 180 },
    { title: t('leadSettings.rules.conditions'), key: 'conditions', render: (_, rule) => conditionTags(rule) },
    { title: t('leadSettings.rules.target'), key: 'target', width: 220, render: (_, rule) => target(rule) },
    {
      title: t('leadSettings.rules.active'),
      dataIndex: 'active',
      width: 90,
      render: (active: boolean, rule) => (
        <Switch size="small" checked={active} disabled={!editable} onChange={(next) => void toggle(rule, next)} />
      ),
    },
    ...(editable
      ? [
          {
            title: '',
            key: 'edit',
            width: 90,
            render: (_: unknown, rule: AssignmentRule) => (
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(rule)}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  if (rules.error && !rules.data) return <LoadError error={rules.error} onRetry={rules.reload} />;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('leadSettings.rules.explain')}
      </Typography.Paragraph>
      {editable && (
        <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="rule-new">
          {t('leadSettings.rules.new')}
        </Button>
      )}
      <Table<AssignmentRule>
        rowKey="id"
        size="small"
        pagination={false}
        loading={rules.loading}
        columns={columns}
        dataSource={rules.data ?? []}
        scroll={{ x: 760 }}
        locale={{ emptyText: <Empty description={t('leadSettings.rules.empty')} /> }}
        data-testid="rules-table"
      />
      <Modal
        title={editing === 'new' ? t('leadSettings.rules.new') : t('leadSettings.rules.edit')}
        open={editing !== null}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        destroyOnHidden
        width={640}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={save}
          initialValues={valuesOf(editing === 'new' ? null : editing)}
          preserve={false}
        >
          <Form.Item name="name" label={t('leadSettings.rules.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input maxLength={100} data-testid="rule-name" />
          </Form.Item>
          <Space size={24} wrap align="start">
            <Form.Item name="position" label={t('leadSettings.rules.position')} extra={t('leadSettings.rules.positionHelp')}>
              <InputNumber min={0} precision={0} />
            </Form.Item>
            <Form.Item name="active" label={t('leadSettings.rules.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('leadSettings.rules.when')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('leadSettings.rules.whenHelp')}</Typography.Paragraph>
          <Form.Item name="provinces" label={t('field.province')}>
            <Select mode="tags" tokenSeparators={[',', '，']} open={false} suffixIcon={null} placeholder={t('leadSettings.rules.tagsPlaceholder')} data-testid="rule-provinces" />
          </Form.Item>
          <Form.Item name="industries" label={t('field.industry')}>
            <Select mode="tags" tokenSeparators={[',', '，']} open={false} suffixIcon={null} placeholder={t('leadSettings.rules.tagsPlaceholder')} />
          </Form.Item>
          <Form.Item name="sources" label={t('field.source')}>
            <Select mode="tags" tokenSeparators={[',', '，']} options={KNOWN_SOURCES.map((s) => ({ value: s, label: sourceLabel(s) }))} />
          </Form.Item>
          <Form.Item name="campaign_ids" label={t('field.campaign_id')}>
            <Select mode="multiple" optionFilterProp="label" options={lookups.campaigns.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('leadSettings.rules.then')}
          </Typography.Title>
          <Form.Item name="mode">
            <Radio.Group
              options={[
                { value: 'user', label: t('leadSettings.rules.toUser') },
                { value: 'group', label: t('leadSettings.rules.toGroup') },
              ]}
            />
          </Form.Item>
          {(mode ?? 'user') === 'user' ? (
            <Form.Item name="target_user_id" label={t('leadSettings.rules.user')} rules={[{ required: true, message: t('validation.select') }]}>
              <Select showSearch optionFilterProp="label" options={userOptions} data-testid="rule-user" />
            </Form.Item>
          ) : (
            <Form.Item
              name="group_user_ids"
              label={t('leadSettings.rules.group')}
              extra={t('leadSettings.rules.groupHelp')}
              rules={[{ required: true, type: 'array', min: 1, message: t('validation.select') }]}
            >
              <Select mode="multiple" optionFilterProp="label" options={userOptions} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
