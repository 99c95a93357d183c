import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { opportunitiesApi } from '../../api/opportunities';
import type { ProcessInput } from '../../api/types';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/useI18n';
import { applyFieldProblems } from '../../lib/formProblems';
import { problemMessage } from '../../lib/problem';
import { useProcess } from '../lookups';

interface TaskValues {
  key: string;
  label: string;
  required?: boolean;
}

interface StageValues {
  key: string;
  name: string;
  name_en?: string;
  win_rate: number;
  is_won?: boolean;
  is_lost?: boolean;
  tasks?: TaskValues[];
}

interface Values {
  name: string;
  stages: StageValues[];
}

/** The sales process (admins): ordered stages, their win rates and checklists. */
export function SalesProcessPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { process, stages, error, reload } = useProcess();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formProblems, setFormProblems] = useState<string[]>([]);

  useEffect(() => {
    if (!process) return;
    form.setFieldsValue({
      name: process.name,
      stages: stages.map((s) => ({
        key: s.key,
        name: s.name,
        name_en: s.name_en,
        win_rate: Number(s.win_rate),
        is_won: s.is_won,
        is_lost: s.is_lost,
        tasks: s.tasks.map((task) => ({ ...task })),
      })),
    });
  }, [process, stages, form]);

  if (error && !process) return <LoadError error={error} onRetry={reload} />;
  if (!process) return <Spin />;

  const save = async () => {
    setFormProblems([]);
    const values = await form.validateFields();
    const body: ProcessInput = {
      name: values.name,
      stages: values.stages.map((s) => ({
        key: s.key,
        name: s.name,
        name_en: s.name_en || null,
        win_rate: String(s.win_rate),
        is_won: Boolean(s.is_won),
        is_lost: Boolean(s.is_lost),
        tasks: (s.tasks ?? []).map((task) => ({ key: task.key, label: task.label, required: Boolean(task.required) })),
      })),
    };
    setSaving(true);
    try {
      await opportunitiesApi.updateProcess(process.id, body);
      message.success(t('opps.process.saved'));
      reload();
    } catch (caught) {
      const problems = caught instanceof ApiError ? (caught.problem.errors ?? []) : [];
      const rest = applyFieldProblems(form, caught);
      const onFields = problems.length - rest.length;
      setFormProblems(rest.length > 0 || onFields === 0 ? [problemMessage(caught, t), ...rest.map((p) => p.message)] : []);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="closer-page" data-testid="sales-process-page">
      <PageHeader
        title={t('opps.process.title')}
        subtitle={t('opps.process.subtitle')}
        extra={
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="process-save">
            {t('common.save')}
          </Button>
        }
      />
      {formProblems.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={formProblems.join(' ')} data-testid="process-problem" />}
      <Form form={form} layout="vertical">
        <Form.Item name="name" label={t('opps.process.name')} rules={[{ required: true, whitespace: true }]} style={{ maxWidth: 360 }}>
          <Input />
        </Form.Item>
        <Form.List name="stages">
          {(fields, { add, remove, move }) => (
            <Flex vertical gap={12}>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  title={t('opps.process.stageN', { n: index + 1 })}
                  extra={
                    <Space>
                      <Button size="small" disabled={index === 0} onClick={() => move(index, index - 1)}>
                        ↑
                      </Button>
                      <Button size="small" disabled={index === fields.length - 1} onClick={() => move(index, index + 1)}>
                        ↓
                      </Button>
                      <Button size="small" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('opps.process.removeStage')} />
                    </Space>
                  }
                >
                  <Flex gap={8} wrap>
                    <Form.Item name={[field.name, 'key']} label={t('opps.process.key')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]*$/, message: t('opps.process.keyRule') }]} style={{ flex: '1 1 140px' }}>
                      <Input />
                    </Form.Item>
                    <Form.Item name={[field.name, 'name']} label={t('opps.process.stageName')} rules={[{ required: true, whitespace: true }]} style={{ flex: '1 1 140px' }}>
                      <Input />
                    </Form.Item>
                    <Form.Item name={[field.name, 'name_en']} label={t('opps.process.stageNameEn')} style={{ flex: '1 1 140px' }}>
                      <Input />
                    </Form.Item>
                    <Form.Item name={[field.name, 'win_rate']} label={t('opps.field.win_rate')} rules={[{ required: true }]} style={{ flex: '0 1 110px' }}>
                      <InputNumber addonAfter="%" style={{ width: '100%' }} data-testid={`process-win-rate-${index}`} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'is_won']} valuePropName="checked" label=" " style={{ flex: '0 0 auto' }}>
                      <Checkbox>{t('opps.process.isWon')}</Checkbox>
                    </Form.Item>
                    <Form.Item name={[field.name, 'is_lost']} valuePropName="checked" label=" " style={{ flex: '0 0 auto' }}>
                      <Checkbox>{t('opps.process.isLost')}</Checkbox>
                    </Form.Item>
                  </Flex>
                  <Typography.Text type="secondary">{t('opps.process.checklist')}</Typography.Text>
                  <Form.List name={[field.name, 'tasks']}>
                    {(tasks, taskOps) => (
                      <>
                        {tasks.map((task) => (
                          <Flex key={task.key} gap={8} wrap align="flex-start">
                            <Form.Item name={[task.name, 'key']} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]*$/, message: t('opps.process.keyRule') }]} style={{ flex: '0 1 160px', marginBottom: 8 }}>
                              <Input placeholder={t('opps.process.key')} />
                            </Form.Item>
                            <Form.Item name={[task.name, 'label']} rules={[{ required: true, whitespace: true }]} style={{ flex: '1 1 220px', marginBottom: 8 }}>
                              <Input placeholder={t('opps.process.taskLabel')} />
                            </Form.Item>
                            <Form.Item name={[task.name, 'required']} valuePropName="checked" style={{ marginBottom: 8 }}>
                              <Checkbox>{t('opps.task.required')}</Checkbox>
                            </Form.Item>
                            <Button type="text" icon={<DeleteOutlined />} onClick={() => taskOps.remove(task.name)} aria-label={t('opps.process.removeTask')} />
                          </Flex>
                        ))}
                        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => taskOps.add({ required: false })} style={{ marginTop: 4 }}>
                          {t('opps.process.addTask')}
                        </Button>
                      </>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ win_rate: 0, tasks: [] })}>
                {t('opps.process.addStage')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </div>
  );
}
