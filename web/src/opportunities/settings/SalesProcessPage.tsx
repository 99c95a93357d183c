import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, InfoCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Space, Spin, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { opportunitiesApi } from '../../api/opportunities';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/useI18n';
import { applyFieldProblems, type FieldPath } from '../../lib/formProblems';
import { problemMessage } from '../../lib/problem';
import { useProcess } from '../lookups';
import { brokenRule, canSwap, newStageIndex, processBody, regroupIndex, stageKeys, type ProcessValues, type StageValues } from './processForm';
import './salesProcess.css';

/**
 * Keys are never typed, so a problem the server finds with one belongs to the name it was
 * made from: a stage's key to its name, a task's key to its label.
 */
function keyToName(path: FieldPath): FieldPath {
  if (path[0] !== 'stages' || path[path.length - 1] !== 'key') return path;
  return [...path.slice(0, -1), path.length > 3 ? 'label' : 'name'];
}

/** The sales process (admins): ordered stages, their win rates and checklists. */
export function SalesProcessPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { process, stages, error, reload } = useProcess();
  const [form] = Form.useForm<ProcessValues>();
  const [saving, setSaving] = useState(false);
  const [formProblems, setFormProblems] = useState<string[]>([]);
  const watched = Form.useWatch('stages', form) as StageValues[] | undefined;

  // The keys the process had: a new stage or task never takes one over.
  const reserved = useMemo(
    () => ({
      stages: stages.map((s) => s.key),
      tasks: (key: string) => (stages.find((s) => s.key === key)?.tasks ?? []).map((task) => task.key),
    }),
    [stages],
  );
  const keys = useMemo(() => stageKeys(watched ?? [], reserved.stages), [watched, reserved]);

  useEffect(() => {
    if (!process) return;
    form.resetFields();
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
    try {
      await form.validateFields();
    } catch {
      // The problems are on their fields already; bring the first into view.
      const first = form.getFieldsError().find((field) => field.errors.length > 0);
      if (first) form.scrollToField(first.name, { block: 'center' });
      return;
    }
    const body = processBody(form.getFieldsValue(true) as ProcessValues, reserved);
    setSaving(true);
    try {
      await opportunitiesApi.updateProcess(process.id, body);
      void message.success(t('opps.process.saved'));
      reload();
    } catch (caught) {
      const sent = (form.getFieldValue('stages') as StageValues[] | undefined) ?? [];
      const rest = applyFieldProblems(form, caught, {
        rename: keyToName,
        explain: (problem, path) => {
          const rule = brokenRule(path, problem.code, sent);
          return rule && t(`opps.process.rule.${rule}`);
        },
      });
      const first = form.getFieldsError().find((field) => field.errors.length > 0);
      if (first) form.scrollToField(first.name, { block: 'center' });
      setFormProblems(rest.length > 0 || !first ? [problemMessage(caught, t), ...rest.map((p) => p.message)] : []);
    } finally {
      setSaving(false);
    }
  };

  const required = (field: string) => ({ required: true, whitespace: true, message: t('validation.required', { field }) });

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
        <Form.Item name="name" label={t('opps.process.name')} rules={[required(t('opps.process.name'))]} style={{ maxWidth: 360 }}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.List name="stages">
          {(fields, { add, remove, move }) => {
            const current = (): StageValues[] => (form.getFieldValue('stages') as StageValues[] | undefined) ?? [];
            // A stage marked won or lost joins the closed ones at the end, and back.
            const regroup = (index: number) => {
              const target = regroupIndex(current(), index);
              if (target !== index) move(index, target);
            };
            return (
              <Flex vertical gap={12}>
                {fields.map((field, index) => {
                  const values = watched?.[index];
                  const kept = Boolean(values?.key);
                  return (
                    <Card
                      key={field.key}
                      size="small"
                      data-testid="process-stage"
                      data-stage-key={keys[index]}
                      title={t('opps.process.stageN', { n: index + 1 })}
                      extra={
                        <Space size={4}>
                          <Button
                            size="small"
                            icon={<ArrowUpOutlined />}
                            disabled={!canSwap(watched ?? [], index, index - 1)}
                            onClick={() => move(index, index - 1)}
                            aria-label={t('opps.process.moveUp')}
                            data-testid={`process-up-${index}`}
                          />
                          <Button
                            size="small"
                            icon={<ArrowDownOutlined />}
                            disabled={!canSwap(watched ?? [], index, index + 1)}
                            onClick={() => move(index, index + 1)}
                            aria-label={t('opps.process.moveDown')}
                            data-testid={`process-down-${index}`}
                          />
                          <Button size="small" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('opps.process.removeStage')} />
                        </Space>
                      }
                    >
                      <Flex gap={8} wrap>
                        <Form.Item name={[field.name, 'name']} label={t('opps.process.stageName')} rules={[required(t('opps.process.stageName'))]} style={{ flex: '1 1 140px' }}>
                          <Input maxLength={100} data-testid={`process-name-${index}`} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'name_en']} label={t('opps.process.stageNameEn')} style={{ flex: '1 1 140px' }}>
                          <Input maxLength={100} data-testid={`process-name-en-${index}`} />
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'win_rate']}
                          label={t('opps.field.win_rate')}
                          rules={[
                            { required: true, message: t('validation.required', { field: t('opps.field.win_rate') }) },
                            { type: 'number', min: 0, max: 100, message: t('opps.process.winRateRange') },
                          ]}
                          style={{ flex: '0 1 120px' }}
                        >
                          <InputNumber addonAfter="%" style={{ width: '100%' }} data-testid={`process-win-rate-${index}`} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'is_won']} valuePropName="checked" label=" " style={{ flex: '0 0 auto' }}>
                          <Checkbox onChange={() => regroup(index)} data-testid={`process-won-${index}`}>
                            {t('opps.process.isWon')}
                          </Checkbox>
                        </Form.Item>
                        <Form.Item name={[field.name, 'is_lost']} valuePropName="checked" label=" " style={{ flex: '0 0 auto' }}>
                          <Checkbox onChange={() => regroup(index)} data-testid={`process-lost-${index}`}>
                            {t('opps.process.isLost')}
                          </Checkbox>
                        </Form.Item>
                      </Flex>
                      <Typography.Text type="secondary" className="closer-process-key" data-testid={`process-key-${index}`}>
                        {kept ? t('opps.process.keyKept', { key: keys[index] ?? '' }) : t('opps.process.keyNew', { key: keys[index] ?? '' })}{' '}
                        <Tooltip title={t('opps.process.keyHelp')}>
                          <InfoCircleOutlined aria-label={t('opps.process.keyHelp')} />
                        </Tooltip>
                      </Typography.Text>
                      <div className="closer-process-checklist" data-testid={`process-checklist-${index}`}>
                        <Typography.Text strong className="closer-process-checklist__label">
                          {t('opps.process.checklist')}
                        </Typography.Text>
                        <Form.List name={[field.name, 'tasks']}>
                          {(tasks, taskOps) => (
                            <>
                              {tasks.map((task) => (
                                <Flex key={task.key} gap={8} wrap align="flex-start">
                                  <Form.Item
                                    name={[task.name, 'label']}
                                    rules={[required(t('opps.process.taskLabel'))]}
                                    style={{ flex: '1 1 220px', marginBottom: 0 }}
                                  >
                                    <Input placeholder={t('opps.process.taskLabel')} maxLength={200} />
                                  </Form.Item>
                                  <Form.Item name={[task.name, 'required']} valuePropName="checked" style={{ marginBottom: 0 }}>
                                    <Checkbox>{t('opps.task.required')}</Checkbox>
                                  </Form.Item>
                                  <Button type="text" icon={<DeleteOutlined />} onClick={() => taskOps.remove(task.name)} aria-label={t('opps.process.removeTask')} />
                                </Flex>
                              ))}
                              <Button
                                size="small"
                                type="dashed"
                                icon={<PlusOutlined />}
                                onClick={() => taskOps.add({ required: false })}
                                className="closer-process-checklist__add"
                                data-testid={`process-add-task-${index}`}
                              >
                                {t('opps.process.addTask')}
                              </Button>
                            </>
                          )}
                        </Form.List>
                      </div>
                    </Card>
                  );
                })}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ win_rate: 0, tasks: [] }, newStageIndex(current()))} data-testid="process-add-stage">
                  {t('opps.process.addStage')}
                </Button>
                <Typography.Text type="secondary">{t('opps.process.addStageHint')}</Typography.Text>
              </Flex>
            );
          }}
        </Form.List>
      </Form>
    </div>
  );
}
