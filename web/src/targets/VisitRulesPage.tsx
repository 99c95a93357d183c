import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Grid, Input, InputNumber, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useCallback, useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import { targetsApi, VISIT_COUNTS, type VisitCounts, type VisitRule } from '../api/targets';
import { CreateDrawer } from '../components/CreateDrawer';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { problemMessage } from '../lib/problem';
import { useLoader } from '../lib/useLoader';
import './targets.css';

interface RuleValues {
  name: string;
  per_week: number;
  counts: VisitCounts;
  department_id?: string | null;
  role_id?: string | null;
}

/**
 * Visit rules (拜访规则): how many visits a week each rep owes — new customers, distinct
 * customers or any visits — for everyone, a department or a role. Each rule becomes every
 * matching rep's weekly visit task on their Today page.
 */
export function VisitRulesPage() {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const rules = useLoader(useCallback(() => targetsApi.visitRules(), []));
  const lookups = useLoader(useCallback(() => Promise.all([api.departments().catch(() => []), api.roles().catch(() => [])]), []));
  const [departments, roles] = lookups.data ?? [[], []];
  const departmentName = (id: string | null) => (id ? (departments.find((d) => d.id === id)?.name ?? '—') : null);
  const roleName = (id: string | null) => {
    const role = id ? roles.find((r) => r.id === id) : undefined;
    return role ? tx(`role.${role.key}`, role.name) : null;
  };
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<RuleValues>();

  const remove = async (rule: VisitRule) => {
    try {
      await targetsApi.deleteVisitRule(rule.id);
      rules.setData((previous) => (previous ?? []).filter((r) => r.id !== rule.id));
      void message.success(t('visits.rules.deleted'));
    } catch (error) {
      void message.error(problemMessage(error, t));
    }
  };

  const save = async (values: RuleValues) => {
    const rule = await targetsApi.createVisitRule({
      name: values.name.trim(),
      per_week: values.per_week,
      counts: values.counts,
      department_id: values.department_id || null,
      role_id: values.role_id || null,
    });
    rules.setData((previous) => [...(previous ?? []), rule]);
    void message.success(t('visits.rules.added'));
    setAdding(false);
  };

  const columns: ColumnsType<VisitRule> = [
    {
      title: t('visits.rules.name'),
      render: (_, rule) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong data-testid="visit-rule-name">
            {rule.name}
          </Typography.Text>
          {phone && (
            <div className="closer-target-meta">
              {t('visits.rules.perWeekN', { n: rule.per_week })} · {t(`visits.counts.${rule.counts}`)}
            </div>
          )}
        </div>
      ),
    },
    ...(phone
      ? []
      : ([
          { title: t('visits.rules.perWeek'), width: 110, align: 'right', render: (_: unknown, rule: VisitRule) => rule.per_week },
          { title: t('visits.rules.counts'), width: 170, render: (_: unknown, rule: VisitRule) => t(`visits.counts.${rule.counts}`) },
        ] as ColumnsType<VisitRule>)),
    {
      title: t('visits.rules.appliesTo'),
      render: (_, rule) => {
        const parts = [departmentName(rule.department_id), roleName(rule.role_id)].filter(Boolean);
        return parts.length === 0 ? <Tag bordered={false}>{t('visits.rules.everyone')}</Tag> : parts.map((p) => <Tag key={p} bordered={false}>{p}</Tag>);
      },
    },
    {
      key: 'actions',
      width: 56,
      render: (_, rule) => (
        <Popconfirm title={t('visits.rules.deleteConfirm', { name: rule.name })} onConfirm={() => void remove(rule)} okText={t('common.delete')} cancelText={t('common.cancel')}>
          <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} data-testid="visit-rule-delete" />
        </Popconfirm>
      ),
    },
  ];

  return (
    <div className="closer-page" data-testid="visit-rules-page">
      <Link to="/targets" className="closer-back-link">
        <ArrowLeftOutlined /> {t('targets.back')}
      </Link>
      <PageHeader
        title={t('visits.rules.title')}
        subtitle={t('visits.rules.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="visit-rule-add">
            {t('visits.rules.add')}
          </Button>
        }
      />
      {rules.error && !rules.data ? (
        <LoadError error={rules.error} onRetry={rules.reload} />
      ) : (
        <Card size="small">
          <Table<VisitRule>
            rowKey="id"
            size="small"
            loading={rules.loading && !rules.data}
            columns={columns}
            dataSource={rules.data ?? []}
            pagination={false}
            onRow={(rule) => ({ 'data-testid': 'visit-rule-row', 'data-id': rule.id }) as HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <Empty description={t('visits.rules.empty')} /> }}
          />
        </Card>
      )}
      <CreateDrawer<RuleValues>
        open={adding}
        title={t('visits.rules.add')}
        width={440}
        testId="visit-rule-drawer"
        form={form}
        onSave={save}
        onClose={() => setAdding(false)}
        submitTestId="visit-rule-save"
        initialValues={{ per_week: 5, counts: 'visits' }}
      >
        <Form.Item name="name" label={t('visits.rules.name')} rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('visits.rules.name') }) }]}>
          <Input maxLength={200} placeholder={t('visits.rules.namePlaceholder')} data-testid="visit-rule-name-input" />
        </Form.Item>
        <Form.Item name="per_week" label={t('visits.rules.perWeek')} rules={[{ required: true }]}>
          <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} data-testid="visit-rule-per-week" />
        </Form.Item>
        <Form.Item name="counts" label={t('visits.rules.counts')} rules={[{ required: true }]}>
          <Select data-testid="visit-rule-counts" options={VISIT_COUNTS.map((c) => ({ value: c, label: t(`visits.counts.${c}`) }))} />
        </Form.Item>
        <Form.Item name="department_id" label={t('visits.rules.department')} extra={t('visits.rules.departmentHint')}>
          <Select allowClear showSearch optionFilterProp="label" placeholder={t('visits.rules.everyone')} options={departments.map((d) => ({ value: d.id, label: d.name }))} data-testid="visit-rule-department" />
        </Form.Item>
        <Form.Item name="role_id" label={t('visits.rules.role')}>
          <Select allowClear placeholder={t('visits.rules.anyRole')} options={roles.map((r) => ({ value: r.id, label: tx(`role.${r.key}`, r.name) }))} data-testid="visit-rule-role" />
        </Form.Item>
      </CreateDrawer>
    </div>
  );
}
